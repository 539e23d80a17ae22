package io.github.subnetsim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The argument of {@code aaaaa-aa.http_request}, mirroring the Candid {@code http_request_args}, plus the
 * cycles the canister attaches to the call.
 *
 * <p>Candid {@code opt} fields are nullable here: {@code null} is {@code None}.
 * <pre>{@code
 * HttpRequestArgs args = HttpRequestArgs.get("https://localhost:8443/price")
 *         .header("Accept", "application/json")
 *         .maxResponseBytes(2_000)
 *         .transform(Transform.of("transform", (r, ctx) -> r.withHeaders(List.of())))
 *         .cycles(1_000_000_000L)
 *         .build();
 * }</pre>
 *
 * @param url the URL as given (not normalised); its UTF-8 length counts towards the fee
 * @param maxResponseBytes {@code opt nat64}; {@code null} means the profile's default
 * @param method the HTTP method
 * @param headers the request headers, in order, sent exactly as given
 * @param body {@code opt blob}; {@code null} means no body
 * @param transform {@code opt} transform; {@code null} means none
 * @param isReplicated {@code opt bool}; {@code null} or {@code true} means fully replicated
 * @param pricingVersion {@code opt nat32}; {@code null} or an unknown value means 1 (legacy)
 * @param cycles the cycles attached to the call
 */
public record HttpRequestArgs(String url, Long maxResponseBytes, HttpMethod method, List<HttpHeader> headers,
		byte[] body, Transform transform, Boolean isReplicated, Integer pricingVersion, long cycles) {

	/**
	 * Checks the fields (no negative nat, no null URL, method or headers) and copies the headers and body.
	 *
	 * @param url the URL as given (not normalised); its UTF-8 length counts towards the fee
	 * @param maxResponseBytes {@code opt nat64}; {@code null} means the profile's default
	 * @param method the HTTP method
	 * @param headers the request headers, in order, sent exactly as given
	 * @param body {@code opt blob}; {@code null} means no body
	 * @param transform {@code opt} transform; {@code null} means none
	 * @param isReplicated {@code opt bool}; {@code null} or {@code true} means fully replicated
	 * @param pricingVersion {@code opt nat32}; {@code null} or an unknown value means 1 (legacy)
	 * @param cycles the cycles attached to the call
	 */
	public HttpRequestArgs {
		Objects.requireNonNull(url, "url must not be null");
		Objects.requireNonNull(method, "method must not be null");
		headers = List.copyOf(Objects.requireNonNull(headers, "headers must not be null (use List.of())"));
		body = body == null ? null : body.clone();
		if (maxResponseBytes != null && maxResponseBytes < 0) {
			throw new IllegalArgumentException("max_response_bytes is a nat64 and cannot be negative, got " + maxResponseBytes);
		}
		if (pricingVersion != null && pricingVersion < 0) {
			throw new IllegalArgumentException("pricing_version is a nat32 and cannot be negative, got " + pricingVersion);
		}
		if (cycles < 0) {
			throw new IllegalArgumentException("attached cycles cannot be negative, got " + cycles);
		}
	}

	/**
	 * A builder for a request with this method and URL.
	 *
	 * @param method the HTTP method
	 * @param url the URL, sent as given
	 * @return a builder with no headers, no body and no cycles attached
	 */
	public static Builder builder(HttpMethod method, String url) {
		return new Builder(method, url);
	}

	/**
	 * A builder for a GET.
	 *
	 * @param url the URL, sent as given
	 * @return a builder for the GET
	 */
	public static Builder get(String url) {
		return builder(HttpMethod.GET, url);
	}

	/**
	 * A builder for a HEAD.
	 *
	 * @param url the URL, sent as given
	 * @return a builder for the HEAD
	 */
	public static Builder head(String url) {
		return builder(HttpMethod.HEAD, url);
	}

	/**
	 * A builder for a POST with a UTF-8 body.
	 *
	 * @param url the URL, sent as given
	 * @param body the body, encoded as UTF-8
	 * @return a builder for the POST
	 */
	public static Builder post(String url, String body) {
		return builder(HttpMethod.POST, url).body(body);
	}

	/**
	 * A builder pre-filled with this request's fields.
	 *
	 * @return a builder to derive a changed request from
	 */
	public Builder toBuilder() {
		Builder b = new Builder(method, url);
		b.maxResponseBytes = maxResponseBytes;
		b.headers.addAll(headers);
		b.body = body;
		b.transform = transform;
		b.isReplicated = isReplicated;
		b.pricingVersion = pricingVersion;
		b.cycles = cycles;
		return b;
	}

	/**
	 * A copy of the body, or null.
	 *
	 * @return a copy of the body, or {@code null} for no body
	 */
	@Override
	public byte[] body() {
		return body == null ? null : body.clone();
	}

	/**
	 * Body length in bytes, 0 when there is no body.
	 *
	 * @return the body's length in bytes
	 */
	public int bodyLength() {
		return body == null ? 0 : body.length;
	}

	/**
	 * Whether the request is fully replicated: {@code is_replicated} is null or true.
	 *
	 * @return {@code true} when every replica makes the request and consensus decides
	 */
	public boolean replicated() {
		return isReplicated == null || isReplicated;
	}

	/**
	 * Σ(name + value) of the request headers, UTF-8 bytes.
	 *
	 * @return the request headers' size in bytes
	 */
	public long headerBytes() {
		long n = 0;
		for (HttpHeader h : headers) {
			n += h.byteSize();
		}
		return n;
	}

	/**
	 * Length of the URL in UTF-8 bytes, as the replica's {@code url.len()}.
	 *
	 * @return the URL's length in bytes
	 */
	public int urlLength() {
		return HttpHeader.utf8Length(url);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof HttpRequestArgs a && a.url.equals(url) && Objects.equals(a.maxResponseBytes, maxResponseBytes)
				&& a.method == method && a.headers.equals(headers) && Arrays.equals(a.body, body)
				&& Objects.equals(a.transform, transform) && Objects.equals(a.isReplicated, isReplicated)
				&& Objects.equals(a.pricingVersion, pricingVersion) && a.cycles == cycles;
	}

	@Override
	public int hashCode() {
		return Objects.hash(url, maxResponseBytes, method, headers, transform, isReplicated, pricingVersion, cycles) * 31
				+ Arrays.hashCode(body);
	}

	@Override
	public String toString() {
		return method + " " + url + " (headers=" + headers.size() + ", body=" + (body == null ? "none" : body.length + " bytes")
				+ ", max_response_bytes=" + maxResponseBytes + ", transform=" + (transform == null ? "none" : transform.name())
				+ ", replicated=" + replicated() + ", cycles=" + cycles + ")";
	}

	/** Builds {@link HttpRequestArgs}; each call returns this builder. */
	public static final class Builder {
		private final HttpMethod method;
		private final String url;
		private Long maxResponseBytes;
		private final List<HttpHeader> headers = new ArrayList<>();
		private byte[] body;
		private Transform transform;
		private Boolean isReplicated;
		private Integer pricingVersion;
		private long cycles;

		private Builder(HttpMethod method, String url) {
			this.method = method;
			this.url = url;
		}

		/**
		 * Sets {@code max_response_bytes}; null for None.
		 *
		 * @param value the largest response accepted, in bytes, or {@code null} for the profile's default
		 * @return this builder
		 */
		public Builder maxResponseBytes(Long value) {
			this.maxResponseBytes = value;
			return this;
		}

		/**
		 * Sets {@code max_response_bytes}.
		 *
		 * @param value the largest response accepted, in bytes
		 * @return this builder
		 */
		public Builder maxResponseBytes(long value) {
			return maxResponseBytes(Long.valueOf(value));
		}

		/**
		 * Appends a header (order is kept, duplicates allowed).
		 *
		 * @param name the header's name
		 * @param value the header's value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			headers.add(new HttpHeader(name, value));
			return this;
		}

		/**
		 * Appends headers.
		 *
		 * @param more the headers to append, in order
		 * @return this builder
		 */
		public Builder headers(List<HttpHeader> more) {
			headers.addAll(more);
			return this;
		}

		/**
		 * Sets the body; null for None.
		 *
		 * @param value the body, or {@code null} for none
		 * @return this builder
		 */
		public Builder body(byte[] value) {
			this.body = value;
			return this;
		}

		/**
		 * Sets a UTF-8 body.
		 *
		 * @param value the body, encoded as UTF-8, or {@code null} for none
		 * @return this builder
		 */
		public Builder body(String value) {
			return body(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
		}

		/**
		 * Sets the transform; null for None.
		 *
		 * @param value the transform every replica applies to its response, or {@code null} for none
		 * @return this builder
		 */
		public Builder transform(Transform value) {
			this.transform = value;
			return this;
		}

		/**
		 * Sets {@code is_replicated}; null for None (replicated).
		 *
		 * @param value {@code true} or {@code null} for fully replicated, {@code false} for one replica
		 * @return this builder
		 */
		public Builder replicated(Boolean value) {
			this.isReplicated = value;
			return this;
		}

		/**
		 * Shorthand for {@code replicated(false)}: one replica makes the request, no consensus.
		 *
		 * @return this builder
		 */
		public Builder nonReplicated() {
			return replicated(Boolean.FALSE);
		}

		/**
		 * Sets {@code pricing_version}; null for None (legacy, 1).
		 *
		 * @param value the pricing version, or {@code null} for the legacy one
		 * @return this builder
		 */
		public Builder pricingVersion(Integer value) {
			this.pricingVersion = value;
			return this;
		}

		/**
		 * Sets the cycles attached to the call.
		 *
		 * @param value the cycles; the fee is taken from them and the rest refunded
		 * @return this builder
		 */
		public Builder cycles(long value) {
			this.cycles = value;
			return this;
		}

		/**
		 * The request.
		 *
		 * @return the request arguments
		 */
		public HttpRequestArgs build() {
			return new HttpRequestArgs(url, maxResponseBytes, method, headers, body, transform, isReplicated, pricingVersion, cycles);
		}
	}
}
