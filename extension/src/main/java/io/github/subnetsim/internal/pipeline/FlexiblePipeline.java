package io.github.subnetsim.internal.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

import io.github.subnetsim.FlexibleOutcallResult;
import io.github.subnetsim.FlexibleOutcallResult.FlexibleError;
import io.github.subnetsim.FlexibleOutcallResult.NodeDetail;
import io.github.subnetsim.FlexibleOutcallResult.ReplicaResponse;
import io.github.subnetsim.FlexibleReplication;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.cost.Cost;
import io.github.subnetsim.cost.PricingVersion;
import io.github.subnetsim.cost.Receipt;
import io.github.subnetsim.cost.RequestSize;
import io.github.subnetsim.internal.charge.CyclesFormula;
import io.github.subnetsim.internal.charge.OutcallPricing;
import io.github.subnetsim.internal.charge.PaygBudget;
import io.github.subnetsim.internal.text.RejectTexts;
import io.github.subnetsim.internal.text.Rejection;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.trace.ConsensusTrace;
import io.github.subnetsim.trace.Decision;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.trace.ReplicaTrace;
import io.github.subnetsim.trace.Stage;
import io.github.subnetsim.trace.Trace;

/**
 * {@code flexible_http_request} (dfinity/ic rs/https_outcalls/consensus/src/payload_builder/utils.rs; docs/flexible-and-non-replicated.md, dfinity/ic TYPES {@code generate_from_flexible_args}): validate
 * the replication record, charge the pay-as-you-go base fee, let a random committee fetch, and deliver what
 * {@link FlexibleDelivery} decides — the smallest responses once min are in, or the error record.
 */
public final class FlexiblePipeline {

	/** All delivered responses together must fit one block's outcall payload (2 MiB), with a per-response overhead. */
	static final long MAX_TOTAL_BYTES = Limits.MAX_PAYLOAD_BYTES;

	private final SubnetConfig config;
	private final OutcallPipeline outcalls;

	public FlexiblePipeline(SubnetConfig config, OutcallPipeline outcalls) {
		this.config = config;
		this.outcalls = outcalls;
	}

	public static Optional<String> violation(FlexibleReplication r, int n) {
		if (r.totalRequests() < 1) {
			return Optional.of("total_requests (" + r.totalRequests() + ") must be at least 1");
		}
		if (r.totalRequests() > n) {
			return Optional.of("total_requests (" + r.totalRequests() + ") must not exceed the number of available nodes (" + n + ")");
		}
		if (r.minResponses() > r.maxResponses()) {
			return Optional.of("min_responses (" + r.minResponses() + ") must not exceed max_responses (" + r.maxResponses() + ")");
		}
		if (r.maxResponses() > r.totalRequests()) {
			return Optional.of("max_responses (" + r.maxResponses() + ") must not exceed total_requests (" + r.totalRequests() + ")");
		}
		return Optional.empty();
	}

	public FlexibleOutcallResult run(HttpRequestArgs args, FlexibleReplication requested, PerturbationPlan extra, long requestId) {
		int n = config.replicas();
		ReplicaProfile profile = config.profile();
		FlexibleReplication replication = requested == null ? FlexibleReplication.defaults(n) : requested;
		RequestSize size = RequestSize.of(args);
		Cost base = baseFee(n, size, replication.minResponses());

		HttpRequestArgs asFlexible = args.toBuilder().replicated(Boolean.FALSE).build();
		Optional<Rejection> invalid = Preparation.validateAndCharge(asFlexible, profile, violation(replication, n)
				.map(text -> Rejection.canisterReject(RejectReason.REPLICATION_INVALID, text)), base.total());
		if (invalid.isPresent()) {
			Rejection why = invalid.get();
			return new FlexibleOutcallResult.Reject(why.code(), why.message(), why.reason(), base.nothingCharged(), args.cycles(),
					Preparation.notReached(config, args, false, why, requestId));
		}

		// A random committee of total_requests replicas, chosen by the seed; what is attached beyond the base fee is
		// withheld and split into total_requests allowances (dfinity/ic rs/https_outcalls/pricing/src/fees.rs max_usage_fee).
		SortedSet<Integer> chosen = Replicas.random(replication.totalRequests()).select(n, ReplicaPlan.outcallChoices(config.seed(), requestId));
		List<Integer> committee = new ArrayList<>(chosen);
		Preparation prepared = Preparation.of(config, args, extra, requestId);
		boolean payg = config.charged();
		long paygMax = OutcallPricing.maxResponseBytes(args);
		PaygBudget.Shape shape = PaygBudget.Shape.flexible(n, replication.totalRequests(), replication.minResponses(), replication.maxResponses());
		PaygBudget.Withholding held = payg ? PaygBudget.Withholding.of(args.cycles(), base.total(), PaygBudget.maxUsageFee(shape, paygMax),
				replication.totalRequests()) : null;
		ReplicaBudget.Terms terms = new ReplicaBudget.Terms(payg, payg ? held.allowance() : 0, payg ? paygMax : prepared.maxResponseBytes(), n, true,
				profile, config.canisterId());
		List<ReplicaVote> votes = outcalls.fetchAndVote(args, committee, prepared.plans(), terms.downloadCap(prepared.maxResponseBytes()),
				terms.nodeAllowance());
		ReplicaBudget.Settled budget = ReplicaBudget.apply(args, votes, terms);
		votes = budget.votes();

		FlexibleDelivery.Outcome outcome = FlexibleDelivery.decide(votes, budget, replication, n, payg ? held.allowance() : Long.MAX_VALUE / 4, payg);
		Cost charged = settle(base, budget, votes, outcome, replication, held);
		long refund = args.cycles() - charged.total();
		List<ReplicaTrace> traces = new ArrayList<>();
		for (ReplicaVote v : votes) {
			traces.add(v.trace);
		}
		Map<String, List<Integer>> groups = new java.util.LinkedHashMap<>();
		for (ReplicaVote v : outcome.delivered()) {
			groups.computeIfAbsent(v.hash, h -> new ArrayList<>()).add(v.replica);
		}
		FlexibleError error = outcome.error();
		Trace trace = new Trace(requestId, config.seed(), profile.name(), args.method().name(), args.url(), false, Stage.DELIVERY, traces,
				new ConsensusTrace(committee, 0, replication.minResponses(), groups, error == null ? Decision.DELIVERED : Decision.FLEXIBLE_ERROR,
						outcome.atMillis(), outcome.sharesSeen()));
		if (error != null) {
			return new FlexibleOutcallResult.Error(error, details(outcome, budget), message(outcome, RejectTexts.of(profile)), charged, refund, trace);
		}
		List<ReplicaResponse> responses = new ArrayList<>();
		for (ReplicaVote v : outcome.delivered()) {
			responses.add(new ReplicaResponse(v.replica, v.response));
		}
		return new FlexibleOutcallResult.Responses(responses, charged, refund, trace);
	}

	/** The error arm's text (dfinity/ic PB {@code flexible_error_into_consensus_response}). */
	private static String message(FlexibleDelivery.Outcome o, RejectTexts texts) {
		return switch (o.error()) {
			case TIMEOUT -> texts.flexibleTimeout();
			case TOO_MANY_REJECTS -> texts.flexibleTooManyRejects(o.delivered().size());
			case RESPONSES_TOO_LARGE -> texts.flexibleResponsesTooLarge(o.min(), o.unseen(), o.okSeen(), o.smallestSizes(), o.rejectsSeen(), o.total());
			case OUT_OF_CYCLES -> texts.outOfCycles(o.sharesSeen(), o.spent(), o.unspent(), o.minCost());
		};
	}

	/** The error arm's {@code node_details}, one per delivered reject or per share seen. */
	private static List<NodeDetail> details(FlexibleDelivery.Outcome o, ReplicaBudget.Settled budget) {
		List<NodeDetail> out = new ArrayList<>();
		switch (o.error()) {
			case TIMEOUT -> {
			}
			case TOO_MANY_REJECTS -> {
				for (ReplicaVote v : o.delivered()) {
					out.add(new NodeDetail(v.replica, v.rejectCode.displayName(), v.rejectMessage));
				}
			}
			case RESPONSES_TOO_LARGE -> {
				for (ReplicaVote v : o.seen()) {
					out.add(new NodeDetail(v.replica, v.response != null ? "ok" : "reject", v.contentBytes + " bytes"));
				}
			}
			case OUT_OF_CYCLES -> {
				for (ReplicaVote v : o.seen()) {
					Receipt r = budget.receipt(v);
					out.add(new NodeDetail(v.replica, v.response != null ? "ok" : "reject", (r == null ? 0 : r.charged()) + " cycles spent"));
				}
			}
		}
		return out;
	}

	private Cost baseFee(int n, RequestSize size, int minResponses) {
		if (!config.charged()) {
			return Cost.free(PricingVersion.PAY_AS_YOU_GO, config.profile(), n, size, 0);
		}
		long requestPart = CyclesFormula.v2RequestBytesFee(n, size.total());
		long all = CyclesFormula.v2BaseFlexible(n, size.total(), minResponses);
		return Cost.of(PricingVersion.PAY_AS_YOU_GO, config.profile(), n, size, 0, all - requestPart, requestPart, 0, 0, 0);
	}

	/**
	 * The final charge (dfinity/ic PB {@code into_messages}; {@code rs/https_outcalls/pricing/src/fees.rs}
	 * {@code flexible_initial_spent}): {@code ok} and {@code too_many_rejects}: base + every reporting member's
	 * receipt + consensus_fee(Σ(181 + size)) + (2,000·n + 100,000)·n·(K − min); {@code responses_too_large} and
	 * {@code out_of_cycles}: base + the receipts, no consensus fee; {@code timeout}: the base alone.
	 */
	private Cost settle(Cost base, ReplicaBudget.Settled budget, List<ReplicaVote> votes, FlexibleDelivery.Outcome o, FlexibleReplication r,
			PaygBudget.Withholding held) {
		if (!config.charged()) {
			return base;
		}
		if (o.error() == FlexibleError.TIMEOUT) {
			return base.settled(List.of(), 0, 0, held.withheld());
		}
		List<Receipt> receipts = budget.receiptsOf(votes);
		if (o.error() == null || o.error() == FlexibleError.TOO_MANY_REJECTS) {
			List<Long> sizes = FlexibleDelivery.sizes(o.delivered());
			long bytes = 0;
			for (long size : sizes) {
				bytes += size;
			}
			return base.settled(receipts, CyclesFormula.v2FlexibleConsensus(config.replicas(), sizes, r.minResponses()), bytes, held.withheld());
		}
		return base.settled(receipts, 0, 0, held.withheld());
	}
}
