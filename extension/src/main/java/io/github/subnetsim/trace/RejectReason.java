package io.github.subnetsim.trace;

/**
 * Why a replica (or the whole outcall) ended in a reject, each reason tied to the {@link Stage} it comes from. The
 * text the canister sees is the replica's; this enum is what code decides on, so nothing parses messages.
 *
 * <pre>{@code
 * if (reject.reason() == RejectReason.NO_CONSENSUS) { ... } // add a transform
 * }</pre>
 */
public enum RejectReason {
	/** The URL is over 8,192 bytes. */
	URL_TOO_LONG(Stage.VALIDATION),
	/** More than 64 request headers. */
	TOO_MANY_HEADERS(Stage.VALIDATION),
	/** A request header name over 8,192 bytes. */
	HEADER_NAME_TOO_LONG(Stage.VALIDATION),
	/** A request header value over 8,192 bytes. */
	HEADER_VALUE_TOO_LONG(Stage.VALIDATION),
	/** All request header names and values over 48 KiB. */
	HEADERS_TOO_LARGE(Stage.VALIDATION),
	/** Request headers plus body over 2,000,000 bytes. */
	REQUEST_TOO_LARGE(Stage.VALIDATION),
	/** {@code max_response_bytes} outside what the profile allows. */
	MAX_RESPONSE_BYTES_OUT_OF_RANGE(Stage.VALIDATION),
	/** A method only non-replicated outcalls may use. */
	METHOD_ONLY_NON_REPLICATED(Stage.VALIDATION),
	/** A flexible outcall's replication record is inconsistent. */
	REPLICATION_INVALID(Stage.VALIDATION),
	/**
	 * The request failed Candid decoding (IC0408): more than 64 headers, more than 48 KiB of header names and values,
	 * or one header's name and value over 16 KiB (current replica).
	 */
	CANDID_DECODE(Stage.VALIDATION),
	/** Fewer cycles attached than the fee. */
	INSUFFICIENT_CYCLES(Stage.CHARGE),
	/** Pay-as-you-go: a replica used more than its share of the attached cycles. */
	OUT_OF_BUDGET(Stage.CHARGE),
	/** The adapter could not parse the URL. */
	URL_INVALID(Stage.FETCH),
	/** The URL is not https. */
	HTTPS_REQUIRED(Stage.FETCH),
	/** The adapter could not build a request header (a control byte, an invalid name). */
	REQUEST_HEADER_INVALID(Stage.FETCH),
	/** Connecting, the TLS handshake or reading the response head failed. */
	CONNECT_FAILED(Stage.FETCH),
	/** A response header value that is not visible ASCII. */
	RESPONSE_HEADER_NOT_ASCII(Stage.FETCH),
	/** The response headers alone are over the response limit. */
	RESPONSE_HEADERS_TOO_LARGE(Stage.FETCH),
	/** The body is over the response limit, or could not be read. */
	RESPONSE_BODY_TOO_LARGE(Stage.FETCH),
	/** The response breaks the IC's header rules ({@code validate_http_headers_and_body} on the response). */
	RESPONSE_INVALID(Stage.FETCH),
	/** Pay-as-you-go: the client's deadline, shortened by the node's remaining allowance, passed ("Deadline Exceeded"). */
	DEADLINE_EXCEEDED(Stage.FETCH),
	/** The adapter's request timeout. */
	TIMEOUT(Stage.FETCH),
	/** A reject a perturbation forced on the replica. */
	SIMULATED(Stage.FETCH),
	/** The transform rejected ({@code msg_reject}). */
	TRANSFORM_REJECTED(Stage.TRANSFORM),
	/** The transform trapped. */
	TRANSFORM_TRAPPED(Stage.TRANSFORM),
	/**
	 * The transform ran past its instruction limit (IC0522): a Wasm transform's metered instructions, or a Java
	 * transform's time or allocation standing in for them.
	 */
	INSTRUCTION_LIMIT(Stage.TRANSFORM),
	/** The transformed response is over its limit. */
	TRANSFORMED_TOO_LARGE(Stage.TRANSFORM),
	/** The shares diverged: "No consensus could be reached". */
	NO_CONSENSUS(Stage.CONSENSUS),
	/** Pay-as-you-go: what is left of the committee's allowances cannot pay for delivering any result ("Out of cycles: …"). */
	OUT_OF_CYCLES(Stage.CONSENSUS),
	/** The consensus timeout passed. */
	CONSENSUS_TIMEOUT(Stage.CONSENSUS);

	private final Stage stage;

	RejectReason(Stage stage) {
		this.stage = stage;
	}

	/**
	 * The step of the outcall path this reason comes from.
	 *
	 * @return the stage
	 */
	public Stage stage() {
		return stage;
	}
}
