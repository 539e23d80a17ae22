package io.github.subnetsim.assertions;

import org.hamcrest.Description;

import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.trace.Decision;

/**
 * The shape of every outcall matcher: one check that answers why it failed; the base adds the divergence report's
 * lead (what varied, the fix, the groups), the details and the seed, so every outcall failure reads the same.
 */
abstract class OutcallMatcher extends SubnetMatcher<OutcallResult> {

	OutcallMatcher() {
		super(OutcallResult.class);
	}

	/** What the outcall is expected to do, completing "an outcall …": {@code to reach consensus}. */
	abstract String expectation();

	/** Null when the result matches; otherwise the answer, the two values and the matcher's own details. */
	abstract Failure check(OutcallResult result);

	@Override
	public void describeTo(Description description) {
		description.appendText("an outcall ").appendText(expectation());
	}

	@Override
	protected final Failure explain(OutcallResult result) {
		Failure f = check(result);
		return f == null ? null : withReport(f, result);
	}

	/** The matcher's failure with the report around it: the lead after the values, then details, then the seed. */
	static Failure withReport(Failure f, OutcallResult result) {
		DivergenceReport report = DivergenceReport.of(result);
		String more = ReportText.details(report);
		String details = "Details:\n" + Text.indent(f.detailsText(), 2) + (more.isEmpty() ? "" : "\n" + more);
		return f.lead(ReportText.lead(report)).details(details).seed(result.trace().seed());
	}

	/** The failure of a matcher that wanted something else than what happened: the outcome's own answer and value. */
	static Failure outcome(OutcallResult result, String expected) {
		return Failure.of(answer(result), expected, actual(result)).details(summary(result));
	}

	/** What happened, as the first line of a message: the answer, and the fix when there is one. */
	static String answer(OutcallResult result) {
		int committee = result.trace().consensus().committee().size();
		int threshold = result.trace().consensus().threshold();
		if (result instanceof OutcallResult.Reply r) {
			return "The replicas agreed on a response (" + r.agreement() + " of " + committee + ").";
		}
		Decision decision = result.trace().consensus().decision();
		if (decision == Decision.DIVERGED) {
			DivergenceReport report = DivergenceReport.of(result);
			String fix = ReportText.fixInOneLine(report, " No Transforms helper removes that: see below.");
			return "No consensus: the replicas' responses vary in " + ReportText.fieldNames(report) + " (" + report.groups().size()
					+ " distinct responses, " + threshold + " of " + committee + " must agree)." + fix;
		}
		if (decision == Decision.TIMED_OUT) {
			DivergenceReport report = DivergenceReport.of(result);
			return "No consensus in time: at most " + OutcallMatchers.agreement(result) + " of " + committee + " replicas signed the same result, "
					+ threshold + " must agree; " + Text.replicas(report.silentReplicas().size()) + " stayed silent ("
					+ Text.ranges(report.silentReplicas()) + ").";
		}
		if (decision == Decision.AGREED) {
			return "Consensus on a reject (" + reject(result) + "), not a response.";
		}
		return "Rejected before any replica made the request: " + summary(result);
	}

	/** What happened, short enough for {@code Actual:} and an IDE's diff. */
	static String actual(OutcallResult result) {
		int committee = result.trace().consensus().committee().size();
		if (result instanceof OutcallResult.Reply r) {
			return "agreed by " + r.agreement() + " of " + committee;
		}
		Decision decision = result.trace().consensus().decision();
		OutcallResult.Reject j = (OutcallResult.Reject) result;
		if (decision == Decision.DIVERGED) {
			return DivergenceReport.of(result).groups().size() + " distinct responses";
		}
		if (decision == Decision.TIMED_OUT) {
			return "timed out, at most " + OutcallMatchers.agreement(result) + " of " + committee + " alike";
		}
		if (decision == Decision.AGREED) {
			return "consensus on a reject: " + j.code().displayName() + " (" + j.code().code() + ")";
		}
		return "rejected before any request: " + j.code().displayName() + " (" + j.code().code() + ")";
	}

	/** {@code SysFatal 1: Header size exceeds …}, as a reject is named inside a sentence. */
	static String reject(OutcallResult result) {
		OutcallResult.Reject j = (OutcallResult.Reject) result;
		return j.code().displayName() + " " + j.code().code() + ": " + Text.clip(j.message(), 80);
	}

	/** The result in a line or two: the reject, or the response. */
	static String summary(OutcallResult result) {
		if (result instanceof OutcallResult.Reject r) {
			return r.code().displayName() + " (" + r.code().code() + "): " + r.message();
		}
		return ResponseMatcher.summary(((OutcallResult.Reply) result).response());
	}

	/** The sentence with its first letter lowered, to follow a colon. */
	static String lowered(String sentence) {
		return sentence.isEmpty() ? sentence : Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
	}
}
