package io.github.subnetsim;

/**
 * The canister's transform query, as Java: {@code (response, context) -> response}.
 *
 * <p>It runs once per replica on that replica's own response, as on the IC. To model the canister calling
 * {@code msg_reject}, throw {@link TransformRejectedException}; any other exception models a trap.
 * <pre>{@code
 * TransformFunction dropHeaders = (response, context) -> response.withHeaders(List.of());
 * }</pre>
 */
@FunctionalInterface
public interface TransformFunction {

	/**
	 * Transforms one replica's response; {@code context} is the transform context blob (never null).
	 *
	 * @param response the replica's response, as the adapter received it
	 * @param context the transform context blob
	 * @return the transformed response, which the replica's consensus share is computed from
	 */
	HttpResponse apply(HttpResponse response, byte[] context);
}
