package io.github.subnetsim.internal.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Reads one response body with hyper's decoders (hyperium/hyper {@code src/proto/h1/decode.rs}: {@code Length},
 * {@code Chunked}, {@code Eof}) under the adapter's limit of cap − header bytes (dfinity/ic
 * {@code rs/https_outcalls/adapter/src/rpc_server.rs}: {@code http_body_util::Limited}). Reading stops at the
 * limit + 1 byte; nothing past the framing is read into the body.
 */
final class BodyReader {

	/** How the body is delimited (hyper {@code Client::decoder}). */
	enum Framing {
		/** No body: 101, 204, 304, or a response to HEAD. */
		NONE,
		/** {@code Content-Length}. */
		LENGTH,
		/** {@code Transfer-Encoding} ending in {@code chunked}. */
		CHUNKED,
		/** Until end of stream. */
		EOF
	}

	/**
	 * The body's fate.
	 *
	 * @param body the body, or null when reading failed or went over the limit
	 * @param bodyBytesRead the body (data) bytes read, at most limit + 1
	 * @param clean whether the framing ended exactly with nothing else buffered, so the connection may be reused
	 */
	record Result(byte[] body, long bodyBytesRead, boolean clean) {
	}

	private final WireInput in;
	private final long limit;
	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final byte[] chunk = new byte[16 * 1024];

	private BodyReader(WireInput in, long limit) {
		this.in = in;
		this.limit = limit;
	}

	/**
	 * Reads the body.
	 *
	 * @param contentLength the length for {@link Framing#LENGTH}
	 * @param limit cap − header bytes
	 * @throws IOException a read error (reset, deadline), which the caller maps
	 */
	static Result read(WireInput in, Framing framing, long contentLength, long limit) throws IOException {
		BodyReader r = new BodyReader(in, limit);
		return switch (framing) {
			case NONE -> new Result(new byte[0], 0, in.buffered() == 0);
			case LENGTH -> r.length(contentLength);
			case CHUNKED -> r.chunked();
			case EOF -> r.toEof();
		};
	}

	private Result failed() {
		return new Result(null, out.size(), false);
	}

	private boolean over() {
		return out.size() > limit;
	}

	/** Copies up to {@code want} bytes, never past limit + 1 in total; −1 at end of stream. */
	private int copy(long want) throws IOException {
		long room = limit + 1 - out.size();
		int n = in.read(chunk, 0, (int) Math.min(Math.min(want, room), chunk.length));
		if (n > 0) {
			out.write(chunk, 0, n);
		}
		return n;
	}

	private Result length(long length) throws IOException {
		long remaining = length;
		while (remaining > 0) {
			int n = copy(remaining);
			if (n < 0) {
				return failed(); // IncompleteBody
			}
			remaining -= n;
			if (over()) {
				return failed();
			}
		}
		// Bytes beyond Content-Length are left unread; the connection is then not reused (adapter-wire §2, §5).
		return new Result(out.toByteArray(), out.size(), in.buffered() == 0);
	}

	private Result toEof() throws IOException {
		while (true) {
			int n = copy(Long.MAX_VALUE);
			if (n < 0) {
				return new Result(out.toByteArray(), out.size(), false);
			}
			if (over()) {
				return failed();
			}
		}
	}

	private Result chunked() throws IOException {
		ChunkedFraming framing = new ChunkedFraming(in);
		while (true) {
			long size = framing.chunkSize();
			if (size < 0) {
				return failed();
			}
			if (size == 0) {
				return framing.trailers() ? new Result(out.toByteArray(), out.size(), in.buffered() == 0) : failed();
			}
			long remaining = size;
			while (remaining > 0) {
				int n = copy(remaining);
				if (n < 0) {
					return failed();
				}
				remaining -= n;
				if (over()) {
					return failed();
				}
			}
			if (!framing.chunkEnd()) {
				return failed();
			}
		}
	}
}
