package io.github.subnetsim.profile;

import java.time.Duration;

/**
 * The replica's limits that are the same in both {@link ReplicaProfile profiles}, each with its source.
 *
 * <p>Sources are dfinity/ic paths: TYPES = {@code rs/types/types/src/canister_http.rs}, ADAPTER =
 * {@code rs/https_outcalls/adapter/src/rpc_server.rs}, PB = {@code rs/https_outcalls/consensus/src/payload_builder.rs}.
 * <pre>{@code
 * if (args.urlLength() > Limits.MAX_URL_BYTES) { ... }
 * }</pre>
 */
public final class Limits {

	/** TYPES {@code MAX_CANISTER_HTTP_URL_SIZE}: URL length in UTF-8 bytes. */
	public static final int MAX_URL_BYTES = 8192;

	/** TYPES {@code MAX_CANISTER_HTTP_HEADER_NUM}: headers in a request or a response. */
	public static final int MAX_HEADER_COUNT = 64;

	/** TYPES {@code MAX_CANISTER_HTTP_HEADER_NAME_VALUE_LENGTH}: a header name, and separately a value. */
	public static final int MAX_HEADER_NAME_OR_VALUE_BYTES = 8 * 1024;

	/** TYPES {@code MAX_CANISTER_HTTP_HEADER_TOTAL_SIZE}: all header names and values together. */
	public static final int MAX_HEADER_TOTAL_BYTES = 48 * 1024;

	/**
	 * {@code HTTP_HEADERS_ELEMENT_MAX_SIZE} (dfinity/ic {@code rs/types/management_canister_types/src/http.rs}): one
	 * request header's name + value at Candid decode, 16 KiB (current replica).
	 */
	public static final int MAX_HEADER_ELEMENT_BYTES = 16 * 1024;

	/** TYPES {@code MAX_CANISTER_HTTP_REQUEST_BYTES}: request header names + values + body. */
	public static final long MAX_REQUEST_BYTES = 2_000_000;

	/** ADAPTER {@code DEFAULT_HTTP_REQUEST_TIMEOUT_SECS}: the adapter gives up on the server ("Timeout expired"). */
	public static final Duration ADAPTER_TIMEOUT = Duration.ofSeconds(30);

	/** ADAPTER {@code DEFAULT_HTTP_CONNECT_TIMEOUT_SECS}. */
	public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	/** TYPES {@code CANISTER_HTTP_TIMEOUT_INTERVAL}: consensus gives up ("Canister http request timed out"). */
	public static final Duration CONSENSUS_TIMEOUT = Duration.ofSeconds(60);

	/** ADAPTER {@code USER_AGENT_ADAPTER}: added when the request carries no user-agent. */
	public static final String DEFAULT_USER_AGENT = "ic/1.0";

	/** TYPES {@code MAX_CANISTER_HTTP_PAYLOAD_SIZE}: one block's outcall payload, 2 MiB. */
	public static final long MAX_PAYLOAD_BYTES = 2L * 1024 * 1024;

	private Limits() {
	}

	/**
	 * f = ⌊(n−1)/3⌋, dfinity/ic {@code rs/types/types/src/consensus.rs get_faults_tolerated}.
	 *
	 * @param n the committee size
	 * @return how many faulty replicas consensus tolerates (4 of 13)
	 */
	public static int faultsTolerated(int n) {
		return (Math.max(n, 1) - 1) / 3;
	}

	/**
	 * The agreement threshold n − f of the payload builder (dfinity/ic
	 * {@code rs/https_outcalls/consensus/src/payload_builder.rs}).
	 *
	 * @param n the committee size
	 * @return how many identical shares deliver a result (9 of 13)
	 */
	public static int threshold(int n) {
		return n - faultsTolerated(n);
	}
}
