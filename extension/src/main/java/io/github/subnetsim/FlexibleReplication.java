package io.github.subnetsim;

/**
 * The {@code replication} record of {@code flexible_http_request}, {@code record { min_responses : nat32;
 * max_responses : nat32; total_requests : nat32 }}: a committee of {@code totalRequests} replicas, chosen at
 * random, fetches; the call returns between {@code minResponses} and {@code maxResponses} responses, each as its
 * replica got it (no consensus on content). {@code min = max = 0} is fire-and-forget.
 *
 * <pre>{@code
 * FlexibleReplication.defaults(13);                       // min 9, max 13, total 13
 * FlexibleReplication.builder().minResponses(2).maxResponses(3).totalRequests(3).build();
 * }</pre>
 *
 * @param minResponses {@code min_responses}
 * @param maxResponses {@code max_responses}
 * @param totalRequests {@code total_requests}
 */
public record FlexibleReplication(int minResponses, int maxResponses, int totalRequests) {

	/**
	 * Checks that no field is negative (they are nat32).
	 *
	 * @param minResponses {@code min_responses}
	 * @param maxResponses {@code max_responses}
	 * @param totalRequests {@code total_requests}
	 */
	public FlexibleReplication {
		if (totalRequests < 0 || minResponses < 0 || maxResponses < 0) {
			throw new IllegalArgumentException("min_responses, max_responses and total_requests are nat32 and cannot be negative: "
					+ minResponses + ", " + maxResponses + ", " + totalRequests);
		}
	}

	/**
	 * The defaults for a subnet of n (dfinity/ic {@code rs/types/types/src/canister_http.rs}
	 * {@code generate_from_flexible_args}): min ⌊2n/3⌋ + 1, max n, total n.
	 *
	 * @param n the number of replicas in the subnet
	 * @return the default replication for that subnet
	 */
	public static FlexibleReplication defaults(int n) {
		return new FlexibleReplication(2 * n / 3 + 1, n, n);
	}

	/**
	 * A builder whose setters are named like the Candid record's fields; every field must be set.
	 *
	 * @return a new, empty builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/** Builds a {@link FlexibleReplication} field by field, as the Candid record names them. */
	public static final class Builder {
		private Integer min;
		private Integer max;
		private Integer total;

		private Builder() {
		}

		/**
		 * {@code min_responses}.
		 *
		 * @param value the fewest responses the call returns
		 * @return this builder
		 */
		public Builder minResponses(int value) {
			this.min = value;
			return this;
		}

		/**
		 * {@code max_responses}.
		 *
		 * @param value the most responses the call returns
		 * @return this builder
		 */
		public Builder maxResponses(int value) {
			this.max = value;
			return this;
		}

		/**
		 * {@code total_requests}.
		 *
		 * @param value how many replicas the committee has, each fetching once
		 * @return this builder
		 */
		public Builder totalRequests(int value) {
			this.total = value;
			return this;
		}

		/**
		 * The record; throws if a field was not set.
		 *
		 * @return the replication record
		 * @throws IllegalStateException if a field was not set
		 */
		public FlexibleReplication build() {
			if (min == null || max == null || total == null) {
				throw new IllegalStateException("set min_responses, max_responses and total_requests (or use FlexibleReplication.defaults(n))");
			}
			return new FlexibleReplication(min, max, total);
		}
	}
}
