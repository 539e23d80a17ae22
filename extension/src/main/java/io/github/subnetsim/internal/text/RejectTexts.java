package io.github.subnetsim.internal.text;

import java.util.Locale;

import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.profile.ReplicaProfile;

/**
 * The replica's reject texts, exactly, for one {@link ReplicaProfile}. Sources: dfinity/ic
 * {@code rs/types/types/src/canister_http.rs} (request validation), {@code rs/execution_environment} (cycles),
 * {@code rs/https_outcalls/adapter} (network), {@code rs/https_outcalls/client} (transform) and
 * {@code rs/https_outcalls/consensus} (divergence, timeout); seed texts from the portal's "how it works" page.
 *
 * <pre>{@code
 * RejectTexts.of(ReplicaProfile.CURRENT_REPLICA).insufficientCycles(0, 20_849_238_800L)
 * // "http_request request sent with 0 cycles, but 20_849_238_800 cycles are required."
 * }</pre>
 */
public final class RejectTexts {

	/**
	 * {@code MAXIMUM_CANISTER_HTTP_ERROR_MESSAGE_BYTES} (dfinity/ic {@code rs/https_outcalls/client}): 1,024, the
	 * value v2 pricing's {@code MAX_CANISTER_HTTP_REJECT_BYTES} = 1,025 (one code byte + 1,024) implies.
	 */
	public static final int MAX_ERROR_MESSAGE_BYTES = 1_024;

	/** The newest replicas' address for execution errors (dfinity/ic {@code rs/interfaces/src/execution_environment/errors.rs}). */
	public static final String EXECUTION_ERRORS_DOCS = "https://docs.internetcomputer.org/references/execution-errors";

	private final ReplicaProfile profile;

	private RejectTexts(ReplicaProfile profile) {
		this.profile = profile;
	}

	/**
	 * The exact reject texts of a profile.
	 *
	 * @param profile the replica profile
	 * @return its texts
	 */
	public static RejectTexts of(ReplicaProfile profile) {
		return new RejectTexts(profile);
	}

	public String urlTooLong(long urlBytes) {
		return "url size " + urlBytes + " exceeds " + Limits.MAX_URL_BYTES;
	}

	public String tooManyHeaders(long count) {
		return "number of all http headers " + count + " exceeds " + Limits.MAX_HEADER_COUNT;
	}

	public String headerNameTooLong(long bytes) {
		return "number of bytes to represent some http header name " + bytes + " exceeds " + Limits.MAX_HEADER_NAME_OR_VALUE_BYTES;
	}

	public String headerValueTooLong(long bytes) {
		return "number of bytes to represent some http header value " + bytes + " exceeds " + Limits.MAX_HEADER_NAME_OR_VALUE_BYTES;
	}

	public String headersTooLarge(long bytes) {
		return "total number of bytes to represent all http header names and values " + bytes + " exceeds " + Limits.MAX_HEADER_TOTAL_BYTES;
	}

	public String requestTooLarge(long bytes) {
		return "total number of bytes to represent all http header names and values and http body " + bytes + " exceeds "
				+ Limits.MAX_REQUEST_BYTES;
	}

	public String maxResponseBytesOutOfRange(long given) {
		return "max_response_bytes expected to be in the range [0.." + profile.maxResponseBytesLimit() + "], got " + given;
	}

	public String methodOnlyNonReplicated() {
		return "The requested HTTP method is only allowed for non-replicated requests.";
	}

	public String insufficientCycles(long attached, long required) {
		return "http_request request sent with " + underscores(attached) + " cycles, but " + underscores(required)
				+ " cycles are required.";
	}

	public String httpsRequired() {
		return profile == ReplicaProfile.SEED_DOCUMENTED ? "Url needs to specify https scheme" : "Url need to specify https scheme";
	}

	public String urlDoesNotParse(String error) {
		return "Failed to parse URL: " + error;
	}

	public String responseHeadersTooLarge(long maxResponseBytes) {
		return "Header size exceeds specified response size limit " + maxResponseBytes;
	}

	public String responseBodyTooLarge(long maxResponseBytes) {
		return "Http body exceeds size limit of " + maxResponseBytes + " bytes.";
	}

	public String transformedTooLarge(long limit) {
		return "Transformed http response exceeds limit: " + limit;
	}

	public String adapterTimeout() {
		return "Timeout expired";
	}

	/**
	 * The adapter's connection failure once every route failed ({@code client.request} failed: connect, TLS, or an
	 * unusable response head). The current replica prints the Rust {@code Debug} form of the direct error and of the
	 * SOCKS error, joined by a newline and 36 spaces (dfinity/ic {@code rs/https_outcalls/adapter/src/rpc_server.rs},
	 * {@code https_outcall}); the SOCKS error is a {@code String} (the last proxy's error in {@code Debug} form, or
	 * {@code No SOCKS proxy addresses provided}, {@code do_https_outcall_socks_proxy}) printed with {@code {:?}}, so it
	 * is quoted and escaped. The seed-documented profile prints the seed-era form, {@code Failed to connect: } and
	 * hyper 0.14's {@code Display} of the direct error, the text the seeds quote. {@code host} is {@code Uri::host()},
	 * cut to 50 characters.
	 *
	 * @param host the URL's host as written (an IPv6 literal with its brackets)
	 * @param directDebug the {@code Debug} form of the direct attempt's error (current replica)
	 * @param directSeedDisplay the seed-era {@code Display} form of the direct attempt's error
	 * @param socksError the SOCKS side's error string before {@code {:?}}; null when no proxy address was given
	 * @return the text
	 */
	public String connectFailed(String host, String directDebug, String directSeedDisplay, String socksError) {
		if (profile == ReplicaProfile.SEED_DOCUMENTED) {
			return "Failed to connect: " + directSeedDisplay;
		}
		String h = host.length() > 50 ? host.substring(0, 50) : host;
		return "Connecting to " + h + " failed: direct connect " + directDebug + "\n" + " ".repeat(36) + "and connect through socks "
				+ rustDebug(socksError == null ? "No SOCKS proxy addresses provided" : socksError);
	}

	/** Rust's {@code Debug} of a {@code str}: quoted, with backslash, quote and control characters escaped. */
	static String rustDebug(String s) {
		StringBuilder b = new StringBuilder(s.length() + 16).append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"' -> b.append("\\\"");
				case '\\' -> b.append("\\\\");
				case '\n' -> b.append("\\n");
				case '\r' -> b.append("\\r");
				case '\t' -> b.append("\\t");
				default -> {
					if (c < 0x20 || c == 0x7f) {
						b.append("\\u{").append(Integer.toHexString(c)).append('}');
					}
					else {
						b.append(c);
					}
				}
			}
		}
		return b.append('"').toString();
	}

	/**
	 * A response header value that is not visible ASCII (dfinity/ic adapter {@code rpc_server.rs}, {@code https_outcall}:
	 * {@code HeaderValue::to_str} fails; SysTransient).
	 */
	public String responseHeaderNotAscii() {
		return "Failed to parse headers: failed to convert header to a str";
	}

	/** A request header name {@code HeaderName::from_str} refuses (dfinity/ic adapter {@code validate_headers}). */
	public String requestHeaderNameInvalid() {
		return "Failed to parse header name invalid HTTP header name";
	}

	/** A request header value {@code HeaderValue::from_str} refuses: CR, LF, another control byte or DEL (adapter {@code validate_headers}). */
	public String requestHeaderValueInvalid() {
		return "Failed to parse header value failed to parse header value";
	}

	/** More request headers than the adapter builds (adapter {@code validate_headers}, {@code HEADERS_LIMIT}). */
	public String requestHeadersTooMany() {
		return "Too many headers. Maximum allowed: 1024";
	}

	/** A request header name or value over the adapter's {@code HEADER_NAME_VALUE_LIMIT} (adapter {@code validate_headers}). */
	public String requestHeaderTooLong() {
		return "Header name or value exceeds size limit of 8192";
	}

	/**
	 * The transform ran past its instruction limit: {@code HypervisorError::InstructionLimitExceeded} as a
	 * {@code UserError} (dfinity/ic {@code rs/interfaces/src/execution_environment/errors.rs}, {@code error_help};
	 * {@code rs/https_outcalls/client/src/client.rs} keeps the {@code IC0522: } prefix). The documentation link is the
	 * older one in the seed-documented profile.
	 *
	 * @param canisterId the calling canister
	 * @param limit the instruction limit
	 */
	public String transformInstructionLimit(String canisterId, long limit) {
		return "IC0522: Error from Canister " + canisterId + ": Canister exceeded the limit of " + limit
				+ " instructions for single message execution..\nTry optimizing this method to consume fewer instructions or split the"
				+ " work across multiple messages. See documentation: " + executionErrorsDocs() + "#instruction-limit-exceeded";
	}

	private String executionErrorsDocs() {
		return profile == ReplicaProfile.SEED_DOCUMENTED ? "http://internetcomputer.org/docs/current/references/execution-errors"
				: "https://docs.internetcomputer.org/references/execution-errors";
	}

	public String consensusTimeout() {
		return "Canister http request timed out";
	}

	/** The divergence reject; {@code hashes} is already rendered as {@code [hex: count], ...}. */
	public String noConsensus(long requestId, String hashes) {
		return "No consensus could be reached. Replicas had different responses. Details: request_id: " + requestId
				+ ", hashes: " + hashes;
	}

	/**
	 * The Candid-decode reject of a request whose bounded headers do not fit (dfinity/ic
	 * {@code rs/types/management_canister_types/src/lib.rs} {@code candid_error_to_user_error},
	 * {@code rs/types/management_canister_types/src/http.rs} {@code BoundedHttpHeaders}). The prefix and the
	 * {@code Deserialize error: …} part are the replica's; what Candid puts between them is not known, so nothing is.
	 *
	 * @param detail for example {@code The number of elements exceeds maximum allowed 64}
	 * @return the description (IC0408, reject code 4)
	 */
	public String candidDecode(String detail) {
		return "Error decoding candid: Deserialize error: " + detail;
	}

	/** More than 64 request headers, at decode time. */
	public String decodeTooManyHeaders() {
		return candidDecode("The number of elements exceeds maximum allowed " + Limits.MAX_HEADER_COUNT);
	}

	/** More than 49,152 bytes of request header names and values, at decode time. */
	public String decodeHeadersTooLarge() {
		return candidDecode("The total data size exceeds maximum allowed " + Limits.MAX_HEADER_TOTAL_BYTES);
	}

	/** One request header's name + value over 16,384 bytes, at decode time. */
	public String decodeHeaderTooLarge() {
		return candidDecode("The single element data size exceeds maximum allowed " + Limits.MAX_HEADER_ELEMENT_BYTES);
	}

	/** The client's deadline (dfinity/ic {@code rs/https_outcalls/client/src/client.rs} {@code execute_http_request}). */
	public String deadlineExceeded() {
		return "Deadline Exceeded";
	}

	/** A node's spend passed its allowance ({@code PricingError::InsufficientCycles}, dfinity/ic {@code rs/https_outcalls/client}). */
	public String nodeOutOfAllowance() {
		return "Insufficient cycles";
	}

	/**
	 * The committee can no longer pay for delivery (dfinity/ic {@code rs/https_outcalls/consensus/src/payload_builder.rs}
	 * {@code out_of_cycles_reject_message}).
	 */
	public String outOfCycles(int shares, long spent, long unspent, long minCost) {
		return "Out of cycles: " + shares + " of the assigned replicas reported a collective spend of " + underscores(spent)
				+ " cycles, leaving " + underscores(unspent) + " cycles of the attached payment (after base fee deduction). Delivering a "
				+ "response would cost at least " + underscores(minCost) + " cycles.";
	}

	/**
	 * A transform over its instruction limit, IC0522 (dfinity/ic {@code rs/interfaces/src/execution_environment/errors.rs}
	 * {@code HypervisorError} Display and {@code error_help}, newest documentation address). The doubled period is real.
	 */
	public String instructionLimit(String canisterId, long limit) {
		return "IC0522: Error from Canister " + canisterId + ": Canister exceeded the limit of " + limit
				+ " instructions for single message execution..\nTry optimizing this method to consume fewer instructions or split the work "
				+ "across multiple messages. See documentation: " + EXECUTION_ERRORS_DOCS + "#instruction-limit-exceeded";
	}

	/** The flexible {@code timeout} arm (dfinity/ic PB {@code flexible_error_into_consensus_response}). */
	public String flexibleTimeout() {
		return "Flexible HTTP request timed out";
	}

	/** The flexible {@code too_many_rejects} arm, {@code k} the rejects delivered. */
	public String flexibleTooManyRejects(int k) {
		return "Too many rejects: " + k + " responses are rejects";
	}

	/**
	 * The flexible {@code responses_too_large} arm: {@code k} = min − unseen smallest of {@code ok} OK responses, with
	 * their sizes, do not fit one block.
	 */
	public String flexibleResponsesTooLarge(int min, int unseen, int ok, java.util.List<Long> smallestSizes, int rejects, int total) {
		StringBuilder sizes = new StringBuilder();
		for (long size : smallestSizes) {
			sizes.append(sizes.length() == 0 ? "" : ", ").append(size);
		}
		return "Responses too large: need at least " + min + " OK responses to fit within " + Limits.MAX_PAYLOAD_BYTES + " bytes, but even the "
				+ "smallest " + (min - unseen) + " (= " + min + " min_responses - " + unseen + " unseen) of " + ok + " OK responses have sizes ["
				+ sizes + "] bytes (" + ok + " ok + " + rejects + " reject + " + unseen + " unseen = " + total + " total_requests)";
	}

	/**
	 * A reject message as the replica client passes it on: longer than {@link #MAX_ERROR_MESSAGE_BYTES} bytes, it
	 * becomes exactly that many: the first 90 % (at most limit − 3), {@code ...}, then the end (dfinity/ic
	 * {@code rs/utils/src/str.rs} {@code StrEllipsize::ellipsize(limit, 90)}, called in
	 * {@code rs/https_outcalls/client/src/client.rs} {@code send}). Cuts never split a UTF-8 character.
	 */
	public static String ellipsize(String message) {
		byte[] bytes = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		int limit = MAX_ERROR_MESSAGE_BYTES;
		if (bytes.length <= limit) {
			return message;
		}
		int head = Math.min(limit * 90 / 100, limit - 3);
		int tail = limit - 3 - head;
		int headEnd = head;
		while (headEnd > 0 && (bytes[headEnd] & 0xC0) == 0x80) {
			headEnd--;
		}
		int tailStart = bytes.length - tail;
		while (tailStart < bytes.length && (bytes[tailStart] & 0xC0) == 0x80) {
			tailStart++;
		}
		java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
		return new String(bytes, 0, headEnd, utf8) + "..." + new String(bytes, tailStart, bytes.length - tailStart, utf8);
	}

	/** Groups digits with underscores, as the replica's {@code Cycles} Display: {@code 20_849_238_800}. */
	public static String underscores(long value) {
		String digits = Long.toString(Math.abs(value));
		StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3 + 1);
		int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
		out.append(digits, 0, lead);
		for (int i = lead; i < digits.length(); i += 3) {
			out.append('_').append(digits, i, i + 3);
		}
		return (value < 0 ? "-" : "") + out;
	}

	@Override
	public String toString() {
		return "RejectTexts[" + profile.name().toLowerCase(Locale.ROOT) + "]";
	}
}
