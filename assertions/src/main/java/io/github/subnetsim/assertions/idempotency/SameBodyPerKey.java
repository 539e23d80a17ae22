package io.github.subnetsim.assertions.idempotency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.subnetsim.assertions.SubnetMatcher.Failure;
import io.github.subnetsim.idempotency.LedgerEntry;

/** Every request with one key carried one body: a faulty replica may keep the key and change the body. */
final class SameBodyPerKey extends LedgerMatcher {

	@Override
	String description(String header) {
		return "every request with the same " + header + " carrying the same body";
	}

	@Override
	Failure check(List<LedgerEntry> entries, String header) {
		Map<String, List<LedgerEntry>> byKey = new LinkedHashMap<>();
		for (LedgerEntry e : entries) {
			if (e.key() != null) {
				byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
			}
		}
		StringBuilder headline = new StringBuilder();
		StringBuilder details = new StringBuilder();
		List<String> got = new ArrayList<>();
		for (Map.Entry<String, List<LedgerEntry>> k : byKey.entrySet()) {
			List<Groups.Group> bodies = Groups.by(k.getValue(), SameBodyPerKey::bodyLabel);
			if (bodies.size() < 2) {
				continue;
			}
			got.add(bodies.size() + " bodies for key " + Groups.quote(k.getKey()));
			headline.append(headline.length() == 0 ? "" : " ").append(header).append(' ').append(Groups.quote(k.getKey()))
					.append(" came with ").append(bodies.size()).append(" different bodies: ")
					.append(Groups.minorities(bodies, "body")).append('.');
			for (Groups.Group g : bodies) {
				details.append("\n  key ").append(Groups.quote(k.getKey())).append(", ").append(g.label()).append(": ")
						.append(g.applied() > 0 ? "applied " + Groups.times(g.applied()) + ", " : "").append(g.requestsAndStatuses());
			}
		}
		if (details.length() == 0) {
			return null;
		}
		return failure(headline + " Expected one body per key. Honest replicas send the canister's body; a replica that sends another is faulty."
				+ " If its request came first, its body is the one applied, whatever the ledger's BodyMismatch policy (" + Groups.TRUST_MODEL
				+ ").\nExpecting every request with the same " + header + " to carry the same body, but:" + details, "one body per key",
				String.join(", ", got));
	}

	/** {@code body sha256 3f0a…  (27 bytes)}, or why the body has no hash (the ledger could not read it). */
	private static String bodyLabel(LedgerEntry e) {
		if (e.bodySha256().equals(LedgerEntry.BODY_NOT_READ)) {
			return "body not read";
		}
		return "body sha256 " + e.bodySha256().substring(0, Math.min(16, e.bodySha256().length())) + "… (" + e.bodyBytes() + " bytes)";
	}
}
