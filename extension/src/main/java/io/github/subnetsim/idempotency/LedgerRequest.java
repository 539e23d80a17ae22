package io.github.subnetsim.idempotency;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import io.github.subnetsim.HttpHeader;

/**
 * One incoming request as the {@link IdempotencyLedger} needs it: method, path, the client's source address, the
 * headers, and the body as a stream that is hashed while it is read. The ledger never keeps the body: an effect that
 * needs it reads {@link #body()}; whatever is left unread is hashed in 64 KiB chunks and dropped.
 *
 * <pre>{@code
 * LedgerRequest request = LedgerRequest.builder("POST", "/orders")
 *         .source("127.0.0.4")
 *         .header("Idempotency-Key", "order-42")
 *         .body(exchange.getRequestBody())   // or .body(bytes)
 *         .build();
 * }</pre>
 *
 * <p>Not thread-safe: one request is handled by one server thread.
 */
public final class LedgerRequest {

	private static final int CHUNK = 64 * 1024;

	private final String method;
	private final String path;
	private final String source;
	private final List<HttpHeader> headers;
	private final HashingStream body;

	private LedgerRequest(Builder b) {
		this.method = b.method;
		this.path = b.path;
		this.source = b.source;
		this.headers = List.copyOf(b.headers);
		this.body = new HashingStream(b.body == null ? InputStream.nullInputStream() : b.body);
	}

	/**
	 * A builder for a request with this method and path.
	 *
	 * @param method the HTTP method, as received
	 * @param path the request path
	 * @return a builder; the source defaults to {@code "unknown"}, the body to empty
	 */
	public static Builder builder(String method, String path) {
		return new Builder(method, path);
	}

	/**
	 * The HTTP method, as received.
	 *
	 * @return for example {@code "POST"}
	 */
	public String method() {
		return method;
	}

	/**
	 * The request path.
	 *
	 * @return for example {@code "/orders"}
	 */
	public String path() {
		return path;
	}

	/**
	 * The client's address as the server saw it.
	 *
	 * @return for a replica of the simulated subnet 127.0.x.y; {@code "unknown"} when not given
	 */
	public String source() {
		return source;
	}

	/**
	 * Every header, in order.
	 *
	 * @return the headers, repeated names included
	 */
	public List<HttpHeader> headers() {
		return headers;
	}

	/**
	 * Every value of the headers with this name (case-insensitive), in order.
	 *
	 * @param name the header name
	 * @return the values, empty when the header is absent
	 */
	public List<String> headerValues(String name) {
		List<String> out = new ArrayList<>(1);
		for (HttpHeader h : headers) {
			if (h.name().equalsIgnoreCase(name)) {
				out.add(h.value());
			}
		}
		return out;
	}

	/**
	 * The body, readable once; every byte read is hashed.
	 *
	 * @return the body stream; bytes read from it are hashed
	 */
	public InputStream body() {
		return body;
	}

	/**
	 * Reads the rest of the body into memory: only for effects that need it whole (the ledger itself never does).
	 *
	 * @return the unread rest of the body
	 * @throws java.io.UncheckedIOException if the body cannot be read
	 */
	public byte[] readBody() {
		try {
			return body.readAllBytes();
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not read the request body", e);
		}
	}

	/**
	 * Hex SHA-256 of the whole body: reads (and drops) what was not read yet.
	 *
	 * @return 64 hex digits
	 * @throws java.io.UncheckedIOException if the body cannot be read
	 */
	public String bodySha256() {
		return body.finish();
	}

	/**
	 * The body's length in bytes: reads (and drops) what was not read yet.
	 *
	 * @return the number of bytes in the whole body
	 * @throws java.io.UncheckedIOException if the body cannot be read
	 */
	public long bodyBytes() {
		body.finish();
		return body.count;
	}

	/**
	 * Builds a {@link LedgerRequest}.
	 *
	 * <pre>{@code
	 * LedgerRequest.builder("POST", "/pay").source("127.0.0.1").header("Idempotency-Key", "k").body(bytes).build();
	 * }</pre>
	 */
	public static final class Builder {
		private final String method;
		private final String path;
		private String source = "unknown";
		private final List<HttpHeader> headers = new ArrayList<>();
		private InputStream body;

		private Builder(String method, String path) {
			this.method = Objects.requireNonNull(method, "method");
			this.path = Objects.requireNonNull(path, "path");
		}

		/**
		 * The client's address (for a replica 127.0.x.y); "unknown" when not set.
		 *
		 * @param value the source address
		 * @return this builder
		 */
		public Builder source(String value) {
			this.source = Objects.requireNonNull(value, "source");
			return this;
		}

		/**
		 * Appends a header; repeated names are kept, in order.
		 *
		 * @param name the header name
		 * @param value the header value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			headers.add(new HttpHeader(name, value));
			return this;
		}

		/**
		 * Appends headers.
		 *
		 * @param more the headers, in order
		 * @return this builder
		 */
		public Builder headers(List<HttpHeader> more) {
			headers.addAll(more);
			return this;
		}

		/**
		 * The body as a stream, read at most once (never buffered whole by the ledger).
		 *
		 * @param value the body stream; null for an empty body
		 * @return this builder
		 */
		public Builder body(InputStream value) {
			this.body = value;
			return this;
		}

		/**
		 * The body as bytes (already in memory, for example MockWebServer's recorded body); null for none.
		 *
		 * @param value the body bytes
		 * @return this builder
		 */
		public Builder body(byte[] value) {
			this.body = value == null ? null : new ByteArrayInputStream(value);
			return this;
		}

		/**
		 * The request.
		 *
		 * @return the request, ready for the ledger
		 */
		public LedgerRequest build() {
			return new LedgerRequest(this);
		}
	}

	/** Hashes and counts every byte that passes; {@link #finish()} drains the rest in bounded chunks. */
	private static final class HashingStream extends FilterInputStream {
		private final MessageDigest digest = sha256();
		private long count;
		private String hex;

		HashingStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			if (b >= 0) {
				digest.update((byte) b);
				count++;
			}
			return b;
		}

		@Override
		public int read(byte[] buf, int off, int len) throws IOException {
			int n = in.read(buf, off, len);
			if (n > 0) {
				digest.update(buf, off, n);
				count += n;
			}
			return n;
		}

		@Override
		public long skip(long n) throws IOException {
			// Skipped bytes must still be hashed, so skipping reads through.
			byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(n, 1))];
			long skipped = 0;
			while (skipped < n) {
				int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
				if (r < 0) {
					break;
				}
				skipped += r;
			}
			return skipped;
		}

		@Override
		public boolean markSupported() {
			return false; // a reset would hash bytes twice
		}

		@Override
		public synchronized void mark(int readlimit) {
			// unsupported, see markSupported
		}

		@Override
		public synchronized void reset() throws IOException {
			throw new IOException("the request body is hashed as it is read and cannot be reset");
		}

		String finish() {
			if (hex == null) {
				try {
					byte[] buf = new byte[CHUNK];
					while (read(buf, 0, buf.length) >= 0) {
						// hashing happens in read
					}
				}
				catch (IOException e) {
					throw new UncheckedIOException("could not read the request body to hash it", e);
				}
				hex = HexFormat.of().formatHex(digest.digest());
			}
			return hex;
		}
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every JVM has SHA-256", e);
		}
	}
}
