package io.github.subnetsim.assertions.idempotency;

import java.util.List;

import org.hamcrest.Description;

import io.github.subnetsim.assertions.SubnetMatcher;
import io.github.subnetsim.idempotency.IdempotencyLedger;
import io.github.subnetsim.idempotency.LedgerEntry;

/**
 * The shape of every ledger matcher: one check over a snapshot of the ledger's entries that answers with a headline
 * that says what to change, the expected and actual counts, and the groups as details ("Expecting …, but …:" and
 * the indented groups), or null. Texts name the ledger's own key header.
 */
abstract class LedgerMatcher extends SubnetMatcher<IdempotencyLedger> {

	// The ledger's key header, known only once a ledger is matched; hamcrest describes the expectation after matching.
	private volatile String header = IdempotencyLedger.DEFAULT_KEY_HEADER;

	LedgerMatcher() {
		super(IdempotencyLedger.class);
	}

	/** What the matcher expects, in the words of the ledger's key header. */
	abstract String description(String header);

	/** Why the entries do not match, or null when they do. */
	abstract Failure check(List<LedgerEntry> entries, String header);

	/** A failure from the text these matchers write: the headline is the answer, the lines after it the details. */
	static Failure failure(String text, String expected, String actual) {
		int newline = text.indexOf('\n');
		return Failure.of(newline < 0 ? text : text.substring(0, newline), expected, actual)
				.details(newline < 0 ? "" : text.substring(newline + 1));
	}

	@Override
	public void describeTo(Description d) {
		d.appendText(description(header));
	}

	@Override
	protected Failure explain(IdempotencyLedger ledger) {
		header = ledger.keyHeader();
		// One snapshot: requests still arriving must not change the verdict between the check and its message.
		return check(ledger.entries(), ledger.keyHeader());
	}

	/** The text for a ledger that saw no POST at all, which no "every POST …" check should pass. */
	static String noPost(String header) {
		return "No POST reached the server, so there was no " + header + " to check. Check the outcall's result (it may have been "
				+ "rejected before any replica sent it) and that the server's dispatcher uses this ledger.";
	}
}
