package io.github.subnetsim.assertions;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;
import org.opentest4j.AssertionFailedError;

import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;

/**
 * Assertion entry points that throw opentest4j {@link AssertionFailedError}s carrying expected and actual values, so
 * IDEs show a diff. Every matcher of this library ({@link SubnetMatcher}) fails in one layout: the answer (what
 * failed, and the fix) first, then {@code Expected:} and {@code Actual:}, then details, then the seed to replay.
 * A message about an outcall carries its {@link DivergenceReport}: what varied and the transform to paste come
 * right after {@code Actual:}.
 *
 * <pre>{@code
 * HttpResponse agreed = OutcallAssertions.assertAgreed(subnet.httpRequest(args));
 * OutcallAssertions.assertCost(result, 20_849_238_800L);
 * OutcallAssertions.assertThat(result, OutcallMatchers.repliesWith(ResponseMatchers.status(200)));
 * }</pre>
 */
public final class OutcallAssertions {

	private OutcallAssertions() {
	}

	/**
	 * Asserts with any Hamcrest matcher. A matcher of this library throws its {@link SubnetMatcher#failure}, with
	 * expected and actual values; any other matcher gets "Expecting / to match / but".
	 */
	public static <T> void assertThat(T actual, Matcher<? super T> matcher) {
		if (matcher.matches(actual)) {
			return;
		}
		if (matcher instanceof SubnetMatcher<?> ours) {
			throw ours.failure(actual);
		}
		Description mismatch = new StringDescription();
		matcher.describeMismatch(actual, mismatch);
		throw new AssertionFailedError("Expecting:\n" + Text.indent(String.valueOf(actual), 2) + "\nto match:\n"
				+ Text.indent(StringDescription.toString(matcher), 2) + "\nbut:\n" + Text.indent(mismatch.toString(), 2));
	}

	/** Asserts that consensus delivered a response, and returns it. */
	public static HttpResponse assertAgreed(OutcallResult result) {
		if (result instanceof OutcallResult.Reply reply) {
			return reply.response();
		}
		throw OutcallMatchers.replies().failure(result);
	}

	/** Asserts that consensus delivered a response signed by exactly {@code k} replicas, and returns it. */
	public static HttpResponse assertAgreedBy(OutcallResult result, int k) {
		assertThat(result, OutcallMatchers.agreedBy(k));
		return assertAgreed(result);
	}

	/** Asserts that the outcall diverged, and returns the report of how. */
	public static DivergenceReport assertDiverged(OutcallResult result) {
		assertThat(result, OutcallMatchers.diverges());
		return DivergenceReport.of(result);
	}

	/** Asserts the reject code and the exact message. */
	public static void assertRejected(OutcallResult result, RejectCode code, String message) {
		assertThat(result, OutcallMatchers.rejectedWith(code, message));
	}

	/** Asserts the exact cycles charged. */
	public static void assertCost(OutcallResult result, long expected) {
		assertThat(result, OutcallMatchers.costsExactly(expected));
	}

	/** Asserts that at most this many cycles were charged. */
	public static void assertCostAtMost(OutcallResult result, long max) {
		assertThat(result, OutcallMatchers.costsAtMost(max));
	}

	/** Asserts the exact refund. */
	public static void assertRefund(OutcallResult result, long expected) {
		assertThat(result, OutcallMatchers.refundIs(expected));
	}
}
