package io.github.subnetsim;

import java.util.Locale;
import java.util.Objects;

/**
 * Something about an outcall that its outcome does not show: the outcall may have succeeded, and still did
 * something the canister's author should know about. The engine attaches findings to {@link OutcallResult#findings()};
 * the divergence report shows them first, the CI report in a column of their own.
 *
 * <pre>{@code
 * OutcallResult result = subnet.httpRequest(HttpRequestArgs.post(url, order).cycles(cycles).build());
 * for (Finding f : result.findings()) {
 *     System.out.println(f.message() + ". " + f.fix());
 * }
 * }</pre>
 */
public sealed interface Finding {

	/** The key header looked for when a subnet is not told another one ({@code Subnet.Builder.idempotencyKeyHeader}). */
	String DEFAULT_KEY_HEADER = "Idempotency-Key";

	/**
	 * What happened, as one sentence without a final period: {@code this POST reached the server 13 times without an
	 * idempotency key}.
	 *
	 * @return the message
	 */
	String message();

	/**
	 * What to change, as one or two sentences.
	 *
	 * @return the fix
	 */
	String fix();

	/**
	 * A replicated request that changes state reached the server once per replica, and carried no idempotency key, so
	 * the server had no way to tell the copies apart: it may have applied the request {@code times} times (13 orders
	 * instead of one), however well the replicas agree afterwards.
	 *
	 * <pre>{@code
	 * new Finding.NonIdempotentFanOut("POST", 13, "Idempotency-Key").message();
	 * // "this POST reached the server 13 times without an idempotency key"
	 * }</pre>
	 *
	 * @param method the HTTP method: {@code POST}, or {@code PUT}, {@code PATCH}, {@code DELETE}
	 * @param times how many replicas' requests reached the server without the key
	 * @param keyHeader the idempotency key header the subnet looked for
	 */
	record NonIdempotentFanOut(String method, int times, String keyHeader) implements Finding {

		/**
		 * Checks the parts and upper-cases the method.
		 *
		 * @param method the HTTP method: {@code POST}, or {@code PUT}, {@code PATCH}, {@code DELETE}
		 * @param times how many replicas' requests reached the server without the key, at least 2
		 * @param keyHeader the idempotency key header the subnet looked for
		 */
		public NonIdempotentFanOut {
			Objects.requireNonNull(method, "method");
			Objects.requireNonNull(keyHeader, "keyHeader");
			if (times < 2) {
				throw new IllegalArgumentException("a fan-out reaches the server at least twice, got " + times);
			}
			method = method.toUpperCase(Locale.ROOT);
		}

		@Override
		public String message() {
			return "this " + method + " reached the server " + times + " times without an idempotency key";
		}

		@Override
		public String fix() {
			return "Send an " + keyHeader + " header that is the same on every replica, to a server that applies each key once "
					+ "(IdempotencyLedger, IdempotencyProxy or `subnet-sim ledger-proxy` in front of it), or make the request "
					+ "non-replicated; until then the server may have applied it " + times + " times.";
		}

		@Override
		public String toString() {
			return message() + ". " + fix();
		}
	}
}
