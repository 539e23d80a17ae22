package io.github.subnetsim;

/**
 * The {@code replication} record of {@code flexible_http_request}: a committee of {@code totalRequests} replicas,
 * chosen at random, fetches; the call returns between {@code minResponses} and {@code maxResponses} responses, each
 * as its replica got it (no consensus on content). {@code min = max = 0} is fire-and-forget.
 *
 * <pre>{@code
 * FlexibleReplication.defaults(13);        // total 13, min 9, max 13
 * new FlexibleReplication(3, 2, 3);        // three replicas ask, two answers suffice
 * }</pre>
 */
public record FlexibleReplication(int totalRequests, int minResponses, int maxResponses) {

	public FlexibleReplication {
		if (totalRequests < 0 || minResponses < 0 || maxResponses < 0) {
			throw new IllegalArgumentException("total_requests, min_responses and max_responses are nat32 and cannot be negative: "
					+ totalRequests + ", " + minResponses + ", " + maxResponses);
		}
	}

	/** The defaults for a subnet of n (dfinity/ic TYPES {@code generate_from_flexible_args}): n, ⌊2n/3⌋ + 1, n. */
	public static FlexibleReplication defaults(int n) {
		return new FlexibleReplication(n, 2 * n / 3 + 1, n);
	}
}
