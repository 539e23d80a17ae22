package io.github.subnetsim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP response as the Candid type
 * {@code http_request_result = record { status : nat; headers : vec http_header; body : blob }}:
 * what a replica hands to the transform, and what the transform returns.
 *
 * <p>Immutable: the body is copied in and out.
 * <pre>{@code
 * HttpResponse r = HttpResponse.of(200, List.of(HttpHeader.of("content-type", "application/json")), "{\"price\":1.23}");
 * HttpResponse stripped = r.withHeaders(List.of());
 * }</pre>
 */
public record HttpResponse(int status, List<HttpHeader> headers, byte[] body) {

	/**
	 * Checks the status and copies the headers and body.
	 *
	 * @param status the HTTP status code
	 * @param headers the headers, in order
	 * @param body the body bytes
	 */
	public HttpResponse {
		if (status < 0) {
			throw new IllegalArgumentException("status must be a nat (>= 0), got " + status);
		}
		headers = List.copyOf(Objects.requireNonNull(headers, "headers must not be null (use List.of())"));
		body = Objects.requireNonNull(body, "body must not be null (use new byte[0])").clone();
	}

	/**
	 * A response with a UTF-8 text body.
	 *
	 * @param status the HTTP status code
	 * @param headers the headers, in order
	 * @param body the body, encoded as UTF-8
	 * @return the response
	 */
	public static HttpResponse of(int status, List<HttpHeader> headers, String body) {
		return new HttpResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A response with a binary body.
	 *
	 * @param status the HTTP status code
	 * @param headers the headers, in order
	 * @param body the body bytes, copied
	 * @return the response
	 */
	public static HttpResponse of(int status, List<HttpHeader> headers, byte[] body) {
		return new HttpResponse(status, headers, body);
	}

	/**
	 * A copy of the body.
	 *
	 * @return a copy of the body bytes
	 */
	@Override
	public byte[] body() {
		return body.clone();
	}

	/**
	 * A read-only view of the body, without copying it.
	 *
	 * @return a read-only buffer over the body
	 */
	public java.nio.ByteBuffer bodyBuffer() {
		return java.nio.ByteBuffer.wrap(body).asReadOnlyBuffer();
	}

	/**
	 * The body's length in bytes, without copying it.
	 *
	 * @return the body's length in bytes
	 */
	public int bodyLength() {
		return body.length;
	}

	/**
	 * The body decoded as UTF-8.
	 *
	 * @return the body as text
	 */
	public String bodyText() {
		return new String(body, StandardCharsets.UTF_8);
	}

	/**
	 * The first value of the header with this name (case-insensitive).
	 *
	 * @param name the header name, in any case
	 * @return the header's first value, or empty when there is no such header
	 */
	public Optional<String> header(String name) {
		for (HttpHeader h : headers) {
			if (h.name().equalsIgnoreCase(name)) {
				return Optional.of(h.value());
			}
		}
		return Optional.empty();
	}

	/**
	 * Σ(name + value) over all headers, in UTF-8 bytes, as the replica counts it.
	 *
	 * @return the headers' size in bytes
	 */
	public long headerBytes() {
		long n = 0;
		for (HttpHeader h : headers) {
			n += h.byteSize();
		}
		return n;
	}

	/**
	 * Header bytes plus body bytes: the spec's "size" of a response.
	 *
	 * @return the response's size in bytes, as compared with {@code max_response_bytes}
	 */
	public long byteSize() {
		return headerBytes() + body.length;
	}

	/**
	 * The same response with another status.
	 *
	 * @param newStatus the status code
	 * @return a new response
	 */
	public HttpResponse withStatus(int newStatus) {
		return new HttpResponse(newStatus, headers, body);
	}

	/**
	 * The same response with other headers.
	 *
	 * @param newHeaders the headers, replacing all current ones
	 * @return a new response
	 */
	public HttpResponse withHeaders(List<HttpHeader> newHeaders) {
		return new HttpResponse(status, newHeaders, body);
	}

	/**
	 * The same response with another body.
	 *
	 * @param newBody the body bytes
	 * @return a new response
	 */
	public HttpResponse withBody(byte[] newBody) {
		return new HttpResponse(status, headers, newBody);
	}

	/**
	 * The same response with a UTF-8 text body.
	 *
	 * @param newBody the body, encoded as UTF-8
	 * @return a new response
	 */
	public HttpResponse withBody(String newBody) {
		return withBody(newBody.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The same response without any header of this name (case-insensitive).
	 *
	 * @param name the header name, in any case
	 * @return a new response
	 */
	public HttpResponse withoutHeader(String name) {
		List<HttpHeader> kept = new ArrayList<>(headers.size());
		for (HttpHeader h : headers) {
			if (!h.name().equalsIgnoreCase(name)) {
				kept.add(h);
			}
		}
		return withHeaders(kept);
	}

	/**
	 * The same response with header names lowercased, as the replica's HTTP client delivers them.
	 *
	 * @return a new response
	 */
	public HttpResponse withLowercasedHeaderNames() {
		List<HttpHeader> lowered = new ArrayList<>(headers.size());
		for (HttpHeader h : headers) {
			lowered.add(new HttpHeader(h.name().toLowerCase(Locale.ROOT), h.value()));
		}
		return withHeaders(lowered);
	}

	// Package-level access to the body without a copy, for the engine's hot path.
	byte[] bodyUnsafe() {
		return body;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof HttpResponse r && r.status == status && r.headers.equals(headers) && Arrays.equals(r.body, body);
	}

	@Override
	public int hashCode() {
		return Objects.hash(status, headers) * 31 + Arrays.hashCode(body);
	}

	@Override
	public String toString() {
		return "HttpResponse{status=" + status + ", headers=" + headers + ", body=" + body.length + " bytes}";
	}
}
