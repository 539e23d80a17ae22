package io.github.subnetsim.internal.validate;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.internal.pipeline.OutcallPipeline;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.internal.text.RejectTexts;

/**
 * The replica's execution-time checks of {@code http_request_args}, in the order of dfinity/ic
 * {@code rs/types/types/src/canister_http.rs generate_from_args} (ic-outcalls.md §2.1 steps 5, 6, 8 and 9). Each
 * failure is a {@code CanisterReject} with the whole payment refunded. The cycles check (step 11) needs the fee and
 * runs in {@link OutcallPipeline}.
 */
public final class RequestValidator {

	private RequestValidator() {
	}

	/** The reject text of the first failing check, or null. */
	public static String firstViolation(HttpRequestArgs args, ReplicaProfile profile) {
		RejectTexts texts = profile.texts();
		if (args.urlLength() > Limits.MAX_URL_BYTES) {
			return texts.urlTooLong(args.urlLength());
		}
		String headers = headerViolation(args, texts);
		if (headers != null) {
			return headers;
		}
		if (args.maxResponseBytes() != null && args.maxResponseBytes() > profile.maxResponseBytesLimit()) {
			return texts.maxResponseBytesOutOfRange(args.maxResponseBytes());
		}
		if (args.method().nonReplicatedOnly() && args.replicated()) {
			return texts.methodOnlyNonReplicated();
		}
		return null;
	}

	/** {@code validate_http_headers_and_body} on a request. */
	private static String headerViolation(HttpRequestArgs args, RejectTexts texts) {
		return headerViolation(args.headers(), args.bodyLength(), true, texts);
	}

	/**
	 * The replica client's {@code validate_response}: the same header rules on what came back from the network.
	 * The seed profile allows responses up to 2 MiB, so it does not apply the 2,000,000-byte request total there.
	 */
	public static String responseViolation(HttpResponse r, ReplicaProfile profile) {
		return headerViolation(r.headers(), r.bodyLength(), profile == ReplicaProfile.CURRENT_REPLICA, profile.texts());
	}

	/** {@code validate_http_headers_and_body}: count, each name and value, all headers, then headers plus body. */
	private static String headerViolation(java.util.List<HttpHeader> headers, long bodyLength, boolean checkTotal, RejectTexts texts) {
		if (headers.size() > Limits.MAX_HEADER_COUNT) {
			return texts.tooManyHeaders(headers.size());
		}
		long total = 0;
		for (HttpHeader h : headers) {
			if (h.nameBytes() > Limits.MAX_HEADER_NAME_OR_VALUE_BYTES) {
				return texts.headerNameTooLong(h.nameBytes());
			}
			if (h.valueBytes() > Limits.MAX_HEADER_NAME_OR_VALUE_BYTES) {
				return texts.headerValueTooLong(h.valueBytes());
			}
			total += h.byteSize();
		}
		if (total > Limits.MAX_HEADER_TOTAL_BYTES) {
			return texts.headersTooLarge(total);
		}
		if (checkTotal && total + bodyLength > Limits.MAX_REQUEST_BYTES) {
			return texts.requestTooLarge(total + bodyLength);
		}
		return null;
	}
}
