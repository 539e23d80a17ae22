package io.github.subnetsim.assertions.idempotency;

import org.hamcrest.Matcher;

import io.github.subnetsim.idempotency.IdempotencyLedger;

/**
 * Hamcrest matchers on an {@link IdempotencyLedger}: how often the server applied the POST, and what the replicas
 * sent. Failure messages name the replicas (index and source address), the keys and the counts, and say what to
 * change.
 *
 * <pre>{@code
 * IdempotencyLedger ledger = IdempotencyLedger.create();
 * server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, request -> created));
 * subnet.httpRequest(HttpRequestArgs.post(url, body).header("Idempotency-Key", "order-42").cycles(cycles).build());
 *
 * assertThat(ledger, appliedExactlyOnce());
 * assertThat(ledger, allReplicasSentSameKey());
 * }</pre>
 *
 * <p>A failure reads, for a POST sent without a key by 13 replicas:
 * <pre>
 * POST applied 13 times; expected once. Send an Idempotency-Key header that is the same on every replica, or use a non-replicated request.
 * Expecting the server to apply the POST once, but it applied it 13 times:
 *   no Idempotency-Key: applied 13 times, 13 requests from replicas 0-12 (127.0.0.1-127.0.0.13), status 201 ×13
 * </pre>
 */
public final class LedgerMatchers {

	private LedgerMatchers() {
	}

	/**
	 * The server applied the POST exactly once, over every request the ledger saw.
	 *
	 * @return a matcher of a ledger
	 */
	public static Matcher<IdempotencyLedger> appliedExactlyOnce() {
		return new AppliedTimes(1);
	}

	/**
	 * The server applied the POST exactly {@code times} times (for example 13, to show what a naive server does).
	 *
	 * @param times how many times the effect should have run
	 * @return a matcher of a ledger
	 */
	public static Matcher<IdempotencyLedger> appliedTimes(int times) {
		return new AppliedTimes(times);
	}

	/**
	 * Every POST carried one non-empty key header (a ledger that saw no POST does not match).
	 *
	 * @return a matcher of a ledger
	 */
	public static Matcher<IdempotencyLedger> everyPostCarriedKey() {
		return new KeyOnEveryPost();
	}

	/**
	 * Every POST carried the same key: no replica left it out or sent its own.
	 *
	 * @return a matcher of a ledger
	 */
	public static Matcher<IdempotencyLedger> allReplicasSentSameKey() {
		return new SameKeyEverywhere();
	}

	/**
	 * Every request with one key carried the same body: no replica changed the body under the canister's key.
	 *
	 * @return a matcher of a ledger
	 */
	public static Matcher<IdempotencyLedger> sameBodyForEachKey() {
		return new SameBodyPerKey();
	}
}
