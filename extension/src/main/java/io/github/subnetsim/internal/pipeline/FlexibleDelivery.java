package io.github.subnetsim.internal.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.github.subnetsim.FlexibleOutcallResult.FlexibleError;
import io.github.subnetsim.FlexibleReplication;
import io.github.subnetsim.cost.Receipt;
import io.github.subnetsim.internal.charge.CyclesFormula;
import io.github.subnetsim.profile.Limits;

/**
 * What a flexible outcall delivers, and when (dfinity/ic
 * {@code rs/https_outcalls/consensus/src/payload_builder/utils.rs} {@code find_flexible_result},
 * {@code select_flexible_responses}, {@code check_flexible_out_of_cycles}). Each block (each distinct virtual
 * arrival time) the block maker takes the shares seen so far, one per committee member, and checks in order:
 * <ol>
 * <li>at least min OK: deliver {@code ok} — the largest k from min(max, OK seen) down to min whose k smallest
 * candidates (by size, then cycles spent, then replica) fit one block and the allowances can fund;</li>
 * <li>rejects > total − min: {@code too_many_rejects}, delivering from all rejects seen down to total − min + 1, the
 * smallest first;</li>
 * <li>the smallest OK responses still needed (min − unseen of them) cannot fit 2 MiB: {@code responses_too_large};</li>
 * <li>v2: allowance × total − Σ spent of the shares seen is below the least cost of any result still reachable:
 * {@code out_of_cycles};</li>
 * <li>otherwise wait; 60 s after the request, {@code timeout}.</li>
 * </ol>
 */
final class FlexibleDelivery {

	/** One block's outcall payload, 2 MiB (dfinity/ic {@code rs/types/types/src/canister_http.rs} {@code MAX_CANISTER_HTTP_PAYLOAD_SIZE}). */
	static final long MAX_BLOCK_BYTES = Limits.MAX_PAYLOAD_BYTES;

	private FlexibleDelivery() {
	}

	/**
	 * The decision. {@code error} is null for the {@code ok} arm.
	 *
	 * @param error the error arm, or null
	 * @param delivered the delivered responses ({@code ok}) or rejects ({@code too_many_rejects}), smallest first
	 * @param seen the shares seen when deciding, in arrival order
	 * @param atMillis when, virtual ms after the request
	 * @param min min_responses
	 * @param total total_requests
	 * @param okSeen OK shares seen
	 * @param rejectsSeen reject shares seen
	 * @param smallestSizes {@code responses_too_large}: the sizes of the min − unseen smallest OK responses
	 * @param spent {@code out_of_cycles}: Σ spent of the shares seen
	 * @param unspent {@code out_of_cycles}: allowance × total − spent
	 * @param minCost {@code out_of_cycles}: the least cost of a result still reachable
	 */
	record Outcome(FlexibleError error, List<ReplicaVote> delivered, List<ReplicaVote> seen, long atMillis, int min, int total, int okSeen,
			int rejectsSeen, List<Long> smallestSizes, long spent, long unspent, long minCost) {

		int sharesSeen() {
			return seen.size();
		}

		int unseen() {
			return total - seen.size();
		}
	}

	static Outcome decide(List<ReplicaVote> votes, ReplicaBudget.Settled budget, FlexibleReplication r, int n, long allowance, boolean payg) {
		List<ReplicaVote> arrived = new ArrayList<>();
		for (ReplicaVote v : votes) {
			if (!v.silent) {
				arrived.add(v);
			}
		}
		arrived.sort(Comparator.comparingLong((ReplicaVote v) -> v.arrivalMillis).thenComparingInt(v -> v.replica));
		int min = r.minResponses();
		int total = r.totalRequests();
		List<ReplicaVote> seen = new ArrayList<>();
		for (int i = 0; i < arrived.size(); i++) {
			seen.add(arrived.get(i));
			if (i + 1 < arrived.size() && arrived.get(i + 1).arrivalMillis == arrived.get(i).arrivalMillis) {
				continue; // the same block
			}
			long at = arrived.get(i).arrivalMillis;
			List<ReplicaVote> ok = sorted(seen, true, budget);
			List<ReplicaVote> rejects = sorted(seen, false, budget);
			long spent = 0;
			for (ReplicaVote v : seen) {
				spent += charged(v, budget);
			}
			// Delivery is funded by the allowances of the shares seen; out of cycles counts the whole committee's.
			long fund = payg ? allowance * seen.size() - spent : Long.MAX_VALUE;
			long room = payg ? allowance * total - spent : Long.MAX_VALUE;
			if (ok.size() >= min) {
				for (int k = Math.min(r.maxResponses(), ok.size()); k >= min; k--) {
					List<ReplicaVote> pick = ok.subList(0, k);
					if (fits(pick) && consensusCost(n, sizes(pick), min) <= fund) {
						return outcome(null, pick, seen, at, r, ok, rejects, List.of(), 0, 0, 0);
					}
				}
			}
			if (rejects.size() > total - min) {
				for (int k = rejects.size(); k > total - min; k--) {
					List<ReplicaVote> pick = rejects.subList(0, k);
					if (fits(pick) && consensusCost(n, sizes(pick), min) <= fund) {
						return outcome(FlexibleError.TOO_MANY_REJECTS, pick, seen, at, r, ok, rejects, List.of(), 0, 0, 0);
					}
				}
			}
			int needed = min - (total - seen.size());
			if (needed > 0 && ok.size() >= needed && !fits(ok.subList(0, needed))) {
				return outcome(FlexibleError.RESPONSES_TOO_LARGE, List.of(), seen, at, r, ok, rejects, sizes(ok.subList(0, needed)), 0, 0, 0);
			}
			if (payg) {
				long least = leastReachableCost(n, r, ok, rejects, total - seen.size());
				if (room < least) {
					return outcome(FlexibleError.OUT_OF_CYCLES, List.of(), seen, at, r, ok, rejects, List.of(), spent, room, least);
				}
			}
		}
		return new Outcome(FlexibleError.TIMEOUT, List.of(), seen, Limits.CONSENSUS_TIMEOUT.toMillis(), min, total,
				count(seen, true), count(seen, false), List.of(), 0, 0, 0);
	}

	private static Outcome outcome(FlexibleError error, List<ReplicaVote> delivered, List<ReplicaVote> seen, long at, FlexibleReplication r,
			List<ReplicaVote> ok, List<ReplicaVote> rejects, List<Long> smallest, long spent, long unspent, long least) {
		return new Outcome(error, List.copyOf(delivered), List.copyOf(seen), at, r.minResponses(), r.totalRequests(), ok.size(), rejects.size(),
				smallest, spent, unspent, least);
	}

	/**
	 * The least consensus cost of a result still reachable: min OK responses (the smallest seen, the rest unseen
	 * and counted at 0 bytes), or total − min + 1 rejects likewise.
	 */
	private static long leastReachableCost(int n, FlexibleReplication r, List<ReplicaVote> ok, List<ReplicaVote> rejects, int unseen) {
		long least = Long.MAX_VALUE;
		int min = r.minResponses();
		if (ok.size() + unseen >= min) {
			least = Math.min(least, costOfSmallest(n, ok, min, min));
		}
		int rejectsNeeded = r.totalRequests() - min + 1;
		if (rejects.size() + unseen >= rejectsNeeded) {
			least = Math.min(least, costOfSmallest(n, rejects, rejectsNeeded, min));
		}
		return least == Long.MAX_VALUE ? 0 : least;
	}

	private static long costOfSmallest(int n, List<ReplicaVote> candidates, int count, int min) {
		List<Long> sizes = new ArrayList<>(sizes(candidates.subList(0, Math.min(count, candidates.size()))));
		while (sizes.size() < count) {
			sizes.add(0L);
		}
		return consensusCost(n, sizes, min);
	}

	private static long consensusCost(int n, List<Long> sizes, int min) {
		return CyclesFormula.v2FlexibleConsensus(n, sizes, min);
	}

	/** Whether these responses fit one block: Σ(181 + size) ≤ 2 MiB. */
	private static boolean fits(List<ReplicaVote> pick) {
		long bytes = 0;
		for (ReplicaVote v : pick) {
			bytes += CyclesFormula.FLEXIBLE_RESPONSE_SIZE_OVERHEAD + v.contentBytes;
		}
		return bytes <= MAX_BLOCK_BYTES;
	}

	static List<Long> sizes(List<ReplicaVote> votes) {
		List<Long> out = new ArrayList<>(votes.size());
		for (ReplicaVote v : votes) {
			out.add(v.contentBytes);
		}
		return out;
	}

	/** The OK (or reject) shares seen, smallest first: by size, then cycles spent, then replica. */
	private static List<ReplicaVote> sorted(List<ReplicaVote> seen, boolean ok, ReplicaBudget.Settled budget) {
		List<ReplicaVote> out = new ArrayList<>();
		for (ReplicaVote v : seen) {
			if ((v.response != null) == ok) {
				out.add(v);
			}
		}
		out.sort(Comparator.comparingLong((ReplicaVote v) -> v.contentBytes).thenComparingLong(v -> charged(v, budget))
				.thenComparingInt(v -> v.replica));
		return out;
	}

	private static long charged(ReplicaVote v, ReplicaBudget.Settled budget) {
		Receipt r = budget.receipt(v);
		return r == null ? 0 : r.charged();
	}

	private static int count(List<ReplicaVote> seen, boolean ok) {
		int c = 0;
		for (ReplicaVote v : seen) {
			c += (v.response != null) == ok ? 1 : 0;
		}
		return c;
	}
}
