package io.github.subnetsim;

/**
 * The methods of the Candid {@code http_request_args.method} variant.
 *
 * <p>{@link #PUT}, {@link #DELETE} and {@link #PATCH} are only accepted for non-replicated requests
 * ({@code is_replicated = opt false}), as on the replica.
 */
public enum HttpMethod {
	GET, HEAD, POST, PUT, DELETE, PATCH;

	/** Whether the replica accepts this method only for non-replicated requests. */
	public boolean nonReplicatedOnly() {
		return this == PUT || this == DELETE || this == PATCH;
	}
}
