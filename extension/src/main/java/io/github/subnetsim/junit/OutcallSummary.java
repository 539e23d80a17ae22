package io.github.subnetsim.junit;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.internal.text.RejectTexts;

/**
 * One line per outcall, for report entries and console summaries.
 *
 * <pre>{@code
 * OutcallSummary.line(args, result);
 * // "GET https://localhost:4431/price -> reply 200, agreed by 13/13, cost 49_140_000 cycles, refund 0"
 * }</pre>
 */
final class OutcallSummary {

	private OutcallSummary() {
	}

	/** The summary line. */
	static String line(HttpRequestArgs args, OutcallResult result) {
		int committee = result.trace().consensus().committee().size();
		String outcome;
		if (result instanceof OutcallResult.Reply r) {
			outcome = "reply " + r.response().status() + ", agreed by " + r.agreement() + "/" + committee;
		}
		else {
			OutcallResult.Reject j = (OutcallResult.Reject) result;
			String m = j.message().length() > 160 ? j.message().substring(0, 157) + "..." : j.message();
			outcome = "reject " + j.code().displayName() + " (" + j.code().code() + "): " + m;
		}
		return args.method() + " " + args.url() + " -> " + outcome + ", cost " + RejectTexts.underscores(result.cost().total())
				+ " cycles, refund " + RejectTexts.underscores(result.refund());
	}
}
