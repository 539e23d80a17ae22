package io.github.subnetsim.internal.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.internal.text.RejectTexts;
import io.github.subnetsim.internal.text.Rejection;
import io.github.subnetsim.internal.validate.RequestValidator;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.trace.ConsensusTrace;
import io.github.subnetsim.trace.Decision;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.trace.Trace;

/**
 * Steps 1 and 2 of both pipelines (replicated and flexible): validate the request, then check the fee against the
 * attached cycles. A failure of either refunds everything and ends the outcall before any replica is asked; what
 * passes gets its replica plans and effective response limit.
 *
 * @param plans each replica's perturbations for this outcall
 * @param maxResponseBytes the request's {@code max_response_bytes}, or the profile's default
 */
record Preparation(List<ReplicaPlan> plans, long maxResponseBytes) {

	/**
	 * The first reject of steps 1–2, in the replica's order: the request's own checks, an extra check of the caller
	 * (a flexible outcall's replication record), then the fee.
	 */
	static Optional<Rejection> validateAndCharge(HttpRequestArgs args, ReplicaProfile profile, Optional<Rejection> extraCheck, long fee) {
		Optional<Rejection> invalid = RequestValidator.firstViolation(args, profile).or(() -> extraCheck);
		if (invalid.isEmpty() && args.cycles() < fee) {
			invalid = Optional.of(Rejection.canisterReject(RejectReason.INSUFFICIENT_CYCLES, RejectTexts.of(profile).insufficientCycles(args.cycles(), fee)));
		}
		return invalid;
	}

	/** The plans and limits of an outcall that passed steps 1–2. */
	static Preparation of(SubnetConfig config, HttpRequestArgs args, PerturbationPlan extra, long requestId) {
		ReplicaProfile profile = config.profile();
		List<ReplicaPlan> plans = ReplicaPlan.forOutcall(config.seed(), requestId, config.replicas(), config.perturbations().and(extra));
		long max = args.maxResponseBytes() == null ? profile.defaultMaxResponseBytes() : args.maxResponseBytes();
		return new Preparation(plans, max);
	}

	/** The trace of an outcall rejected at step 1 or 2: no replica, no consensus. */
	static Trace notReached(SubnetConfig config, HttpRequestArgs args, boolean replicated, Rejection why, long requestId) {
		return new Trace(requestId, config.seed(), config.profile().name(), args.method().name(), args.url(), replicated,
				why.reason().stage(), List.of(), new ConsensusTrace(List.of(), 0, 0, Map.of(), Decision.NOT_REACHED, 0, 0));
	}
}
