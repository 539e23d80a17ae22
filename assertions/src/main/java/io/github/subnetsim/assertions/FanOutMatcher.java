package io.github.subnetsim.assertions;

import io.github.subnetsim.Finding;
import io.github.subnetsim.OutcallResult;

/**
 * Whether an outcall has a {@link Finding.NonIdempotentFanOut}: a replicated request that changes state reached the
 * server from several replicas without an idempotency key. Both ways: {@link OutcallMatchers#noNonIdempotentFanOut()}
 * for a test that sends the key, {@link OutcallMatchers#nonIdempotentFanOut(int)} for one that shows the problem.
 *
 * <pre>{@code
 * assertThat(subnet.httpRequest(postWithKey), noNonIdempotentFanOut());
 * assertThat(subnet.httpRequest(postWithoutKey), nonIdempotentFanOut(13));
 * }</pre>
 */
final class FanOutMatcher extends OutcallMatcher {

	/** The expected number of applications, or 0 for "no such finding". */
	private final int times;

	private FanOutMatcher(int times) {
		this.times = times;
	}

	static FanOutMatcher none() {
		return new FanOutMatcher(0);
	}

	static FanOutMatcher times(int times) {
		if (times < 2) {
			throw new IllegalArgumentException("a fan-out reaches the server at least twice, got " + times
					+ "; use noNonIdempotentFanOut() to assert there is none");
		}
		return new FanOutMatcher(times);
	}

	@Override
	String expectation() {
		return times == 0 ? "without a state-changing request reaching the server more than once without an idempotency key"
				: "whose request reached the server " + times + " times without an idempotency key";
	}

	@Override
	Failure check(OutcallResult r) {
		Finding.NonIdempotentFanOut found = find(r);
		String expected = times == 0 ? "no non-idempotent fan-out" : short_(r.trace().method(), times);
		if (times == 0) {
			return found == null ? null
					: Failure.of(capitalised(found.message()) + ". " + found.fix(), expected, short_(found.method(), found.times()))
							.details(summary(r));
		}
		if (found == null) {
			return Failure.of("No non-idempotent fan-out: every replica's " + r.trace().method() + " that reached the server carried the key, "
					+ "or the request was not replicated or does not change state (GET, HEAD).", expected, "no non-idempotent fan-out")
					.details(summary(r));
		}
		return found.times() == times ? null
				: Failure.of(capitalised(found.message()) + ", expected " + times + " times.", expected, short_(found.method(), found.times()))
						.values(times, found.times()).details(summary(r));
	}

	private static Finding.NonIdempotentFanOut find(OutcallResult r) {
		for (Finding f : r.findings()) {
			if (f instanceof Finding.NonIdempotentFanOut n) {
				return n;
			}
		}
		return null;
	}

	/** {@code POST ×13 without a key}: short enough for an IDE's diff. */
	private static String short_(String method, int times) {
		return method + " ×" + times + " without a key";
	}

	private static String capitalised(String sentence) {
		return sentence.isEmpty() ? sentence : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
	}
}
