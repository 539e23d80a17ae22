package io.github.subnetsim.internal.charge;

import static java.lang.Math.addExact;
import static java.lang.Math.multiplyExact;

/**
 * Pay-as-you-go's usage fee, what is withheld from the payment, and the per-node limits a node's remaining allowance
 * sets. Sources: dfinity/ic {@code rs/https_outcalls/pricing/src/fees.rs} ({@code usage_fee}, {@code max_usage_fee},
 * {@code max_consensus_fee}, {@code max_downloaded_bytes}, {@code max_response_time},
 * {@code max_transform_instructions}), {@code rs/https_outcalls/pricing/src/payg.rs}
 * ({@code PayAsYouGoTracker::get_adapter_limits}, {@code get_transform_limit}) and
 * {@code rs/cycles_account_manager/src/cycles_account_manager.rs} ({@code max_http_request_usage_fee}).
 * <pre>{@code
 * PaygBudget.Shape s = PaygBudget.Shape.fullyReplicated(13);
 * long quote = PaygBudget.usageFee(s, 1_000, 2_000, 26, 2_000); // 35_865_583 = 13·650,002 + 27,415,557
 * PaygBudget.downloadCap(1_000, 1_500);                         // 30 = min(1,000, ⌊1,500/50⌋)
 * }</pre>
 */
public final class PaygBudget {

	/** FEES {@code MAX_RESPONSE_TIME}: the longest round trip a node may be paid for, 60,000 ms. */
	public static final long MAX_RESPONSE_TIME_MS = 60_000;
	/** {@code MAX_INSTRUCTIONS_PER_QUERY_MESSAGE} (dfinity/ic {@code rs/config/src/subnet_config.rs}): 5 B. */
	public static final long MAX_TRANSFORM_INSTRUCTIONS = 5_000_000_000L;

	private PaygBudget() {
	}

	/**
	 * Who performs the outcall: how many nodes get an allowance (R), whether each gossips its content, and how the
	 * consensus on the result is priced.
	 *
	 * @param n the subnet size
	 * @param nodes R: n fully replicated, 1 non-replicated, {@code total_requests} flexible
	 * @param gossips whether each node pays to gossip its content (non-replicated and flexible)
	 * @param flexible whether the consensus is the flexible one
	 * @param minResponses m (flexible; 1 for non-replicated)
	 * @param maxResponses the flexible maximum (0: fire-and-forget, no reserve)
	 */
	public record Shape(int n, int nodes, boolean gossips, boolean flexible, int minResponses, int maxResponses) {

		/** All n nodes fetch and agree. */
		public static Shape fullyReplicated(int n) {
			return new Shape(n, n, false, false, 0, n);
		}

		/** One node fetches and gossips its content. */
		public static Shape nonReplicated(int n) {
			return new Shape(n, 1, true, false, 1, 1);
		}

		/** {@code total} nodes fetch and gossip; between min and max responses are delivered. */
		public static Shape flexible(int n, int total, int min, int max) {
			return new Shape(n, total, true, true, min, max);
		}
	}

	/**
	 * FEES {@code usage_fee}: (per-node usage + ⌈reserve / R⌉)·R, with the content size floored at 1,025 (quotes
	 * only). The reserve is ⌈consensus_fee(t')/threshold⌉·n fully replicated, consensus_fee(t') non-replicated,
	 * consensus_fee(R·(181 + t')) + (2,000·n + 100,000)·n·(R − m) flexible, and 0 for fire-and-forget.
	 */
	public static long usageFee(Shape s, long rawBytes, long roundTripMs, long instructions, long transformedBytes) {
		long t = CyclesFormula.quotedContentBytes(transformedBytes);
		long perNode = CyclesFormula.v2ReplicaUsage(rawBytes, roundTripMs, instructions);
		if (s.gossips()) {
			perNode = addExact(perNode, CyclesFormula.v2Gossip(s.n(), t));
		}
		long reserve = reserve(s, t);
		long perNodeReserve = Math.floorDiv(addExact(reserve, s.nodes() - 1), s.nodes());
		return multiplyExact(addExact(perNode, perNodeReserve), s.nodes());
	}

	private static long reserve(Shape s, long t) {
		if (s.flexible()) {
			if (s.maxResponses() == 0) {
				return 0;
			}
			long bytes = multiplyExact(s.nodes(), addExact(CyclesFormula.FLEXIBLE_RESPONSE_SIZE_OVERHEAD, t));
			return addExact(CyclesFormula.v2ConsensusFee(s.n(), bytes), extraResponsesFee(s.n(), s.nodes() - s.minResponses()));
		}
		if (s.gossips()) {
			return CyclesFormula.v2ConsensusFee(s.n(), t);
		}
		return CyclesFormula.v2FullyReplicatedConsensusReserve(s.n(), t);
	}

	/** (2,000·n + 100,000)·n·extra: a flexible outcall's fee for responses beyond {@code min_responses}. */
	public static long extraResponsesFee(int n, long extra) {
		long perExtra = multiplyExact(addExact(multiplyExact(CyclesFormula.HTTP_REQUEST_FLEXIBLE_PER_NODE_RESPONSE_CONSENSUS_FEE, n),
				CyclesFormula.HTTP_REQUEST_FLEXIBLE_PER_RESPONSE_CONSENSUS_FEE), n);
		return multiplyExact(perExtra, Math.max(0, extra));
	}

	/**
	 * FEES {@code max_usage_fee}: the usage fee at its worst case — 60 s, {@code maxResponseBytes} downloaded, 5 B
	 * instructions, and {@code maxResponseBytes} + 1,024 transformed (the CDK's transformed default; the replica's
	 * {@code max_http_outcall_response_size} is read as that).
	 */
	public static long maxUsageFee(Shape s, long maxResponseBytes) {
		return usageFee(s, maxResponseBytes, MAX_RESPONSE_TIME_MS, MAX_TRANSFORM_INSTRUCTIONS,
				addExact(maxResponseBytes, OutcallPricing.CANDID_OVERHEAD_RESERVE_BYTES));
	}

	/**
	 * What is withheld after the base fee: min(payment − base, max usage fee), rounded down to a multiple of R, split
	 * evenly into R allowances; the rest of the payment beyond the base is refunded at once.
	 *
	 * @param withheld the cycles set aside for the nodes
	 * @param allowance one node's share
	 * @param refundedAtOnce payment − base − withheld
	 */
	public record Withholding(long withheld, long allowance, long refundedAtOnce) {

		/** Withholds from {@code attached} for {@code nodes} nodes. */
		public static Withholding of(long attached, long baseFee, long maxUsageFee, int nodes) {
			if (attached < baseFee) {
				throw new IllegalArgumentException("the payment " + attached + " does not cover the base fee " + baseFee);
			}
			long available = Math.min(attached - baseFee, maxUsageFee);
			long allowance = nodes == 0 ? 0 : available / nodes;
			long withheld = allowance * nodes;
			return new Withholding(withheld, allowance, attached - baseFee - withheld);
		}
	}

	/** The adapter's download cap: min({@code max_response_bytes} or 2,000,000, ⌊remaining/50⌋). */
	public static long downloadCap(long maxResponseBytes, long remaining) {
		return Math.min(maxResponseBytes, Math.max(0, remaining) / CyclesFormula.PER_DOWNLOADED_BYTE_FEE);
	}

	/** The client's deadline: min(60 s, ⌊remaining/300⌋ ms). */
	public static long deadlineMs(long remaining) {
		return Math.min(MAX_RESPONSE_TIME_MS, Math.max(0, remaining) / CyclesFormula.PER_RESPONSE_MS_FEE);
	}

	/** The transform's instruction limit: min(5·10⁹, remaining·13 + 12), the most whose ⌊i/13⌋ fits. */
	public static long transformInstructionLimit(long remaining) {
		long r = Math.max(0, remaining);
		if (r >= MAX_TRANSFORM_INSTRUCTIONS / CyclesFormula.TRANSFORM_INSTRUCTION_DIVISOR) {
			return MAX_TRANSFORM_INSTRUCTIONS;
		}
		return Math.min(MAX_TRANSFORM_INSTRUCTIONS, r * CyclesFormula.TRANSFORM_INSTRUCTION_DIVISOR + CyclesFormula.TRANSFORM_INSTRUCTION_DIVISOR - 1);
	}

	/** The transformed-response limit after the download is charged: min(max_response_bytes, ⌊remaining/50⌋). */
	public static long transformedLimit(long maxResponseBytes, long remaining) {
		return downloadCap(maxResponseBytes, remaining);
	}
}
