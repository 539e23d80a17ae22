package io.github.subnetsim.internal.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.cost.Receipt;
import io.github.subnetsim.internal.charge.CyclesFormula;
import io.github.subnetsim.internal.charge.OutcallPricing;
import io.github.subnetsim.internal.charge.PaygBudget;
import io.github.subnetsim.internal.text.RejectTexts;
import io.github.subnetsim.internal.text.Rejection;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.trace.RejectReason;

/**
 * What each node's client does after the fetch and the transform, for both pipelines (dfinity/ic
 * {@code rs/https_outcalls/client/src/client.rs} {@code send}; {@code rs/https_outcalls/pricing/src/payg.rs}
 * {@code PayAsYouGoTracker}):
 * <ol>
 * <li>pay-as-you-go: the deadline min(60 s, remaining/300 ms) ({@code Deadline Exceeded}); the download and the
 * time are charged; the transform's instruction limit min(5·10⁹, remaining·13 + 12) (IC0522) and the transformed
 * limit min(max_response_bytes, remaining/50) follow from what is left;</li>
 * <li>a transform's reply, reject or trap text is measured against the transformed limit
 * ({@code Transformed http response exceeds limit: N});</li>
 * <li>a reject message over 1,024 bytes is ellipsized;</li>
 * <li>pay-as-you-go: the transform and the gossip of the node's content are charged; any step that takes the spend
 * above the allowance turns the vote into {@code Insufficient cycles}. Each node's receipt is its spend, capped at
 * its allowance.</li>
 * </ol>
 * The download cap min(max_response_bytes, remaining/50) is applied by the fetch itself ({@link #downloadCap}).
 */
final class ReplicaBudget {

	private ReplicaBudget() {
	}

	/**
	 * One outcall's terms for its nodes.
	 *
	 * @param payg whether pay-as-you-go budgets apply (v2 on a charged subnet)
	 * @param allowance each node's allowance (v2)
	 * @param maxResponseBytes {@code max_response_bytes} or 2,000,000 (v2) / the profile's transformed limit (v1)
	 * @param n the subnet size
	 * @param gossips whether each node pays to gossip its content (non-replicated, flexible)
	 * @param profile the replica profile
	 * @param canisterId the calling canister, for trap texts
	 */
	record Terms(boolean payg, long allowance, long maxResponseBytes, int n, boolean gossips, ReplicaProfile profile, String canisterId) {

		/** Each node's allowance under v2, or -1: a metered transform then runs under the node's own limit. */
		long nodeAllowance() {
			return payg ? allowance : -1;
		}

		/** The cap the fetch applies: the node's reduced cap under v2, else {@code fallback}. */
		long downloadCap(long fallback) {
			return payg ? PaygBudget.downloadCap(maxResponseBytes, allowance) : fallback;
		}
	}

	/**
	 * The votes after the client's checks, and under v2 each non-silent node's receipt.
	 *
	 * @param votes the votes, in committee order
	 * @param receipts replica → receipt (v2 only)
	 */
	record Settled(List<ReplicaVote> votes, Map<Integer, Receipt> receipts) {

		Receipt receipt(ReplicaVote v) {
			return receipts.get(v.replica);
		}

		/** The receipts of these votes, in the given order, skipping votes without one. */
		List<Receipt> receiptsOf(List<ReplicaVote> of) {
			List<Receipt> out = new ArrayList<>();
			for (ReplicaVote v : of) {
				Receipt r = receipts.get(v.replica);
				if (r != null) {
					out.add(r);
				}
			}
			return out;
		}
	}

	/**
	 * A node's transform instruction limit under pay-as-you-go (dfinity/ic {@code rs/https_outcalls/pricing/src/payg.rs}
	 * {@code get_transform_limit}): min(5·10⁹, remaining·13 + 12), with what its allowance has left once its download
	 * and round trip are charged. The transform runs under it ({@link ReplicaVote}) and {@link #apply} checks it.
	 */
	static long transformInstructionLimit(long allowance, long downloadedBytes, long roundTripMs) {
		return PaygBudget.transformInstructionLimit(allowance - downloadFee(downloadedBytes) - timeFee(roundTripMs));
	}

	private static long downloadFee(long bytes) {
		return CyclesFormula.PER_DOWNLOADED_BYTE_FEE * bytes;
	}

	private static long timeFee(long roundTripMs) {
		return CyclesFormula.PER_RESPONSE_MS_FEE * roundTripMs;
	}

	static Settled apply(HttpRequestArgs args, List<ReplicaVote> votes, Terms t) {
		List<ReplicaVote> out = new ArrayList<>(votes.size());
		Map<Integer, Receipt> receipts = new LinkedHashMap<>();
		for (ReplicaVote v : votes) {
			if (v.silent) {
				out.add(v);
			}
			else if (t.payg()) {
				Node node = new Node(v, t, args);
				out.add(node.vote);
				receipts.put(v.replica, node.receipt());
			}
			else {
				out.add(ellipsized(transformSized(v, t.profile().transformedLimit(args.maxResponseBytes()), t), t));
			}
		}
		return new Settled(out, receipts);
	}

	/** CLIENT {@code send}: a transform's reject or trap text longer than the transformed limit (current replica). */
	private static ReplicaVote transformSized(ReplicaVote v, long limit, Terms t) {
		if (t.profile() != ReplicaProfile.CURRENT_REPLICA || !v.transformed || v.rejectMessage == null) {
			return v;
		}
		boolean transformText = v.rejectReason == RejectReason.TRANSFORM_REJECTED || v.rejectReason == RejectReason.TRANSFORM_TRAPPED
				|| v.rejectReason == RejectReason.INSTRUCTION_LIMIT;
		if (transformText && utf8(v.rejectMessage) > limit || v.rejectReason == RejectReason.TRANSFORMED_TOO_LARGE) {
			return v.withReject(new Rejection(RejectReason.TRANSFORMED_TOO_LARGE, RejectCode.SYS_FATAL,
					RejectTexts.of(t.profile()).transformedTooLarge(limit)));
		}
		return v;
	}

	/** CLIENT {@code send}: reject messages over 1,024 bytes are ellipsized (current replica). */
	private static ReplicaVote ellipsized(ReplicaVote v, Terms t) {
		if (t.profile() != ReplicaProfile.CURRENT_REPLICA || v.rejectMessage == null
				|| utf8(v.rejectMessage) <= RejectTexts.MAX_ERROR_MESSAGE_BYTES) {
			return v;
		}
		return v.withReject(new Rejection(v.rejectReason, v.rejectCode, RejectTexts.ellipsize(v.rejectMessage)));
	}

	private static long utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8).length;
	}

	/** One node's accounting under v2, step by step. */
	private static final class Node {
		final Terms t;
		final RejectTexts texts;
		ReplicaVote vote;
		long download;
		long time;
		long transform;
		long gossip;
		boolean exhausted;

		Node(ReplicaVote v, Terms t, HttpRequestArgs args) {
			this.t = t;
			this.texts = RejectTexts.of(t.profile());
			this.vote = v;
			OutcallPricing.ReplicaUsage used = v.usage(args);
			long a = t.allowance();
			long deadline = PaygBudget.deadlineMs(a);
			if (v.performed && used.roundTripMs() > deadline) {
				// The client gives up at its deadline: the time until then is spent, the download never completes.
				time = CyclesFormula.PER_RESPONSE_MS_FEE * deadline;
				vote = v.withReject(new Rejection(RejectReason.DEADLINE_EXCEEDED, RejectCode.SYS_TRANSIENT, texts.deadlineExceeded()));
			}
			else {
				// A failed fetch reports the adapter's error, not a response size: only its time is charged.
				download = v.trace.status() != null ? downloadFee(used.downloadedBytes()) : 0;
				time = v.performed ? timeFee(used.roundTripMs()) : 0;
				if (overspent()) {
					return;
				}
				long remaining = a - download - time;
				if (v.transformed) {
					long limit = PaygBudget.transformInstructionLimit(remaining);
					if (used.transformInstructions() > limit) {
						transform = limit / CyclesFormula.TRANSFORM_INSTRUCTION_DIVISOR;
						vote = v.withReject(new Rejection(RejectReason.INSTRUCTION_LIMIT, RejectCode.CANISTER_ERROR,
								texts.instructionLimit(t.canisterId(), limit)));
					}
					else {
						transform = used.transformInstructions() / CyclesFormula.TRANSFORM_INSTRUCTION_DIVISOR;
						long cap = PaygBudget.transformedLimit(t.maxResponseBytes(), remaining);
						Long size = v.trace.transformedBytes();
						if (v.response != null && size != null && size > cap) {
							vote = v.withReject(new Rejection(RejectReason.TRANSFORMED_TOO_LARGE, RejectCode.SYS_FATAL, texts.transformedTooLarge(cap)));
						}
						else {
							vote = transformSized(v, cap, t);
						}
					}
				}
				if (overspent()) {
					return;
				}
			}
			vote = ellipsized(vote, t);
			if (t.gossips()) {
				gossip = CyclesFormula.v2Gossip(t.n(), vote.contentBytes);
			}
			overspent();
		}

		/** Whether the spend so far passed the allowance; if so the node votes {@code Insufficient cycles}. */
		private boolean overspent() {
			if (!exhausted && download + time + transform + gossip > t.allowance()) {
				exhausted = true;
				vote = vote.withReject(new Rejection(RejectReason.OUT_OF_BUDGET, RejectCode.CANISTER_REJECT, texts.nodeOutOfAllowance()));
			}
			return exhausted;
		}

		Receipt receipt() {
			return new Receipt(vote.replica, download, time, transform, gossip, t.allowance());
		}
	}
}
