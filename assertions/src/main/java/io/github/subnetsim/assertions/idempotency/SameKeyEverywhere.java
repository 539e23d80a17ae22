package io.github.subnetsim.assertions.idempotency;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.subnetsim.assertions.SubnetMatcher.Failure;
import io.github.subnetsim.idempotency.LedgerEntry;

/** Every POST carried the same, present key: what n honest replicas sending the canister's request look like. */
final class SameKeyEverywhere extends LedgerMatcher {

	@Override
	String description(String header) {
		return "every replica sending the same " + header;
	}

	@Override
	Failure check(List<LedgerEntry> entries, String header) {
		String want = "one " + header + " from every replica";
		List<LedgerEntry> posts = Groups.posts(entries);
		if (posts.isEmpty()) {
			return failure(noPost(header), want, "no POST");
		}
		Set<String> keys = new LinkedHashSet<>();
		int keyless = 0;
		for (LedgerEntry e : posts) {
			if (e.key() != null) {
				keys.add(e.key());
			}
			else {
				keyless++;
			}
		}
		if (keys.size() == 1 && keyless == 0) {
			return null;
		}
		List<Groups.Group> groups = Groups.by(posts, e -> Groups.keyLabel(e, header));
		List<Groups.Group> keyed = new ArrayList<>();
		for (Groups.Group g : groups) {
			if (g.entries().get(0).key() != null) {
				keyed.add(g);
			}
		}
		StringBuilder m = new StringBuilder();
		if (keys.isEmpty()) {
			m.append("No replica sent a usable ").append(header).append(" (").append(Groups.requests(keyless)).append(')');
		}
		else if (keys.size() == 1) {
			m.append(Groups.requests(keyless)).append(" had").append(" no usable ").append(header);
		}
		else {
			m.append("The replicas sent ").append(keys.size()).append(" different ").append(header).append('s');
			if (keyless > 0) {
				m.append(" and ").append(Groups.requests(keyless)).append(" had none usable");
			}
		}
		m.append("; expected the same key from every replica.");
		if (groups.size() > 1) {
			m.append(' ').append(Groups.capitalise(Groups.minorities(groups, "key"))).append('.');
		}
		if (keyless > 0) {
			m.append(' ').append(Groups.sendAKey(header));
		}
		if (keys.size() > 1) {
			m.append(' ').append(differentKeysAdvice(keyed));
		}
		m.append("\nExpecting every replica to send the same ").append(header).append(", but they sent:");
		for (Groups.Group g : groups) {
			m.append("\n  ").append(g.label()).append(": ").append(g.requestsAndStatuses());
		}
		String got = keys.size() + (keys.size() == 1 ? " key" : " different keys") + (keyless > 0 ? ", " + Groups.requests(keyless) + " without one" : "");
		return failure(m.toString(), want, got);
	}

	/**
	 * What to change when replicas sent different keys: a key made per replica must come from the canister instead;
	 * a lone different key is a faulty replica, which no key can stop (the trust model).
	 */
	static String differentKeysAdvice(List<Groups.Group> keyed) {
		if (Groups.largest(keyed).entries().size() == 1) {
			return "Make the key in the canister from data every replica shares (for example its own order id), not per replica from"
					+ " randomness or the clock.";
		}
		return "Honest replicas send the key the canister gave; a replica that sends another one is faulty, and no server can tell"
				+ " which request is the canister's (" + Groups.TRUST_MODEL + ").";
	}
}
