package io.github.subnetsim.internal.wire;

/**
 * Why a response head was rejected (seanmonstar/httparse {@code src/lib.rs} errors, hyperium/hyper
 * {@code src/proto/h1/role.rs} {@code Client::parse} and {@code Client::decoder}, {@code src/proto/h1/io.rs}).
 * {@link #NONE} for connect failures that are not about a head.
 */
public enum HeadProblem {
	/** Not a head problem. */
	NONE,
	/** The answer does not start with {@code HTTP/1.0} or {@code HTTP/1.1} and one space (httparse {@code Version}). */
	NOT_HTTP,
	/** Status code not three digits, a bad delimiter, a control byte in the reason, or outside 100–999 (hyperium/http {@code StatusCode::from_u16}). */
	BAD_STATUS,
	/** A control byte (0x00–0x08, 0x0A–0x1F, 0x7F) in a header value (httparse {@code HeaderValue}). */
	CONTROL_BYTE,
	/** A line starting with SP or HTAB: obs-fold, off by default (httparse {@code HeaderName}). */
	OBS_FOLD,
	/** A header line that ends without a colon (httparse {@code HeaderName}). */
	NO_COLON,
	/** An empty header name or a non-token byte in it, including a space before the colon (httparse {@code HeaderName}). */
	BAD_HEADER_NAME,
	/** A CR not followed by LF (httparse {@code NewLine}, {@code HeaderValue} or {@code Status}). */
	BAD_NEWLINE,
	/** More than 100 header lines (hyper {@code DEFAULT_MAX_HEADERS}, httparse {@code TooManyHeaders}). */
	TOO_MANY_HEADERS,
	/** No complete head within 417,792 bytes (hyper {@code DEFAULT_MAX_BUFFER_SIZE}). */
	HEAD_TOO_LARGE,
	/** {@code Content-Length} values that differ or are not all digits (hyper {@code Client::decoder}). */
	BAD_CONTENT_LENGTH,
	/** {@code Transfer-Encoding} on an HTTP/1.0 response (hyper {@code Client::decoder}). */
	TRANSFER_ENCODING_ON_HTTP10
}
