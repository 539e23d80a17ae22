package io.github.subnetsim.internal.validate;

import java.util.List;
import java.util.Optional;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.internal.text.RejectTexts;
import io.github.subnetsim.internal.text.Rejection;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.trace.RejectReason;

/**
 * The replica's execution-time checks of {@code http_request_args}, in the order of dfinity/ic
 * {@code rs/types/types/src/canister_http.rs generate_from_args} (dfinity/ic rs/types/types/src/canister_http.rs generate_from_args; docs/limits-and-profiles.md steps 3, 5, 6, 8 and 9; step 3,
 * the Candid decode of the bounded headers, in the current-replica profile only). Each
 * failure is a {@code CanisterReject} with the whole payment refunded. The cycles check (step 11) needs the fee and
 * runs in {@code OutcallPipeline}.
 */
public final class RequestValidator {

	private RequestValidator() {
	}

	/**
	 * The first failing check of the request, in the replica's order.
	 *
	 * @param args the request
	 * @param profile the replica profile
	 * @return the reject (code 4), or empty when the request is valid
	 */
	public static Optional<Rejection> firstViolation(HttpRequestArgs args, ReplicaProfile profile) {
		RejectTexts texts = RejectTexts.of(profile);
		if (profile == ReplicaProfile.CURRENT_REPLICA) {
			Optional<Rejection> undecodable = decodeViolation(args.headers(), texts);
			if (undecodable.isPresent()) {
				return undecodable;
			}
		}
		if (args.urlLength() > Limits.MAX_URL_BYTES) {
			return reject(RejectReason.URL_TOO_LONG, texts.urlTooLong(args.urlLength()));
		}
		Optional<Rejection> headers = headerViolation(args.headers(), args.bodyLength(), true, texts, RejectCode.CANISTER_REJECT,
				profile == ReplicaProfile.CURRENT_REPLICA);
		if (headers.isPresent()) {
			return headers;
		}
		if (args.maxResponseBytes() != null && args.maxResponseBytes() > profile.maxResponseBytesLimit()) {
			return reject(RejectReason.MAX_RESPONSE_BYTES_OUT_OF_RANGE, texts.maxResponseBytesOutOfRange(args.maxResponseBytes()));
		}
		if (args.method().nonReplicatedOnly() && args.replicated()) {
			return reject(RejectReason.METHOD_ONLY_NON_REPLICATED, texts.methodOnlyNonReplicated());
		}
		return Optional.empty();
	}

	/**
	 * Step 3, Candid decode of the bounded request headers (dfinity/ic
	 * {@code rs/types/management_canister_types/src/http.rs} {@code BoundedHttpHeaders}: 64 elements, 48 KiB in all,
	 * 16 KiB per name + value): IC0408, reject code 4, before every later check.
	 */
	private static Optional<Rejection> decodeViolation(List<HttpHeader> headers, RejectTexts texts) {
		if (headers.size() > Limits.MAX_HEADER_COUNT) {
			return reject(RejectReason.CANDID_DECODE, texts.decodeTooManyHeaders());
		}
		long total = 0;
		for (HttpHeader h : headers) {
			if (h.byteSize() > Limits.MAX_HEADER_ELEMENT_BYTES) {
				return reject(RejectReason.CANDID_DECODE, texts.decodeHeaderTooLarge());
			}
			total += h.byteSize();
		}
		if (total > Limits.MAX_HEADER_TOTAL_BYTES) {
			return reject(RejectReason.CANDID_DECODE, texts.decodeHeadersTooLarge());
		}
		return Optional.empty();
	}

	private static Optional<Rejection> reject(RejectReason reason, String message) {
		return Optional.of(Rejection.canisterReject(reason, message));
	}

	/**
	 * The replica client's {@code validate_response}: the same header rules on what came back from the network.
	 * The seed profile allows responses up to 2 MiB, so it does not apply the 2,000,000-byte request total there.
	 */
	public static Optional<Rejection> responseViolation(HttpResponse r, ReplicaProfile profile) {
		boolean current = profile == ReplicaProfile.CURRENT_REPLICA;
		return headerViolation(r.headers(), r.bodyLength(), current, RejectTexts.of(profile), RejectCode.SYS_FATAL, current)
				.map(v -> new Rejection(RejectReason.RESPONSE_INVALID, v.code(), v.message()));
	}

	/**
	 * {@code validate_http_headers_and_body} (dfinity/ic {@code rs/types/types/src/canister_http.rs}): count, names,
	 * values, all headers, then headers plus body. The current replica checks every name before any value and prints
	 * the largest length over all headers; the seed profile reports the first offender.
	 */
	private static Optional<Rejection> headerViolation(List<HttpHeader> headers, long bodyLength, boolean checkTotal, RejectTexts texts,
			RejectCode code, boolean largestOverAll) {
		if (headers.size() > Limits.MAX_HEADER_COUNT) {
			return Optional.of(new Rejection(RejectReason.TOO_MANY_HEADERS, code, texts.tooManyHeaders(headers.size())));
		}
		if (largestOverAll) {
			long longestName = 0;
			long longestValue = 0;
			for (HttpHeader h : headers) {
				longestName = Math.max(longestName, h.nameBytes());
				longestValue = Math.max(longestValue, h.valueBytes());
			}
			if (longestName > Limits.MAX_HEADER_NAME_OR_VALUE_BYTES) {
				return Optional.of(new Rejection(RejectReason.HEADER_NAME_TOO_LONG, code, texts.headerNameTooLong(longestName)));
			}
			if (longestValue > Limits.MAX_HEADER_NAME_OR_VALUE_BYTES) {
				return Optional.of(new Rejection(RejectReason.HEADER_VALUE_TOO_LONG, code, texts.headerValueTooLong(longestValue)));
			}
		}
		long total = 0;
		for (HttpHeader h : headers) {
			if (h.nameBytes() > Limits.MAX_HEADER_NAME_OR_VALUE_BYTES) {
				return Optional.of(new Rejection(RejectReason.HEADER_NAME_TOO_LONG, code, texts.headerNameTooLong(h.nameBytes())));
			}
			if (h.valueBytes() > Limits.MAX_HEADER_NAME_OR_VALUE_BYTES) {
				return Optional.of(new Rejection(RejectReason.HEADER_VALUE_TOO_LONG, code, texts.headerValueTooLong(h.valueBytes())));
			}
			total += h.byteSize();
		}
		if (total > Limits.MAX_HEADER_TOTAL_BYTES) {
			return Optional.of(new Rejection(RejectReason.HEADERS_TOO_LARGE, code, texts.headersTooLarge(total)));
		}
		if (checkTotal && total + bodyLength > Limits.MAX_REQUEST_BYTES) {
			return Optional.of(new Rejection(RejectReason.REQUEST_TOO_LARGE, code, texts.requestTooLarge(total + bodyLength)));
		}
		return Optional.empty();
	}
}
