package io.github.subnetsim.internal.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.trace.ReplicaTrace;

/**
 * The replicas grouped by the hash they signed, in the divergence message's order (count descending, then hash
 * descending): what the report can say when no richer explainer is on the class path.
 */
final class HashGroups {

	private HashGroups() {
	}

	static Explanation explain(OutcallResult result) {
		Map<String, List<ReplicaTrace>> byHash = new LinkedHashMap<>();
		for (ReplicaTrace r : result.trace().replicas()) {
			if (r.shareHash() != null) {
				byHash.computeIfAbsent(r.shareHash(), h -> new ArrayList<>()).add(r);
			}
		}
		List<Map.Entry<String, List<ReplicaTrace>>> entries = new ArrayList<>(byHash.entrySet());
		entries.sort((a, b) -> a.getValue().size() != b.getValue().size() ? Integer.compare(b.getValue().size(), a.getValue().size())
				: b.getKey().compareTo(a.getKey()));
		List<Explanation.Group> groups = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			List<Integer> replicas = new ArrayList<>();
			entries.get(i).getValue().forEach(r -> replicas.add(r.replica()));
			replicas.sort(null);
			groups.add(new Explanation.Group(label(i), entries.get(i).getKey(), replicas, entries.get(i).getValue().get(0).outcome(), List.of()));
		}
		return new Explanation("", "", groups, List.of());
	}

	/** A, B, … Z, AA, AB …: the divergence report's labels. */
	static String label(int index) {
		StringBuilder b = new StringBuilder();
		int i = index;
		do {
			b.insert(0, (char) ('A' + i % 26));
			i = i / 26 - 1;
		}
		while (i >= 0);
		return b.toString();
	}
}
