package io.github.subnetsim.assertions;

import io.github.subnetsim.trace.Decision;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.opentest4j.AssertionFailedError;

import io.github.subnetsim.OutcallResult;

/**
 * The shape of every outcall matcher: one check that says why it failed, used both for Hamcrest's mismatch
 * description and for the AssertJ-style message of {@link OutcallAssertions}. Both end with the divergence report.
 */
abstract class OutcallMatcher extends TypeSafeDiagnosingMatcher<OutcallResult> implements FailureSource {

	/** What the outcall is expected to do, completing "Expecting outcall …": {@code to reach consensus}. */
	abstract String expectation();

	/** Null when the result matches. */
	abstract Mismatch check(OutcallResult result);

	@Override
	public void describeTo(Description description) {
		description.appendText("an outcall ").appendText(expectation());
	}

	@Override
	protected boolean matchesSafely(OutcallResult result, Description mismatch) {
		Mismatch m = check(result);
		if (m == null) {
			return true;
		}
		mismatch.appendText(m.but()).appendText(":\n").appendText(Text.indent(m.details(), 2)).appendText("\n")
				.appendText(DivergenceReport.of(result).render());
		return false;
	}

	@Override
	public AssertionFailedError failure(Object actual) {
		OutcallResult result = (OutcallResult) actual;
		Mismatch m = check(result);
		if (m == null) {
			throw new IllegalStateException("failure() called for a result that matches: " + result);
		}
		String message = "Expecting outcall " + expectation() + ", but " + m.but() + ":\n" + Text.indent(m.details(), 2) + "\n"
				+ DivergenceReport.of(result).render();
		return m.compares() ? new AssertionFailedError(message, m.expected(), m.actual()) : new AssertionFailedError(message);
	}

	/** What happened, completing "but …": {@code it diverged}, {@code it replied}. */
	static String happened(OutcallResult result) {
		if (result instanceof OutcallResult.Reply r) {
			return "it replied (agreed by " + r.agreement() + " of " + result.trace().consensus().committee().size() + " replicas)";
		}
		Decision decision = result.trace().consensus().decision();
		if (decision == Decision.DIVERGED) {
			return "it diverged";
		}
		if (decision == Decision.TIMED_OUT) {
			return "it timed out";
		}
		if (decision == Decision.AGREED) {
			return "the replicas agreed on a reject";
		}
		return "it was rejected before any replica made the request";
	}

	/** The result in a line or two: the reject, or the response. */
	static String summary(OutcallResult result) {
		if (result instanceof OutcallResult.Reject r) {
			return r.code().displayName() + " (" + r.code().code() + "): " + r.message();
		}
		return ResponseMatcher.summary(((OutcallResult.Reply) result).response());
	}
}
