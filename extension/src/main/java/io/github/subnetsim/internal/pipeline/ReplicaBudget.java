package io.github.subnetsim.internal.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

import io.github.subnetsim.internal.text.Rejection;
import io.github.subnetsim.trace.RejectReason;

/**
 * Pay-as-you-go's per-replica budget, for both pipelines: what is attached beyond the base fee is split evenly
 * between the committee, and a replica whose usage exceeds its share votes "Insufficient cycles" instead of its
 * response (ic-outcalls.md §2.2, §4.3; dfinity/ic {@code rs/types/types/src/canister_http.rs}).
 */
final class ReplicaBudget {

	private static final Rejection OUT_OF_BUDGET = Rejection.canisterReject(RejectReason.OUT_OF_BUDGET, "Insufficient cycles");

	private ReplicaBudget() {
	}

	/**
	 * The votes, each replica that spent more than its share turned into the budget reject.
	 *
	 * @param attached cycles attached to the call
	 * @param baseFee the fee taken up front
	 * @param votes the committee's votes
	 * @param usage what one replica spent
	 */
	static List<ReplicaVote> apply(long attached, long baseFee, List<ReplicaVote> votes, ToLongFunction<ReplicaVote> usage) {
		if (votes.isEmpty()) {
			return votes;
		}
		long share = (attached - baseFee) / votes.size();
		List<ReplicaVote> out = new ArrayList<>(votes.size());
		for (ReplicaVote v : votes) {
			out.add(v.performed && usage.applyAsLong(v) > share ? v.withReject(OUT_OF_BUDGET) : v);
		}
		return out;
	}
}
