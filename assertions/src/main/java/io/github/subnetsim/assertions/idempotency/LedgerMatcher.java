package io.github.subnetsim.assertions.idempotency;

import java.util.List;

import org.hamcrest.Description;
import org.hamcrest.TypeSafeDiagnosingMatcher;

import io.github.subnetsim.idempotency.IdempotencyLedger;
import io.github.subnetsim.idempotency.LedgerEntry;

/**
 * The shape of every ledger matcher: one check over a snapshot of the ledger's entries that returns the whole
 * mismatch text (a headline that says what to change, then "Expecting …, but …:" and the indented groups), or null.
 */
abstract class LedgerMatcher extends TypeSafeDiagnosingMatcher<IdempotencyLedger> {

	// The ledger's key header, known only once a ledger is matched; hamcrest describes the expectation after matching.
	private volatile String header = IdempotencyLedger.DEFAULT_KEY_HEADER;

	/** What the matcher expects, in the words of the ledger's key header. */
	abstract String description(String header);

	/** The mismatch text, or null when the entries match. */
	abstract String mismatch(List<LedgerEntry> entries, String header);

	@Override
	public void describeTo(Description d) {
		d.appendText(description(header));
	}

	@Override
	protected boolean matchesSafely(IdempotencyLedger ledger, Description d) {
		header = ledger.keyHeader();
		// One snapshot: requests still arriving must not change the verdict between the check and its message.
		String m = mismatch(ledger.entries(), ledger.keyHeader());
		if (m == null) {
			return true;
		}
		d.appendText(m);
		return false;
	}

	/** The text for a ledger that saw no POST at all, which no "every POST …" check should pass. */
	static String noPost(String header) {
		return "No POST reached the server, so there was no " + header + " to check. Check the outcall's result (it may have been "
				+ "rejected before any replica sent it) and that the server's dispatcher uses this ledger.";
	}
}
