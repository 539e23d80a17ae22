package io.github.subnetsim.assertions.idempotency;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.subnetsim.assertions.SubnetMatcher.Failure;
import io.github.subnetsim.idempotency.LedgerEntry;

/** The effect ran exactly {@code expected} times, over every request the ledger saw. */
final class AppliedTimes extends LedgerMatcher {

	private final int expected;

	AppliedTimes(int expected) {
		if (expected < 0) {
			throw new IllegalArgumentException("a POST is applied 0 or more times, got " + expected);
		}
		this.expected = expected;
	}

	@Override
	String description(String header) {
		return "the POST applied exactly " + Groups.times(expected);
	}

	@Override
	Failure check(List<LedgerEntry> entries, String header) {
		int applied = 0;
		for (LedgerEntry e : entries) {
			applied += e.applied() ? 1 : 0;
		}
		if (applied == expected) {
			return null;
		}
		String headline = "POST applied " + Groups.times(applied) + "; expected " + Groups.times(expected) + ".";
		String want = "applied " + Groups.times(expected);
		String got = "applied " + Groups.times(applied);
		if (entries.isEmpty()) {
			return failure(headline + " No request reached the server: check the outcall's result (it may have been rejected before any replica"
					+ " sent it) and that the server's dispatcher uses this ledger.", want, got);
		}
		List<Groups.Group> groups = Groups.by(entries, e -> Groups.keyLabel(e, header));
		String advice = applied > expected ? tooMany(entries, groups, header) : tooFew(entries, applied);
		StringBuilder m = new StringBuilder(headline);
		if (!advice.isEmpty()) {
			m.append(' ').append(advice);
		}
		m.append("\nExpecting the server to apply the POST ").append(Groups.times(expected)).append(", but it applied it ")
				.append(Groups.times(applied)).append(':');
		for (Groups.Group g : groups) {
			m.append("\n  ").append(g.label()).append(": applied ").append(Groups.times(g.applied())).append(", ")
					.append(g.requestsAndStatuses());
		}
		Groups.appendProblems(m, entries);
		return failure(m.toString(), want, got);
	}

	private static String tooMany(List<LedgerEntry> entries, List<Groups.Group> groups, String header) {
		Set<String> appliedKeys = new LinkedHashSet<>();
		boolean keyless = false;
		for (LedgerEntry e : entries) {
			if (e.applied()) {
				keyless |= e.key() == null;
				if (e.key() != null) {
					appliedKeys.add(e.key());
				}
			}
		}
		if (keyless) {
			return Groups.sendAKey(header);
		}
		if (appliedKeys.size() > 1) {
			List<Groups.Group> keyed = new ArrayList<>();
			for (Groups.Group g : groups) {
				if (g.entries().get(0).key() != null) {
					keyed.add(g);
				}
			}
			return "The replicas sent " + appliedKeys.size() + " different " + header + "s: " + Groups.minorities(keyed, "key") + ". "
					+ SameKeyEverywhere.differentKeysAdvice(keyed);
		}
		return "";
	}

	private static String tooFew(List<LedgerEntry> entries, int applied) {
		if (applied > 0) {
			return "";
		}
		int rejected = 0;
		int failed = 0;
		for (LedgerEntry e : entries) {
			rejected += e.disposition() == LedgerEntry.Disposition.REJECTED ? 1 : 0;
			failed += e.disposition() == LedgerEntry.Disposition.FAILED ? 1 : 0;
		}
		return "The server answered all " + Groups.requests(entries.size()) + " without applying it (" + rejected + " rejected, " + failed
				+ " failed): see the statuses below.";
	}
}
