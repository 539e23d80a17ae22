package io.github.subnetsim.internal.consensus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.subnetsim.profile.Limits;

/**
 * The block maker's rule for one outcall (dfinity/ic {@code rs/https_outcalls/consensus/src/payload_builder.rs} and
 * {@code payload_builder/utils.rs}): shares are considered in arrival order; after each, if a group of identical
 * hashes has n − f distinct signers it is delivered; otherwise, if the signers outside the largest group exceed f,
 * no group can still reach the threshold and the outcall diverges. With neither, the request times out.
 *
 * <pre>{@code
 * ConsensusDecision d = ConsensusRound.decide(13, sharesInArrivalOrder, Limits.CONSENSUS_TIMEOUT.toMillis());
 * }</pre>
 */
public final class ConsensusRound {

	private ConsensusRound() {
	}

	/** Orders shares by arrival, ties by replica index: the virtual order of a deterministic simulation. */
	public static final Comparator<Share> ARRIVAL_ORDER = Comparator.comparingLong(Share::arrivalMillis).thenComparingInt(Share::replica);

	/**
	 * Decides an outcall of a committee of {@code n} replicas.
	 *
	 * @param n the committee size (the subnet size for a replicated outcall)
	 * @param shares the shares that will ever arrive, in any order; they are sorted by {@link #ARRIVAL_ORDER}
	 * @param timeoutMillis shares arriving after this are too late
	 * @return agreement when n − f replicas sign the same hash, divergence once no hash can, otherwise a timeout
	 * @throws IllegalArgumentException if {@code n} is less than 1
	 */
	public static ConsensusDecision decide(int n, List<Share> shares, long timeoutMillis) {
		if (n < 1) {
			throw new IllegalArgumentException("a committee has at least one replica, got " + n);
		}
		int f = Limits.faultsTolerated(n);
		int threshold = n - f;
		List<Share> ordered = new ArrayList<>(shares);
		ordered.sort(ARRIVAL_ORDER);
		// TreeMap: the payload builder walks groups in BTreeMap order; with threshold > n/2 at most one can win.
		Map<String, List<Integer>> groups = new TreeMap<>();
		int seen = 0;
		java.util.Set<Integer> signed = new java.util.HashSet<>();
		for (Share s : ordered) {
			if (s.arrivalMillis() > timeoutMillis) {
				break;
			}
			if (!signed.add(s.replica())) {
				continue; // a replica signs once; a second share from it adds nothing
			}
			seen++;
			groups.computeIfAbsent(s.hash(), h -> new ArrayList<>()).add(s.replica());
			for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
				if (g.getValue().size() >= threshold) {
					return new ConsensusDecision.Agreed(g.getKey(), g.getValue(), s.arrivalMillis(), seen);
				}
			}
			int largest = 0;
			for (List<Integer> g : groups.values()) {
				largest = Math.max(largest, g.size());
			}
			if (seen - largest > f) {
				Map<String, Integer> counts = new LinkedHashMap<>();
				messageOrder(groups).forEach((hash, replicas) -> counts.put(hash, replicas.size()));
				return new ConsensusDecision.Diverged(counts, render(counts), s.arrivalMillis(), seen);
			}
		}
		return new ConsensusDecision.TimedOut(timeoutMillis, seen);
	}

	/**
	 * The shares grouped by hash, each group's replicas ascending, groups in the divergence message's order (count
	 * descending, then hash descending).
	 *
	 * @param shares the shares, in any order
	 * @return hash → signing replicas, largest group first
	 */
	public static Map<String, List<Integer>> groupsInMessageOrder(List<Share> shares) {
		Map<String, List<Integer>> groups = new TreeMap<>();
		for (Share s : shares) {
			groups.computeIfAbsent(s.hash(), h -> new ArrayList<>()).add(s.replica());
		}
		return messageOrder(groups);
	}

	static Map<String, List<Integer>> messageOrder(Map<String, List<Integer>> groups) {
		List<Map.Entry<String, List<Integer>>> entries = new ArrayList<>(groups.entrySet());
		entries.sort((a, b) -> a.getValue().size() != b.getValue().size() ? Integer.compare(b.getValue().size(), a.getValue().size())
				: b.getKey().compareTo(a.getKey()));
		Map<String, List<Integer>> out = new LinkedHashMap<>();
		for (Map.Entry<String, List<Integer>> e : entries) {
			List<Integer> replicas = new ArrayList<>(e.getValue());
			replicas.sort(null);
			out.put(e.getKey(), List.copyOf(replicas));
		}
		return out;
	}

	/** {@code [hash: count], [hash: count]}. */
	static String render(Map<String, Integer> counts) {
		StringBuilder b = new StringBuilder();
		for (Map.Entry<String, Integer> e : counts.entrySet()) {
			if (b.length() > 0) {
				b.append(", ");
			}
			b.append('[').append(e.getKey()).append(": ").append(e.getValue()).append(']');
		}
		return b.toString();
	}
}
