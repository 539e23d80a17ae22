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

	/**
	 * Virtual milliseconds after the request at which the decision was taken.
	 *
	 * @return virtual milliseconds since the request; the timeout itself for {@link TimedOut}
	 */
	long atMillis();

	/**
	 * How many shares the block maker had seen when it decided.
	 *
	 * @return the number of distinct replicas whose shares arrived in time
	 */
	int sharesSeen();

	/**
	 * n − f replicas signed the same hash.
	 *
	 * @param hash the hash the n − f signers agreed on
	 * @param signers the replicas that signed it, in arrival order
	 * @param atMillis when the last needed share arrived, virtual ms after the request
	 * @param sharesSeen how many shares the block maker had seen then
	 */
	record Agreed(String hash, List<Integer> signers, long atMillis, int sharesSeen) implements ConsensusDecision {
		/**
		 * Copies the signers.
		 *
		 * @param hash the hash the n − f signers agreed on
		 * @param signers the replicas that signed it, in arrival order
		 * @param atMillis when the last needed share arrived, virtual ms after the request
		 * @param sharesSeen how many shares the block maker had seen then
		 */
		public Agreed {
			signers = List.copyOf(signers);
		}
	}

	/**
	 * More than f replicas signed something other than the largest group, so no group can reach n − f.
	 *
	 * @param counts hash → number of shares, in the replica's message order (count descending, then hash descending)
	 * @param renderedHashes the {@code [hash: count], ...} list of the reject message
	 * @param atMillis when the share that made agreement impossible arrived, virtual ms after the request
	 * @param sharesSeen how many shares the block maker had seen then
	 */
	record Diverged(Map<String, Integer> counts, String renderedHashes, long atMillis, int sharesSeen) implements ConsensusDecision {
		/**
		 * Copies the counts, keeping their order.
		 *
		 * @param counts hash → number of shares, in the replica's message order (count descending, then hash descending)
		 * @param renderedHashes the {@code [hash: count], ...} list of the reject message
		 * @param atMillis when the share that made agreement impossible arrived, virtual ms after the request
		 * @param sharesSeen how many shares the block maker had seen then
		 */
		public Diverged {
			counts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counts));
		}
	}

	/**
	 * Neither agreement nor divergence before the consensus timeout (replicas stayed silent).
	 *
	 * @param atMillis the consensus timeout, virtual ms after the request
	 * @param sharesSeen how many shares arrived before it
	 */
	record TimedOut(long atMillis, int sharesSeen) implements ConsensusDecision {
	}
}
