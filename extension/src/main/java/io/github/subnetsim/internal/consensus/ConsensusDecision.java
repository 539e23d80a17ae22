package io.github.subnetsim.internal.consensus;

import java.util.List;
import java.util.Map;

/**
 * How one outcall's consensus ended: agreement, early divergence, or the 60 s timeout.
 *
 * <pre>{@code
 * if (decision instanceof ConsensusDecision.Agreed a) { a.hash(); a.signers(); }
 * }</pre>
 */
public sealed interface ConsensusDecision {

	/** Virtual milliseconds after the request at which the decision was taken. */
	long atMillis();

	/** How many shares the block maker had seen when it decided. */
	int sharesSeen();

	/** n − f replicas signed the same hash. */
	record Agreed(String hash, List<Integer> signers, long atMillis, int sharesSeen) implements ConsensusDecision {
		public Agreed {
			signers = List.copyOf(signers);
		}
	}

	/**
	 * More than f replicas signed something other than the largest group, so no group can reach n − f.
	 *
	 * @param counts hash → number of shares, in the replica's message order (count descending, then hash descending)
	 * @param renderedHashes the {@code [hash: count], ...} list of the reject message
	 */
	record Diverged(Map<String, Integer> counts, String renderedHashes, long atMillis, int sharesSeen) implements ConsensusDecision {
		public Diverged {
			counts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counts));
		}
	}

	/** Neither agreement nor divergence before the consensus timeout (replicas stayed silent). */
	record TimedOut(long atMillis, int sharesSeen) implements ConsensusDecision {
	}
}
