package io.github.subnetsim.internal.text;

import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.profile.ReplicaProfile;
import java.util.Locale;

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
	 * The adapter's connection failure ({@code client.request} failed: connect, TLS, or an unusable response head).
	 * The current replica prints the Rust {@code Debug} forms of the direct error and of the SOCKS error, joined by
	 * a newline and 36 spaces (dfinity/ic {@code rs/https_outcalls/adapter/src/rpc_server.rs}, {@code https_outcall});
	 * the simulation has no SOCKS proxy, which the adapter reports as {@code "No SOCKS proxy addresses provided"}
	 * ({@code do_https_outcall_socks_proxy}). The seed-documented profile keeps the older {@code " \n"} joint.
	 * {@code host} is {@code Uri::host()}, cut to 50 characters.
	 *
	 * @param host the URL's host as written (an IPv6 literal with its brackets)
	 * @param directError the {@code Debug} form of the direct attempt's error
	 */
	public String connectFailed(String host, String directError) {
		String h = host.length() > 50 ? host.substring(0, 50) : host;
		if (profile == ReplicaProfile.SEED_DOCUMENTED) {
			return "Connecting to " + h + " failed: direct connect " + directError + " \n and connect through socks "
					+ "\"no socks proxy in the simulated subnet\"";
		}
		return "Connecting to " + h + " failed: direct connect " + directError + "\n" + " ".repeat(36) + "and connect through socks "
				+ "\"No SOCKS proxy addresses provided\"";
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
