package io.github.subnetsim.internal.charge;

import static java.lang.Math.addExact;
import static java.lang.Math.multiplyExact;

import java.util.List;

import io.github.subnetsim.profile.Limits;

/**
 * The cycles formulas of HTTPS outcalls as pure functions, each constant named after its source. All arithmetic
 * is exact: a result that does not fit a {@code long} throws {@link ArithmeticException} instead of wrapping.
 *
 * <p>Sources: CAM = dfinity/ic {@code rs/cycles_account_manager/src/cycles_account_manager.rs}
 * ({@code http_request_fee}); CFG = dfinity/ic {@code rs/config/src/subnet_config.rs} ({@code application_subnet()});
 * FEES = dfinity/ic {@code rs/https_outcalls/pricing/src/fees.rs}. See dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md
 * <pre>{@code
 * CyclesFormula.currentV1(13, 19, 2_000_000);       // 20_849_238_800 (dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md vector 1)
 * CyclesFormula.v2BaseFullyReplicated(13, 100);     // 38_482_600 (dfinity/ic rs/https_outcalls/pricing/src/payg.rs and fees.rs; docs/cost.md)
 * }</pre>
 */
public final class CyclesFormula {

	// ---- v1 (legacy), CFG application_subnet() ----

	/** CFG {@code http_request_linear_baseline_fee}. */
	public static final long V1_HTTP_REQUEST_LINEAR_BASELINE_FEE = 3_000_000;
	/** CFG {@code http_request_quadratic_baseline_fee}: multiplied by n, then again by n. */
	public static final long V1_HTTP_REQUEST_QUADRATIC_BASELINE_FEE = 60_000;
	/** CFG {@code http_request_per_byte_fee}. */
	public static final long V1_HTTP_REQUEST_PER_BYTE_FEE = 400;
	/** CFG {@code http_response_per_byte_fee}. */
	public static final long V1_HTTP_RESPONSE_PER_BYTE_FEE = 800;

	// ---- seed documents: the 13-node figures of developer-docs cycle-costs.md, scaled linearly by n/13 ----

	/** 49,140,000 / 13: the 13-node base fee (dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md "Components per n") per node. */
	public static final long SEED_BASE_FEE_PER_NODE = 3_780_000;
	/** 5,200 / 13: the 13-node fee per request byte, per node. */
	public static final long SEED_REQUEST_BYTE_FEE_PER_NODE = 400;
	/** 10,400 / 13: the 13-node fee per response byte, per node. */
	public static final long SEED_RESPONSE_BYTE_FEE_PER_NODE = 800;

	// ---- v2 (pay as you go), FEES; dfinity/ic rs/https_outcalls/pricing/src/payg.rs and fees.rs; docs/cost.md ----

	/** FEES {@code HTTP_REQUEST_BASE_FEE}. */
	public static final long HTTP_REQUEST_BASE_FEE = 1_000_000;
	/** FEES {@code HTTP_REQUEST_PER_BYTE_FEE}. */
	public static final long HTTP_REQUEST_PER_BYTE_FEE = 50;
	/** FEES {@code HTTP_REQUEST_FULLY_REPLICATED_PER_NODE_FEE}. */
	public static final long HTTP_REQUEST_FULLY_REPLICATED_PER_NODE_FEE = 140_000;
	/** FEES {@code HTTP_REQUEST_FULLY_REPLICATED_QUADRATIC_NODE_FEE}. */
	public static final long HTTP_REQUEST_FULLY_REPLICATED_QUADRATIC_NODE_FEE = 800;
	/** FEES {@code HTTP_REQUEST_FLEXIBLE_PER_NODE_FEE}. */
	public static final long HTTP_REQUEST_FLEXIBLE_PER_NODE_FEE = 90_000;
	/** FEES {@code HTTP_REQUEST_FLEXIBLE_PER_NODE_RESPONSE_CONSENSUS_FEE}. */
	public static final long HTTP_REQUEST_FLEXIBLE_PER_NODE_RESPONSE_CONSENSUS_FEE = 2_000;
	/** FEES {@code HTTP_REQUEST_FLEXIBLE_PER_RESPONSE_CONSENSUS_FEE}. */
	public static final long HTTP_REQUEST_FLEXIBLE_PER_RESPONSE_CONSENSUS_FEE = 100_000;
	/** FEES {@code PER_DOWNLOADED_BYTE_FEE}. */
	public static final long PER_DOWNLOADED_BYTE_FEE = 50;
	/** FEES {@code PER_RESPONSE_MS_FEE}. */
	public static final long PER_RESPONSE_MS_FEE = 300;
	/** FEES {@code TRANSFORM_INSTRUCTION_DIVISOR}: a reference subnet size, not n. */
	public static final long TRANSFORM_INSTRUCTION_DIVISOR = 13;
	/** FEES {@code FLEXIBLE_PER_TRANSFORMED_BYTE_NODE_FEE}: gossiping one replica's response to every node. */
	public static final long FLEXIBLE_PER_TRANSFORMED_BYTE_NODE_FEE = 50;
	/** FEES {@code CONSENSUS_PER_NODE_BYTE_FEE}. */
	public static final long CONSENSUS_PER_NODE_BYTE_FEE = 10;
	/** FEES {@code CONSENSUS_BYTE_FEE}. */
	public static final long CONSENSUS_BYTE_FEE = 600;
	/** FEES {@code FLEXIBLE_RESPONSE_SIZE_OVERHEAD}: per response delivered by a flexible outcall. */
	public static final long FLEXIBLE_RESPONSE_SIZE_OVERHEAD = 181;
	/** FEES {@code MAX_CANISTER_HTTP_REJECT_BYTES}: the least content priced, so a reject is always covered. */
	public static final long MAX_CANISTER_HTTP_REJECT_BYTES = 1_025;

	private CyclesFormula() {
	}

	// ---- v1 ----

	/** CAM {@code http_request_fee}: (3,000,000 + 60,000·n + 400·request + 800·response)·n. */
	public static long currentV1(int n, long requestSize, long responseSize) {
		checkN(n);
		checkBytes(requestSize, responseSize);
		long perNode = addExact(addExact(V1_HTTP_REQUEST_LINEAR_BASELINE_FEE, multiplyExact(V1_HTTP_REQUEST_QUADRATIC_BASELINE_FEE, n)),
				addExact(multiplyExact(V1_HTTP_REQUEST_PER_BYTE_FEE, requestSize), multiplyExact(V1_HTTP_RESPONSE_PER_BYTE_FEE, responseSize)));
		return multiplyExact(perNode, n);
	}

	/**
	 * The seed documents' fee: the 13-node figures (49,140,000 + 5,200·request + 10,400·response) scaled by n/13,
	 * i.e. n·(3,780,000 + 400·request + 800·response). Equal to {@link #currentV1} at n = 13 only.
	 */
	public static long seedDocumented(int n, long requestSize, long responseSize) {
		checkN(n);
		checkBytes(requestSize, responseSize);
		long perNode = addExact(SEED_BASE_FEE_PER_NODE,
				addExact(multiplyExact(SEED_REQUEST_BYTE_FEE_PER_NODE, requestSize), multiplyExact(SEED_RESPONSE_BYTE_FEE_PER_NODE, responseSize)));
		return multiplyExact(perNode, n);
	}

	// ---- v2 ----

	/** (1,000,000 + 50·request + 140,000·n + 800·n²)·n: the up-front fee of a fully replicated outcall. */
	public static long v2BaseFullyReplicated(int n, long requestSize) {
		checkN(n);
		checkBytes(requestSize, 0);
		long perNode = addExact(addExact(HTTP_REQUEST_BASE_FEE, multiplyExact(HTTP_REQUEST_PER_BYTE_FEE, requestSize)),
				addExact(multiplyExact(HTTP_REQUEST_FULLY_REPLICATED_PER_NODE_FEE, n),
						multiplyExact(HTTP_REQUEST_FULLY_REPLICATED_QUADRATIC_NODE_FEE, multiplyExact((long) n, n))));
		return multiplyExact(perNode, n);
	}

	/** The up-front fee of a non-replicated outcall: the flexible fee with one required response. */
	public static long v2BaseNonReplicated(int n, long requestSize) {
		return v2BaseFlexible(n, requestSize, 1);
	}

	/** (1,000,000 + 50·request + 90,000·n + 2,000·n·m + 100,000·m)·n, m = min_responses. */
	public static long v2BaseFlexible(int n, long requestSize, int minResponses) {
		checkN(n);
		checkBytes(requestSize, minResponses);
		long perNode = addExact(addExact(HTTP_REQUEST_BASE_FEE, multiplyExact(HTTP_REQUEST_PER_BYTE_FEE, requestSize)),
				addExact(multiplyExact(HTTP_REQUEST_FLEXIBLE_PER_NODE_FEE, n),
						addExact(multiplyExact(HTTP_REQUEST_FLEXIBLE_PER_NODE_RESPONSE_CONSENSUS_FEE, multiplyExact((long) n, minResponses)),
								multiplyExact(HTTP_REQUEST_FLEXIBLE_PER_RESPONSE_CONSENSUS_FEE, minResponses))));
		return multiplyExact(perNode, n);
	}

	/** The request-byte share of every v2 base fee: 50·request·n. */
	public static long v2RequestBytesFee(int n, long requestSize) {
		checkN(n);
		checkBytes(requestSize, 0);
		return multiplyExact(multiplyExact(HTTP_REQUEST_PER_BYTE_FEE, requestSize), n);
	}

	/** One replica's usage: 50·downloaded bytes + 300·round-trip ms + ⌊instructions / 13⌋. */
	public static long v2ReplicaUsage(long downloadedBytes, long roundTripMs, long instructions) {
		checkBytes(downloadedBytes, roundTripMs);
		checkBytes(instructions, 0);
		return addExact(addExact(multiplyExact(PER_DOWNLOADED_BYTE_FEE, downloadedBytes), multiplyExact(PER_RESPONSE_MS_FEE, roundTripMs)),
				instructions / TRANSFORM_INSTRUCTION_DIVISOR);
	}

	/**
	 * Gossiping one replica's content to all n nodes (non-replicated and flexible only): 50·bytes·n on the actual
	 * size. Only a quote floors the size at 1,025 ({@link #quotedContentBytes}).
	 */
	public static long v2Gossip(int n, long contentBytes) {
		checkN(n);
		checkBytes(contentBytes, 0);
		return multiplyExact(multiplyExact(FLEXIBLE_PER_TRANSFORMED_BYTE_NODE_FEE, contentBytes), n);
	}

	/**
	 * The content size a quote prices: max(transformed, 1,025), because a reject of that size may be delivered
	 * instead (FEES {@code usage_fee}, {@code MAX_CANISTER_HTTP_REJECT_BYTES}). Settlement uses the actual size.
	 */
	public static long quotedContentBytes(long transformedBytes) {
		checkBytes(transformedBytes, 0);
		return Math.max(transformedBytes, MAX_CANISTER_HTTP_REJECT_BYTES);
	}

	/** consensus_fee(bytes) = (10·n + 600)·n·bytes. */
	public static long v2ConsensusFee(int n, long bytes) {
		checkN(n);
		checkBytes(bytes, 0);
		long perByte = multiplyExact(addExact(multiplyExact(CONSENSUS_PER_NODE_BYTE_FEE, n), CONSENSUS_BYTE_FEE), n);
		return multiplyExact(perByte, bytes);
	}

	/**
	 * ⌈consensus_fee(max(transformed, 1,025)) / threshold(n)⌉·n: the consensus reserve a fully replicated quote
	 * adds (FEES {@code max_consensus_fee}), each of the n replicas reserving its share of a threshold's worth. A
	 * settlement charges {@link #v2ConsensusFee} on the delivered size instead.
	 */
	public static long v2FullyReplicatedConsensusReserve(int n, long transformedBytes) {
		long fee = v2ConsensusFee(n, Math.max(transformedBytes, MAX_CANISTER_HTTP_REJECT_BYTES));
		long threshold = Limits.threshold(n);
		return multiplyExact(Math.floorDiv(addExact(fee, threshold - 1), threshold), n);
	}

	/**
	 * consensus_fee(Σ(181 + size_i)) + (2,000·n + 100,000)·n·(K − min) for K delivered responses (FEES
	 * {@code flexible_initial_spent}). Fewer than {@code minResponses} responses (a {@code too_many_rejects} arm with
	 * fewer rejects than min) add nothing for the second term.
	 */
	public static long v2FlexibleConsensus(int n, List<Long> responseSizes, int minResponses) {
		checkN(n);
		checkBytes(minResponses, 0);
		long bytes = 0;
		for (long size : responseSizes) {
			checkBytes(size, 0);
			bytes = addExact(bytes, addExact(FLEXIBLE_RESPONSE_SIZE_OVERHEAD, size));
		}
		long extra = Math.max(0, responseSizes.size() - minResponses);
		long perExtra = multiplyExact(addExact(multiplyExact(HTTP_REQUEST_FLEXIBLE_PER_NODE_RESPONSE_CONSENSUS_FEE, n),
				HTTP_REQUEST_FLEXIBLE_PER_RESPONSE_CONSENSUS_FEE), n);
		return addExact(v2ConsensusFee(n, bytes), multiplyExact(perExtra, extra));
	}

	private static void checkN(int n) {
		if (n < 1) {
			throw new IllegalArgumentException("subnet size n must be >= 1, got " + n);
		}
	}

	private static void checkBytes(long a, long b) {
		if (a < 0 || b < 0) {
			throw new IllegalArgumentException("sizes and counts must be >= 0, got " + a + " and " + b);
		}
	}
}
