package io.github.subnetsim.profile;


/**
 * Which replica the simulation reproduces. Each profile is internally consistent: limits, texts, defaults and
 * pricing belong together.
 *
 * <ul>
 * <li>{@link #SEED_DOCUMENTED} (the default): what the HTTPS-outcalls documentation describes —
 * {@code max_response_bytes} up to 2 MiB (2,097,152, also the default), a fixed 2,045,952-byte limit on the
 * transformed response (header names + values + body), and the fee scaled linearly from the 13-node constants.
 * Pricing version 2 is not known to it and falls back to 1, as on older replicas.</li>
 * <li>{@link #CURRENT_REPLICA}: today's dfinity/ic code — 2,000,000 bytes, the transformed response measured
 * as its Candid encoding against {@code max_response_bytes}, the quadratic v1 fee and pay-as-you-go (v2).</li>
 * </ul>
 * <pre>{@code
 * Subnet.builder().profile(ReplicaProfile.CURRENT_REPLICA).build();
 * }</pre>
 */
public enum ReplicaProfile {

	/** The limits, texts and fee of the seed documents (portal "how it works", pre-2025). */
	SEED_DOCUMENTED,

	/** The limits, texts and fees of the current dfinity/ic replica code. */
	CURRENT_REPLICA;

	/**
	 * 2,097,152 (2 MiB, seed docs) or 2,000,000 ({@code MAX_CANISTER_HTTP_RESPONSE_BYTES}).
	 *
	 * @return the largest {@code max_response_bytes} a request may set, in bytes
	 */
	public long maxResponseBytesLimit() {
		return this == SEED_DOCUMENTED ? 2L * 1024 * 1024 : 2_000_000L;
	}

	/**
	 * The network limit and the priced response size when {@code max_response_bytes} is unset.
	 *
	 * @return the limit in bytes
	 */
	public long defaultMaxResponseBytes() {
		return maxResponseBytesLimit();
	}

	/**
	 * The fixed transformed-response limit of the seed documents, 2,045,952 = 2 MiB − 50 KiB; -1 for the current
	 * replica, whose limit is {@code max_response_bytes} (see {@link #transformedLimit(Long)}).
	 *
	 * @return the limit in bytes, or -1
	 */
	public long fixedTransformedLimit() {
		return this == SEED_DOCUMENTED ? 2L * 1024 * 1024 - 50 * 1024 : -1;
	}

	/**
	 * The limit the transformed response is held to for a request with this {@code max_response_bytes}.
	 *
	 * @param maxResponseBytes the request's {@code max_response_bytes}, or {@code null} when unset
	 * @return the limit in bytes
	 */
	public long transformedLimit(Long maxResponseBytes) {
		return this == SEED_DOCUMENTED ? fixedTransformedLimit()
				: maxResponseBytes == null ? defaultMaxResponseBytes() : maxResponseBytes;
	}

	/**
	 * Whether the transformed-response check also applies without a transform: yes in the seed profile (the
	 * serialised response is always checked); no in the current replica (dfinity/ic PR #5234 dropped it).
	 *
	 * @return {@code true} for {@link #SEED_DOCUMENTED}
	 */
	public boolean checksUntransformedResponse() {
		return this == SEED_DOCUMENTED;
	}

	/**
	 * Whether the transformed response is measured as its Candid encoding (current replica) or as header names +
	 * values + body (seed documents).
	 *
	 * @return {@code true} for {@link #CURRENT_REPLICA}
	 */
	public boolean measuresTransformedAsCandid() {
		return this == CURRENT_REPLICA;
	}

	/**
	 * Whether {@code pricing_version = 2} (pay as you go) is honoured; otherwise it silently becomes 1.
	 *
	 * @return {@code true} for {@link #CURRENT_REPLICA}
	 */
	public boolean supportsPayAsYouGo() {
		return this == CURRENT_REPLICA;
	}

}
