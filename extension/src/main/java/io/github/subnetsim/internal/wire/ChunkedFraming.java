package io.github.subnetsim.internal.wire;

import java.io.IOException;

/**
 * The control parts of a chunked body, read byte by byte with the states of hyperium/hyper
 * {@code src/proto/h1/decode.rs} ({@code ChunkedState}: {@code Start}, {@code Size}, {@code SizeLws},
 * {@code Extension}, {@code SizeLf}, {@code BodyCr}, {@code BodyLf}, {@code Trailer}, {@code TrailerLf},
 * {@code EndCr}, {@code EndLf}), and the trailer check of {@code decode_trailers} (httparse {@code parse_headers}).
 * Every method returns a failure for invalid framing or end of stream; read errors propagate.
 */
final class ChunkedFraming {

	/** hyper {@code CHUNKED_EXTENSIONS_LIMIT}. */
	static final long EXTENSIONS_LIMIT = 16 * 1024;
	/** hyper {@code TRAILER_LIMIT}. */
	static final int TRAILER_LIMIT = 16 * 1024;

	private final WireInput in;
	private long extensionBytes;

	ChunkedFraming(WireInput in) {
		this.in = in;
	}

	/** The next chunk's size line; −1 when invalid or at end of stream. */
	long chunkSize() throws IOException {
		int b = in.read();
		int d = hex(b);
		if (d < 0) {
			return -1; // "Invalid chunk size line: missing size digit"
		}
		long size = d;
		while (true) {
			b = in.read();
			d = hex(b);
			if (d >= 0) {
				if (size > (Long.MAX_VALUE >>> 4)) {
					return -1; // overflow; hyper uses u64, the difference needs a chunk over 2^63 bytes
				}
				size = size * 16 + d;
				continue;
			}
			if (b == ' ' || b == '\t') {
				b = lws();
			}
			if (b == ';') {
				b = extension();
			}
			if (b != '\r') {
				return -1;
			}
			return in.read() == '\n' ? size : -1;
		}
	}

	/** SizeLws: more SP/HTAB, then {@code ;} or CR (returned), anything else is an error (−1). */
	private int lws() throws IOException {
		while (true) {
			int b = in.read();
			if (b == ' ' || b == '\t') {
				continue;
			}
			return b == ';' || b == '\r' ? b : -1;
		}
	}

	/** Extension: ignored up to CR (returned); LF or too many extension bytes are errors (−1). */
	private int extension() throws IOException {
		while (true) {
			int b = in.read();
			if (b == '\r' || b < 0) {
				return b;
			}
			if (b == '\n' || ++extensionBytes >= EXTENSIONS_LIMIT) {
				return -1;
			}
		}
	}

	/** CRLF after a chunk's data. */
	boolean chunkEnd() throws IOException {
		return in.read() == '\r' && in.read() == '\n';
	}

	/** After the last chunk: trailer lines, then CRLF. False when invalid or at end of stream. */
	boolean trailers() throws IOException {
		StringBuilder trailer = new StringBuilder();
		int lines = 0;
		while (true) {
			int b = in.read();
			if (b < 0) {
				return false;
			}
			if (b == '\r') {
				if (in.read() != '\n') {
					return false;
				}
				if (trailer.length() + 2 >= TRAILER_LIMIT) {
					return false;
				}
				return true;
			}
			// Trailer: bytes up to CR, then LF (bare LF stays inside the line, as in hyper's Trailer state).
			StringBuilder line = new StringBuilder();
			while (b != '\r') {
				if (b < 0) {
					return false;
				}
				line.append((char) b);
				if (trailer.length() + line.length() >= TRAILER_LIMIT) {
					return false;
				}
				b = in.read();
			}
			if (in.read() != '\n' || lines >= HeadParser.MAX_HEADERS) {
				return false;
			}
			lines++;
			if (!validTrailerLine(line)) {
				return false;
			}
			trailer.append(line).append("\r\n");
		}
	}

	/** httparse header line: a token, a colon, then value bytes (HTAB, 0x20–0x7E, 0x80–0xFF). */
	static boolean validTrailerLine(CharSequence line) {
		int i = 0;
		while (i < line.length() && Bytes.isToken(line.charAt(i))) {
			i++;
		}
		if (i == 0 || i == line.length() || line.charAt(i) != ':') {
			return false;
		}
		for (i++; i < line.length(); i++) {
			if (!Bytes.isValueByte(line.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static int hex(int b) {
		if (b >= '0' && b <= '9') {
			return b - '0';
		}
		if (b >= 'a' && b <= 'f') {
			return b - 'a' + 10;
		}
		if (b >= 'A' && b <= 'F') {
			return b - 'A' + 10;
		}
		return -1;
	}
}
