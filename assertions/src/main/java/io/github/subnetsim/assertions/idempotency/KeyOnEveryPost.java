package io.github.subnetsim.assertions.idempotency;

import java.util.ArrayList;
import java.util.List;

import io.github.subnetsim.assertions.SubnetMatcher.Failure;
import io.github.subnetsim.idempotency.LedgerEntry;

/** Every POST carried exactly one non-blank key (the same header repeated with the same value counts as one). */
final class KeyOnEveryPost extends LedgerMatcher {

	@Override
	String description(String header) {
		return "every POST carrying a non-empty " + header + " header";
	}

	@Override
	Failure check(List<LedgerEntry> entries, String header) {
		String want = "every POST with one non-empty " + header;
		List<LedgerEntry> posts = Groups.posts(entries);
		if (posts.isEmpty()) {
			return failure(noPost(header), want, "no POST");
		}
		List<LedgerEntry> without = new ArrayList<>();
		boolean conflicting = false;
		boolean missingOrEmpty = false;
		for (LedgerEntry e : posts) {
			if (e.keyState() != LedgerEntry.KeyState.PRESENT) {
				without.add(e);
				conflicting |= e.keyState() == LedgerEntry.KeyState.CONFLICTING;
				missingOrEmpty |= e.keyState() != LedgerEntry.KeyState.CONFLICTING;
			}
		}
		if (without.isEmpty()) {
			return null;
		}
		StringBuilder m = new StringBuilder().append(without.size()).append(" of ").append(Groups.requests(posts.size()).replace("request", "POST"))
				.append(" carried no usable ").append(header).append('.');
		if (missingOrEmpty) {
			m.append(' ').append(Groups.sendAKey(header));
		}
		if (conflicting) {
			m.append(" Send the ").append(header).append(" header once per request: with two different values the server cannot tell"
					+ " which request it repeats.");
		}
		m.append("\nExpecting every POST to carry one non-empty ").append(header).append(" header, but:");
		for (Groups.Group g : Groups.by(without, e -> Groups.keyLabel(e, header))) {
			m.append("\n  ").append(g.label()).append(": ").append(g.requestsAndStatuses());
		}
		return failure(m.toString(), want, without.size() + " of " + Groups.requests(posts.size()).replace("request", "POST") + " without one");
	}
}
