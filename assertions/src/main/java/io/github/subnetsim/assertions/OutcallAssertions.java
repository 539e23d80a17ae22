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
	 *
	 * @param <T> the type of the value
	 * @param actual the value to check
	 * @param matcher any Hamcrest matcher
	 * @throws AssertionFailedError if the value does not match
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

	/**
	 * Asserts that consensus delivered a response, and returns it.
	 *
	 * @param result the outcall's result
	 * @return the agreed response
	 * @throws AssertionFailedError if the outcall was rejected
	 */
	public static HttpResponse assertAgreed(OutcallResult result) {
		if (result instanceof OutcallResult.Reply reply) {
			return reply.response();
		}
		throw OutcallMatchers.replies().failure(result);
	}

	/**
	 * Asserts that consensus delivered a response signed by exactly {@code k} replicas, and returns it.
	 *
	 * @param result the outcall's result
	 * @param k how many replicas must have signed it
	 * @return the agreed response
	 * @throws AssertionFailedError if the outcall was rejected or another number signed
	 */
	public static HttpResponse assertAgreedBy(OutcallResult result, int k) {
		assertThat(result, OutcallMatchers.agreedBy(k));
		return assertAgreed(result);
	}

	/**
	 * Asserts that the outcall diverged, and returns the report of how.
	 *
	 * @param result the outcall's result
	 * @return which groups of replicas signed what, and how their responses differ
	 * @throws AssertionFailedError if consensus did not diverge
	 */
	public static DivergenceReport assertDiverged(OutcallResult result) {
		assertThat(result, OutcallMatchers.diverges());
		return DivergenceReport.of(result);
	}

	/**
	 * Asserts the reject code and the exact message.
	 *
	 * @param result the outcall's result
	 * @param code the expected reject code
	 * @param message the expected reject message, exactly
	 * @throws AssertionFailedError if the outcall was not rejected so
	 */
	public static void assertRejected(OutcallResult result, RejectCode code, String message) {
		assertThat(result, OutcallMatchers.rejectedWith(code, message));
	}

	/**
	 * Asserts the exact cycles charged.
	 *
	 * @param result the outcall's result
	 * @param expected the cycles the call should cost
	 * @throws AssertionFailedError if another amount was charged
	 */
	public static void assertCost(OutcallResult result, long expected) {
		assertThat(result, OutcallMatchers.costsExactly(expected));
	}

	/**
	 * Asserts that at most this many cycles were charged.
	 *
	 * @param result the outcall's result
	 * @param max the most cycles the call may cost
	 * @throws AssertionFailedError if more was charged
	 */
	public static void assertCostAtMost(OutcallResult result, long max) {
		assertThat(result, OutcallMatchers.costsAtMost(max));
	}

	/**
	 * Asserts the exact refund.
	 *
	 * @param result the outcall's result
	 * @param expected the cycles that should come back to the canister
	 * @throws AssertionFailedError if another amount was refunded
	 */
	public static void assertRefund(OutcallResult result, long expected) {
		assertThat(result, OutcallMatchers.refundIs(expected));
	}
}
