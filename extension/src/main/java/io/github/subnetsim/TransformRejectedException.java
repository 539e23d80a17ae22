package io.github.subnetsim;

/**
 * Thrown by a {@link TransformFunction} to model the canister's transform calling {@code msg_reject}: the
 * replica's outcome becomes {@code CanisterReject} with this message, verbatim.
 *
 * <pre>{@code
 * (response, ctx) -> {
 *     if (response.status() != 200) throw new TransformRejectedException("upstream said " + response.status());
 *     return response.withHeaders(List.of());
 * }
 * }</pre>
 */
public class TransformRejectedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * A reject with this message, as the canister passes it to {@code msg_reject}.
	 *
	 * @param message the reject text, delivered verbatim
	 */
	public TransformRejectedException(String message) {
		super(message);
	}
}
