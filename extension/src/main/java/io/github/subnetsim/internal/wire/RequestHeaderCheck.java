package io.github.subnetsim.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The adapter's request-header validation, done before anything is sent (dfinity/ic
 * {@code rs/https_outcalls/adapter/src/rpc_server.rs}, {@code validate_headers}). Checked in the adapter's order:
 * the count, then every name and value length, then each header's name and then its value
 * (hyperium/http {@code HeaderName::from_str}, {@code HeaderValue::from_str}).
 */
public enum RequestHeaderCheck {

	/** Every header can be built. */
	OK,
	/** More than 1,024 headers: {@code Too many headers. Maximum allowed: 1024}. */
	TOO_MANY,
	/** A name or a value over 8,192 bytes: {@code Header name or value exceeds size limit of 8192}. */
	TOO_LONG,
	/** An empty name or one with a non-token byte: {@code Failed to parse header name invalid HTTP header name}. */
	NAME_INVALID,
	/**
	 * A value with CR, LF, another byte below 0x20 except HTAB, or 0x7F:
	 * {@code Failed to parse header value failed to parse header value}.
	 */
	VALUE_INVALID;

	/** dfinity/ic adapter {@code HEADERS_LIMIT}. */
	public static final int MAX_HEADERS = 1_024;
	/** dfinity/ic adapter {@code HEADER_NAME_VALUE_LIMIT}, in UTF-8 bytes. */
	public static final int MAX_NAME_OR_VALUE_BYTES = 8_192;

	/**
	 * Validates the headers the adapter would build; never throws for bad input.
	 *
	 * @param headers the canister's headers
	 * @return {@link #OK} or the first problem, in the adapter's order
	 */
	public static RequestHeaderCheck check(List<WireHeader> headers) {
		if (headers.size() > MAX_HEADERS) {
			return TOO_MANY;
		}
		for (WireHeader h : headers) {
			if (h.name().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_OR_VALUE_BYTES
					|| h.value().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_OR_VALUE_BYTES) {
				return TOO_LONG;
			}
		}
		for (WireHeader h : headers) {
			if (!validName(h.name())) {
				return NAME_INVALID;
			}
			if (!validValue(h.value())) {
				return VALUE_INVALID;
			}
		}
		return OK;
	}

	/** A non-empty token (RFC 9110 tchar), as hyperium/http {@code HeaderName::from_str} accepts in any case. */
	static boolean validName(String name) {
		if (name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			if (!Bytes.isToken(name.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/** hyperium/http {@code HeaderValue::from_str}: HTAB, or no byte below 0x20 and no 0x7F; non-ASCII allowed. */
	static boolean validValue(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c == 0x7F) {
				return false;
			}
		}
		return true;
	}
}
