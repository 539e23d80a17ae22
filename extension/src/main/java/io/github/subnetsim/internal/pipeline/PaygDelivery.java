package io.github.subnetsim.internal.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.github.subnetsim.cost.Receipt;

/**
 * When a fully or non-replicated pay-as-you-go result that reached its threshold is delivered (dfinity/ic
 * {@code rs/https_outcalls/consensus/src/payload_builder/utils.rs} {@code check_initial_spent_within_limit},
 * {@code find_non_flexible_out_of_cycles}). The block maker looks at the shares in arrival order, one per member:
 * <ul>
 * <li>the agreed group is delivered once the receipts of its signers so far + consensus_fee(content) ≤ allowance ×
 * signers; otherwise it is held back and later signers may fund it;</li>
 * <li>it is out of cycles once allowance × committee − Σ spent of the shares seen < consensus_fee(content), the
 * least cost of the one result still reachable;</li>
 * <li>with neither, the request times out.</li>
 * </ul>
 */
final class PaygDelivery {

	private PaygDelivery() {
	}

	/** How the agreed result ended. */
	sealed interface Outcome {
	}

	/** Delivered once {@code sharesSeen} shares had arrived, at {@code atMillis}. */
	record Delivered(long atMillis, int sharesSeen) implements Outcome {
	}

	/** The committee cannot pay: the numbers of the {@code Out of cycles: …} text. */
	record OutOfCycles(long atMillis, int sharesSeen, long spent, long unspent, long minCost) implements Outcome {
	}

	/** Never funded; the request timed out. */
	record TimedOut(int sharesSeen) implements Outcome {
	}

	/**
	 * The outcome for the agreed {@code hash}.
	 *
	 * @param votes every vote of the committee
	 * @param budget the receipts
	 * @param hash the agreed share hash
	 * @param threshold n − f, or 1 non-replicated
	 * @param committee the committee size
	 * @param allowance each node's allowance
	 * @param consensusFee consensus_fee of the agreed content's actual size
	 */
	static Outcome agreed(List<ReplicaVote> votes, ReplicaBudget.Settled budget, String hash, int threshold, int committee, long allowance,
			long consensusFee) {
		List<ReplicaVote> arrived = new ArrayList<>();
		for (ReplicaVote v : votes) {
			if (!v.silent) {
				arrived.add(v);
			}
		}
		arrived.sort(Comparator.comparingLong((ReplicaVote v) -> v.arrivalMillis).thenComparingInt(v -> v.replica));
		int seen = 0;
		int signers = 0;
		long spentSeen = 0;
		long spentBySigners = 0;
		for (ReplicaVote v : arrived) {
			Receipt r = budget.receipt(v);
			long charged = r == null ? 0 : r.charged();
			seen++;
			spentSeen += charged;
			if (hash.equals(v.hash)) {
				signers++;
				spentBySigners += charged;
			}
			if (signers < threshold) {
				continue;
			}
			if (spentBySigners + consensusFee <= allowance * signers) {
				return new Delivered(v.arrivalMillis, seen);
			}
			long unspent = allowance * committee - spentSeen;
			if (unspent < consensusFee) {
				return new OutOfCycles(v.arrivalMillis, seen, spentSeen, unspent, consensusFee);
			}
		}
		return new TimedOut(seen);
	}
}
