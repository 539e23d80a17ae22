package io.github.subnetsim;

/**
 * The methods of the Candid {@code http_request_args.method} variant.
 *
 * <p>{@link #PUT}, {@link #DELETE} and {@link #PATCH} are only accepted for non-replicated requests
 * ({@code is_replicated = opt false}), as on the replica.
 */
public enum HttpMethod {
	/** {@code GET}, the usual replicated read. */
	GET,
	/** {@code HEAD}: headers only, no body. */
	HEAD,
	/** {@code POST}; replicated, it reaches the server once per replica unless an idempotency key deduplicates it. */
	POST,
	/** {@code PUT}, non-replicated requests only. */
	PUT,
	/** {@code DELETE}, non-replicated requests only. */
	DELETE,
	/** {@code PATCH}, non-replicated requests only. */
	PATCH;

	/**
	 * Whether the replica accepts this method only for non-replicated requests.
	 *
	 * @return {@code true} for {@link #PUT}, {@link #DELETE} and {@link #PATCH}
	 */
	public boolean nonReplicatedOnly() {
		return this == PUT || this == DELETE || this == PATCH;
	}
}
