package io.github.subnetsim.internal.charge;

import java.util.List;
import java.util.Objects;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.cost.Cost;
import io.github.subnetsim.cost.PricingVersion;
import io.github.subnetsim.cost.RequestSize;
import io.github.subnetsim.profile.ReplicaProfile;

/**
 * The cycles an outcall costs on one subnet: what must be attached before anything happens ({@link #upFront}),
 * what is finally kept ({@link #settle}), and the pay-as-you-go quote ({@link #quoteV2Defaults}). The pricing
 * version comes from each request's {@code pricing_version}, resolved for the profile ({@link PricingVersion#resolve}).
 *
 * <p>Under v1 the fee is the whole charge and is known up front; nothing is refunded for unused response bytes
 * (dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md). Under v2 only the base fee is required up front; the final charge adds what the replicas
 * used and the consensus on the delivered response (§4.3).
 * <pre>{@code
 * OutcallPricing pricing = OutcallPricing.of(ReplicaProfile.CURRENT_REPLICA, 13, false);
 * Cost required = pricing.upFront(args);
 * if (args.cycles() < required.total()) { ... reject ... }
 * Cost charged = pricing.settle(args, List.of(new OutcallPricing.ReplicaUsage(1_000, 2_000, 26)), 2_000);
 * }</pre>
 */
public final class OutcallPricing {

	/** CDK default round trip for a quote: the v2 {@code MAX_RESPONSE_TIME}, 60 s (dfinity/ic rs/https_outcalls/adapter/src/config.rs and rs/https_outcalls/client/src/client.rs; docs/limits-and-profiles.md, §4.4). */
	public static final long QUOTE_ROUND_TRIP_MS = 60_000;
	/** CDK default raw response size without {@code max_response_bytes}: TYPES {@code MAX_CANISTER_HTTP_RESPONSE_BYTES}. */
	public static final long QUOTE_DEFAULT_RESPONSE_BYTES = 2_000_000;
	/** CDK {@code CANDID_OVERHEAD_RESERVE_BYTES}: transformed = raw + this (dfinity/ic rs/https_outcalls/client/src/client.rs (validate_response, transform_adapter_response); docs/limits-and-profiles.md, §4.4). */
	public static final long CANDID_OVERHEAD_RESERVE_BYTES = 1_024;
	/** CDK quote with a transform: {@code MAX_INSTRUCTIONS_PER_QUERY_MESSAGE}, 5 B (dfinity/ic rs/types/types/src/canister_http.rs; docs/limits-and-profiles.md, §4.4). */
	public static final long QUOTE_TRANSFORM_INSTRUCTIONS = 5_000_000_000L;

	private final ReplicaProfile profile;
	private final int n;
	private final boolean free;

	private OutcallPricing(ReplicaProfile profile, int n, boolean free) {
		this.profile = profile;
		this.n = n;
		this.free = free;
	}

	/**
	 * Pricing on a subnet of {@code n} nodes; {@code free} for a system subnet or a free cost schedule, where every
	 * fee is 0 (CFG {@code system_subnet()}, dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md vector 13).
	 */
	public static OutcallPricing of(ReplicaProfile profile, int n, boolean free) {
		Objects.requireNonNull(profile, "profile");
		if (n < 1) {
			throw new IllegalArgumentException("subnet size n must be >= 1, got " + n);
		}
		return new OutcallPricing(profile, n, free);
	}

	/** The pricing version this subnet applies to the request. */
	public PricingVersion pricingFor(HttpRequestArgs args) {
		return PricingVersion.resolve(args.pricingVersion(), profile);
	}

	/** The fee the attached cycles must cover before the outcall starts. */
	public Cost upFront(HttpRequestArgs args) {
		try {
			return upFrontExact(args);
		}
		catch (ArithmeticException e) {
			return saturated(pricingFor(args), args);
		}
	}

	/**
	 * A fee past {@code Long.MAX_VALUE}, saturated as the replica's {@code Cycles} arithmetic saturates
	 * {@code rs/types/cycles/src/cycles.rs}, {@code saturating_add}/{@code saturating_mul}). Only requests the
	 * validation refuses anyway ({@code max_response_bytes} out of range) get here, so the saturated number is never
	 * charged; it only keeps the pipeline from throwing.
	 */
	private Cost saturated(PricingVersion pricing, HttpRequestArgs args) {
		RequestSize size = RequestSize.of(args);
		long response = args.maxResponseBytes() == null ? profile.defaultMaxResponseBytes() : args.maxResponseBytes();
		if (free) {
			return Cost.free(pricing, profile, n, size, response);
		}
		return Cost.of(pricing, profile, n, size, response, Long.MAX_VALUE, 0, 0, 0, 0);
	}

	private Cost upFrontExact(HttpRequestArgs args) {
		PricingVersion pricing = pricingFor(args);
		RequestSize size = RequestSize.of(args);
		if (pricing == PricingVersion.LEGACY) {
			return legacy(args, size);
		}
		if (free) {
			return Cost.free(pricing, profile, n, size, 0);
		}
		return v2Base(args, size, 0, 0, 0);
	}

	/**
	 * The final charge of an outcall whose content was delivered (dfinity/ic rs/https_outcalls/pricing/src/payg.rs and fees.rs; docs/cost.md "Settlement"; dfinity/ic
	 * {@code rs/https_outcalls/consensus/src/payload_builder.rs} {@code into_messages}). {@code performing} holds what
	 * each replica that reported used (n of them fully replicated, one non-replicated); {@code deliveredContentBytes}
	 * is the actual size of the delivered content (the response's Candid bytes, or the reject), on which the consensus
	 * fee is charged with no floor. Under v2: base + Σ usage (+ gossip of the delivered content, non-replicated) +
	 * consensus_fee(size). Receipts are not capped here; the pipelines cap them at the allowances.
	 */
	public Cost settle(HttpRequestArgs args, List<ReplicaUsage> performing, long deliveredContentBytes) {
		Objects.requireNonNull(performing, "performing");
		if (deliveredContentBytes < 0) {
			throw new IllegalArgumentException("delivered content bytes must be >= 0, got " + deliveredContentBytes);
		}
		PricingVersion pricing = pricingFor(args);
		RequestSize size = RequestSize.of(args);
		if (pricing == PricingVersion.LEGACY) {
			return legacy(args, size);
		}
		if (free) {
			return Cost.free(pricing, profile, n, size, deliveredContentBytes);
		}
		long usage = 0;
		for (ReplicaUsage u : performing) {
			usage = Math.addExact(usage, u.cycles());
			if (!args.replicated()) {
				usage = Math.addExact(usage, CyclesFormula.v2Gossip(n, deliveredContentBytes));
			}
		}
		return v2Base(args, size, deliveredContentBytes, usage, CyclesFormula.v2ConsensusFee(n, deliveredContentBytes));
	}

	/**
	 * What {@code cost_http_request_v2} quotes with the CDK's defaults (the interface spec, management-canister.md cost_http_request_v2; docs/cost.md): every performing
	 * replica (n fully replicated, 1 non-replicated) takes 60,000 ms, downloads {@code max_response_bytes} or
	 * 2,000,000 bytes and runs 5 B transform instructions if there is a transform; the delivered content is the
	 * raw size + 1,024, floored at 1,025. Always priced as v2, whatever the request's {@code pricing_version}.
	 */
	public Cost quoteV2Defaults(HttpRequestArgs args) {
		try {
			return quoteV2Exact(args);
		}
		catch (ArithmeticException e) {
			return saturated(PricingVersion.PAY_AS_YOU_GO, args);
		}
	}

	private Cost quoteV2Exact(HttpRequestArgs args) {
		RequestSize size = RequestSize.of(args);
		long raw = maxResponseBytes(args);
		long transformed = Math.addExact(raw, CANDID_OVERHEAD_RESERVE_BYTES);
		if (free) {
			return Cost.free(PricingVersion.PAY_AS_YOU_GO, profile, n, size, transformed);
		}
		long instructions = args.transform() == null ? 0 : QUOTE_TRANSFORM_INSTRUCTIONS;
		PaygBudget.Shape shape = shape(args);
		long perNode = CyclesFormula.v2ReplicaUsage(raw, QUOTE_ROUND_TRIP_MS, instructions);
		if (shape.gossips()) {
			perNode = Math.addExact(perNode, CyclesFormula.v2Gossip(n, CyclesFormula.quotedContentBytes(transformed)));
		}
		long usage = Math.multiplyExact(perNode, shape.nodes());
		long reserve = PaygBudget.usageFee(shape, raw, QUOTE_ROUND_TRIP_MS, instructions, transformed) - usage;
		return v2Base(args, size, CyclesFormula.quotedContentBytes(transformed), usage, reserve);
	}

	/** {@code max_response_bytes}, or 2,000,000 when unset (v2 never uses the seed's default). */
	public static long maxResponseBytes(HttpRequestArgs args) {
		return args.maxResponseBytes() == null ? QUOTE_DEFAULT_RESPONSE_BYTES : args.maxResponseBytes();
	}

	/** The v2 shape of a fully replicated or non-replicated outcall on this subnet. */
	public PaygBudget.Shape shape(HttpRequestArgs args) {
		return args.replicated() ? PaygBudget.Shape.fullyReplicated(n) : PaygBudget.Shape.nonReplicated(n);
	}

	/**
	 * What a v2 outcall withholds from {@code attached} after {@code baseFee} (dfinity/ic rs/https_outcalls/pricing/src/payg.rs and fees.rs; docs/cost.md "Withholding";
	 * dfinity/ic {@code rs/https_outcalls/pricing/src/fees.rs} {@code max_usage_fee}).
	 */
	public PaygBudget.Withholding withhold(PaygBudget.Shape shape, long maxResponseBytes, long attached, long baseFee) {
		return PaygBudget.Withholding.of(attached, baseFee, PaygBudget.maxUsageFee(shape, maxResponseBytes), shape.nodes());
	}

	private Cost legacy(HttpRequestArgs args, RequestSize size) {
		long response = args.maxResponseBytes() == null ? profile.defaultMaxResponseBytes() : args.maxResponseBytes();
		if (free) {
			return Cost.free(PricingVersion.LEGACY, profile, n, size, response);
		}
		long request = size.total();
		// Both formulas are (base + per-request-byte·request + per-response-byte·response)·n; only the
		// constants differ, so the parts come from evaluating the formula with one variable at a time.
		long base;
		long total;
		if (profile == ReplicaProfile.SEED_DOCUMENTED) {
			base = CyclesFormula.seedDocumented(n, 0, 0);
			total = CyclesFormula.seedDocumented(n, request, response);
		}
		else {
			base = CyclesFormula.currentV1(n, 0, 0);
			total = CyclesFormula.currentV1(n, request, response);
		}
		long requestPart = Math.multiplyExact(Math.multiplyExact(perRequestByte(), request), n);
		long responsePart = Math.subtractExact(Math.subtractExact(total, base), requestPart);
		return Cost.of(PricingVersion.LEGACY, profile, n, size, response, base, requestPart, responsePart, 0, 0);
	}

	private long perRequestByte() {
		return profile == ReplicaProfile.SEED_DOCUMENTED ? CyclesFormula.SEED_REQUEST_BYTE_FEE_PER_NODE
				: CyclesFormula.V1_HTTP_REQUEST_PER_BYTE_FEE;
	}

	private Cost v2Base(HttpRequestArgs args, RequestSize size, long responsePriced, long usage, long consensus) {
		long request = size.total();
		long baseFee = args.replicated() ? CyclesFormula.v2BaseFullyReplicated(n, request) : CyclesFormula.v2BaseNonReplicated(n, request);
		long requestPart = CyclesFormula.v2RequestBytesFee(n, request);
		return Cost.of(PricingVersion.PAY_AS_YOU_GO, profile, n, size, responsePriced, baseFee - requestPart, requestPart, 0,
				usage, consensus);
	}

	@Override
	public String toString() {
		return "OutcallPricing[" + profile + ", n=" + n + (free ? ", free" : "") + "]";
	}

	/**
	 * What one replica used for one outcall, priced under v2 as 50·bytes + 300·ms + ⌊instructions/13⌋
	 * {@code rs/https_outcalls/pricing/src/fees.rs}).
	 * <pre>{@code
	 * new OutcallPricing.ReplicaUsage(1_000, 2_000, 26).cycles(); // 650_002 (dfinity/ic rs/https_outcalls/pricing/src/payg.rs and fees.rs; docs/cost.md)
	 * }</pre>
	 *
	 * @param downloadedBytes the response bytes the replica downloaded
	 * @param roundTripMs the time the HTTP round trip took, in milliseconds (virtual time in the simulation)
	 * @param transformInstructions the transform's instructions ({@link io.github.subnetsim.Transform#instructions()})
	 */
	public record ReplicaUsage(long downloadedBytes, long roundTripMs, long transformInstructions) {

		public ReplicaUsage {
			if (downloadedBytes < 0 || roundTripMs < 0 || transformInstructions < 0) {
				throw new IllegalArgumentException("replica usage must be >= 0: " + downloadedBytes + " B, " + roundTripMs + " ms, "
						+ transformInstructions + " instructions");
			}
		}

		/** The cycles this usage costs under v2. */
		public long cycles() {
			return CyclesFormula.v2ReplicaUsage(downloadedBytes, roundTripMs, transformInstructions);
		}
	}
}
