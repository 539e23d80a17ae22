package io.github.subnetsim.internal.pipeline;

import io.github.subnetsim.FlexibleOutcallResult;
import io.github.subnetsim.FlexibleReplication;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.internal.text.Rejection;
import io.github.subnetsim.trace.Decision;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.trace.Stage;
import java.util.Optional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

import io.github.subnetsim.FlexibleOutcallResult.FlexibleError;
import io.github.subnetsim.FlexibleOutcallResult.NodeDetail;
import io.github.subnetsim.FlexibleOutcallResult.ReplicaResponse;
import io.github.subnetsim.cost.Cost;
import io.github.subnetsim.internal.charge.CyclesFormula;
import io.github.subnetsim.cost.PricingVersion;
import io.github.subnetsim.cost.RequestSize;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.trace.ConsensusTrace;
import io.github.subnetsim.trace.ReplicaTrace;
import io.github.subnetsim.trace.Trace;

/**
 * {@code flexible_http_request} (ic-outcalls.md §5, dfinity/ic TYPES {@code generate_from_flexible_args}): validate
 * the replication record, charge the pay-as-you-go base fee, let a random committee fetch, and deliver between min
 * and max responses as they arrive — or the error record.
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

		// A random committee of total_requests replicas, chosen by the seed.
		SortedSet<Integer> chosen = Replicas.random(replication.totalRequests()).select(n, ReplicaPlan.outcallChoices(config.seed(), requestId));
		List<Integer> committee = new ArrayList<>(chosen);
		Preparation prepared = Preparation.of(config, args, extra, requestId);
		List<ReplicaVote> votes = outcalls.fetchAndVote(args, committee, prepared.plans(), prepared.maxResponseBytes());
		if (config.charged()) {
			votes = ReplicaBudget.apply(args.cycles(), base.total(), votes, v -> usageOf(args, v));
		}

		List<ReplicaVote> arrived = new ArrayList<>();
		for (ReplicaVote v : votes) {
			if (!v.silent) {
				arrived.add(v);
			}
		}
		arrived.sort(Comparator.comparingLong((ReplicaVote v) -> v.arrivalMillis).thenComparingInt(v -> v.replica));
		List<ReplicaVote> delivered = new ArrayList<>();
		int rejects = 0;
		int outOfCycles = 0;
		long decidedAt = 0;
		for (ReplicaVote v : arrived) {
			if (delivered.size() >= replication.maxResponses()) {
				break;
			}
			decidedAt = v.arrivalMillis;
			if (v.response != null) {
				delivered.add(v);
			}
			else {
				rejects++;
				outOfCycles += v.rejectReason == RejectReason.OUT_OF_BUDGET ? 1 : 0;
			}
		}
		long deliveredBytes = 0;
		List<Long> sizes = new ArrayList<>();
		for (ReplicaVote v : delivered) {
			sizes.add(v.contentBytes);
			deliveredBytes += v.contentBytes + CyclesFormula.FLEXIBLE_RESPONSE_SIZE_OVERHEAD;
		}
		Cost charged = settle(args, size, base, replication, votes, sizes);
		long refund = args.cycles() - charged.total();
		int silent = votes.size() - arrived.size();
		FlexibleError error = null;
		String message = null;
		if (delivered.size() < replication.minResponses()) {
			if (outOfCycles > 0) {
				error = FlexibleError.OUT_OF_CYCLES;
				message = "Out of cycles: " + outOfCycles + " of the assigned replicas exhausted their share of the attached payment";
			}
			else if (silent > 0 && delivered.size() + silent >= replication.minResponses()) {
				error = FlexibleError.TIMEOUT;
				message = "Timeout: " + delivered.size() + " of the required " + replication.minResponses()
						+ " responses arrived before the request timed out";
				decidedAt = Limits.CONSENSUS_TIMEOUT.toMillis();
			}
			else {
				error = FlexibleError.TOO_MANY_REJECTS;
				message = "Too many rejects: " + rejects + " of " + replication.totalRequests() + " replicas rejected, so fewer than "
						+ replication.minResponses() + " responses can be delivered";
			}
		}
		else if (deliveredBytes > MAX_TOTAL_BYTES) {
			error = FlexibleError.RESPONSES_TOO_LARGE;
			message = "Responses too large: " + delivered.size() + " responses take " + deliveredBytes + " bytes with their overhead, over "
					+ MAX_TOTAL_BYTES;
		}
		List<ReplicaTrace> traces = new ArrayList<>();
		List<NodeDetail> details = new ArrayList<>();
		for (ReplicaVote v : votes) {
			traces.add(v.trace);
			details.add(new NodeDetail(v.replica, v.silent ? "no response" : v.response != null ? "response" : "reject", v.rejectCode, v.rejectMessage));
		}
		Map<String, List<Integer>> groups = new java.util.LinkedHashMap<>();
		for (ReplicaVote v : delivered) {
			groups.computeIfAbsent(v.hash, h -> new ArrayList<>()).add(v.replica);
		}
		Trace trace = new Trace(requestId, config.seed(), profile.name(), args.method().name(), args.url(), false, Stage.DELIVERY, traces,
				new ConsensusTrace(committee, 0, replication.minResponses(), groups, error == null ? Decision.DELIVERED : Decision.FLEXIBLE_ERROR,
						decidedAt, arrived.size()));
		if (error != null) {
			return new FlexibleOutcallResult.Error(error, details, message, charged, refund, trace);
		}
		List<ReplicaResponse> responses = new ArrayList<>();
		for (ReplicaVote v : delivered) {
			responses.add(new ReplicaResponse(v.replica, v.response));
		}
		return new FlexibleOutcallResult.Responses(responses, charged, refund, trace);
	}

	private Cost baseFee(int n, RequestSize size, int minResponses) {
		if (!config.charged()) {
			return Cost.free(PricingVersion.PAY_AS_YOU_GO, config.profile(), n, size, 0);
		}
		long requestPart = CyclesFormula.v2RequestBytesFee(n, size.total());
		long all = CyclesFormula.v2BaseFlexible(n, size.total(), minResponses);
		return Cost.of(PricingVersion.PAY_AS_YOU_GO, config.profile(), n, size, 0, all - requestPart, requestPart, 0, 0, 0);
	}

	/** Base + what each committee member used (download, time, transform, gossip) + consensus on the delivered set. */
	private Cost settle(HttpRequestArgs args, RequestSize size, Cost base, FlexibleReplication r, List<ReplicaVote> votes, List<Long> sizes) {
		int n = config.replicas();
		if (!config.charged()) {
			return Cost.free(PricingVersion.PAY_AS_YOU_GO, config.profile(), n, size, 0);
		}
		long usage = 0;
		for (ReplicaVote v : votes) {
			if (v.performed) {
				usage = Math.addExact(usage, usageOf(args, v));
			}
		}
		long consensus = CyclesFormula.v2FlexibleConsensus(n, sizes, r.minResponses());
		long total = base.total() + usage + consensus;
		if (total > args.cycles()) {
			// Never more than attached: the per-replica budgets stop spending first, consensus is paid before usage.
			long room = args.cycles() - base.total();
			consensus = Math.min(consensus, room);
			usage = Math.min(usage, room - consensus);
		}
		long delivered = 0;
		for (long s : sizes) {
			delivered += s;
		}
		return Cost.of(PricingVersion.PAY_AS_YOU_GO, config.profile(), n, size, delivered, base.base(), base.requestBytesPart(), 0, usage, consensus);
	}

	private long usageOf(HttpRequestArgs args, ReplicaVote v) {
		long gossip = v.response != null ? CyclesFormula.v2Gossip(config.replicas(), v.contentBytes) : 0;
		return v.usage(args).cycles() + gossip;
	}
}
