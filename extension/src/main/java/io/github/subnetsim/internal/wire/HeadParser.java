package io.github.subnetsim.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses one HTTP/1.x response head with the rules of seanmonstar/httparse {@code src/lib.rs}
 * ({@code Response::parse} with the default {@code ParserConfig}: {@code skip_empty_lines}, {@code parse_version},
 * {@code parse_code}, {@code parse_reason}, {@code parse_headers_iter_uninit}) and hyper's 100 header slots
 * (hyperium/hyper {@code src/proto/h1/role.rs}, {@code DEFAULT_MAX_HEADERS}). Like httparse it works on whatever is
 * buffered and says {@link Result#partial()} until the blank line, but reports an error as soon as the buffered bytes
 * show one. Bare LF line ends are accepted, as httparse does.
 */
final class HeadParser {

	/** hyperium/hyper {@code src/proto/h1/role.rs} {@code DEFAULT_MAX_HEADERS}. */
	static final int MAX_HEADERS = 100;

	private HeadParser() {
	}

	/** A complete head. Names are lowercased; values are the trimmed wire bytes read as ISO-8859-1. */
	record Head(int length, int minorVersion, int status, List<WireHeader> headers, long headerBytes, boolean nonAsciiValue) {
	}

	/** Partial, failed with a problem, or complete. */
	record Result(Head head, HeadProblem problem, String detail) {

		static final Result PARTIAL = new Result(null, null, null);

		static Result fail(HeadProblem problem, String detail) {
			return new Result(null, problem, detail);
		}

		boolean partial() {
			return head == null && problem == null;
		}
	}

	/** Thrown internally when the buffered bytes end before the head does. */
	private static final class NeedMore extends Exception {
		private static final long serialVersionUID = 1L;
		static final NeedMore INSTANCE = new NeedMore();

		private NeedMore() {
			super(null, null, false, false);
		}
	}

	/** Thrown internally for a parse error. */
	private static final class Bad extends Exception {
		private static final long serialVersionUID = 1L;
		final HeadProblem problem;

		Bad(HeadProblem problem, String detail) {
			super(detail, null, false, false);
			this.problem = problem;
		}
	}

	/**
	 * Parses the head at the start of {@code buf[off, off + len)}.
	 *
	 * @return partial, an error, or the head with its length in bytes (leading empty lines included)
	 */
	static Result parse(byte[] buf, int off, int len) {
		try {
			return new Result(new Cursor(buf, off, off + len).head(), null, null);
		}
		catch (NeedMore e) {
			return Result.PARTIAL;
		}
		catch (Bad e) {
			return Result.fail(e.problem, e.getMessage());
		}
	}

	private static final class Cursor {
		private final byte[] buf;
		private final int start;
		private final int end;
		private int i;

		Cursor(byte[] buf, int start, int end) {
			this.buf = buf;
			this.start = start;
			this.end = end;
			this.i = start;
		}

		private int next() throws NeedMore {
			if (i >= end) {
				throw NeedMore.INSTANCE;
			}
			return buf[i++] & 0xFF;
		}

		private int peek() throws NeedMore {
			if (i >= end) {
				throw NeedMore.INSTANCE;
			}
			return buf[i] & 0xFF;
		}

		private void expectLf(HeadProblem problem) throws NeedMore, Bad {
			if (next() != '\n') {
				throw new Bad(problem, "CR not followed by LF");
			}
		}

		Head head() throws NeedMore, Bad {
			// httparse skip_empty_lines
			while (true) {
				int b = peek();
				if (b == '\r') {
					i++;
					expectLf(HeadProblem.BAD_NEWLINE);
				}
				else if (b == '\n') {
					i++;
				}
				else {
					break;
				}
			}
			int minor = version();
			if (next() != ' ') {
				throw new Bad(HeadProblem.NOT_HTTP, "no space after the version");
			}
			int status = 0;
			for (int d = 0; d < 3; d++) {
				int b = next();
				if (b < '0' || b > '9') {
					throw new Bad(HeadProblem.BAD_STATUS, "status code is not three digits");
				}
				status = status * 10 + (b - '0');
			}
			int b = next();
			if (b == ' ') {
				reason();
			}
			else if (b == '\r') {
				expectLf(HeadProblem.BAD_STATUS);
			}
			else if (b != '\n') {
				throw new Bad(HeadProblem.BAD_STATUS, "bad byte after the status code");
			}
			List<WireHeader> headers = new ArrayList<>();
			long headerBytes = 0;
			boolean nonAscii = false;
			while (true) {
				b = next();
				if (b == '\r') {
					expectLf(HeadProblem.BAD_NEWLINE);
					break;
				}
				if (b == '\n') {
					break;
				}
				if (!Bytes.isToken(b)) {
					if (b == ' ' || b == '\t') {
						throw new Bad(HeadProblem.OBS_FOLD, "line starts with whitespace (obs-fold)");
					}
					throw new Bad(HeadProblem.BAD_HEADER_NAME, "invalid byte 0x" + Integer.toHexString(b) + " at the start of a header name");
				}
				int nameStart = i - 1;
				while (true) {
					b = next();
					if (b == ':') {
						break;
					}
					if (!Bytes.isToken(b)) {
						if (b == '\r' || b == '\n') {
							throw new Bad(HeadProblem.NO_COLON, "header line without a colon");
						}
						throw new Bad(HeadProblem.BAD_HEADER_NAME, "invalid byte 0x" + Integer.toHexString(b) + " in a header name");
					}
				}
				int nameEnd = i - 1;
				int[] value = value();
				if (headers.size() == MAX_HEADERS) {
					throw new Bad(HeadProblem.TOO_MANY_HEADERS, "more than " + MAX_HEADERS + " header lines");
				}
				for (int k = value[0]; k < value[1]; k++) {
					nonAscii |= (buf[k] & 0xFF) >= 0x80;
				}
				String name = new String(buf, nameStart, nameEnd - nameStart, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
				String v = new String(buf, value[0], value[1] - value[0], StandardCharsets.ISO_8859_1);
				headers.add(new WireHeader(name, v));
				headerBytes += (nameEnd - nameStart) + (value[1] - value[0]);
			}
			if (status < 100) {
				// hyperium/http StatusCode::from_u16 accepts 100..=999 only (hyper role.rs, after httparse completes).
				throw new Bad(HeadProblem.BAD_STATUS, "status " + status + " outside 100-999");
			}
			return new Head(i - start, minor, status, headers, headerBytes, nonAscii);
		}

		/** httparse parse_version: exactly HTTP/1.0 or HTTP/1.1, an error as soon as a prefix differs. */
		private int version() throws NeedMore, Bad {
			byte[] prefix = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
			for (byte p : prefix) {
				if (next() != p) {
					throw new Bad(HeadProblem.NOT_HTTP, "not an HTTP/1.x response");
				}
			}
			int m = next();
			if (m != '0' && m != '1') {
				throw new Bad(HeadProblem.NOT_HTTP, "unsupported HTTP version");
			}
			return m - '0';
		}

		/** httparse parse_reason: HTAB, SP, visible ASCII and obs-text up to CRLF or LF. */
		private void reason() throws NeedMore, Bad {
			while (true) {
				int b = next();
				if (b == '\r') {
					expectLf(HeadProblem.BAD_STATUS);
					return;
				}
				if (b == '\n') {
					return;
				}
				if (!(b == '\t' || b == ' ' || (b >= 0x21 && b <= 0x7E) || b >= 0x80)) {
					throw new Bad(HeadProblem.BAD_STATUS, "control byte in the reason phrase");
				}
			}
		}

		/** The value's [start, end) after the colon, leading SP/HTAB skipped and trailing SP/HTAB trimmed. */
		private int[] value() throws NeedMore, Bad {
			int b;
			do {
				b = next();
			}
			while (b == ' ' || b == '\t');
			int vStart = i - 1;
			while (Bytes.isValueByte(b)) {
				b = next();
			}
			int vEnd = i - 1;
			if (b == '\r') {
				expectLf(HeadProblem.BAD_NEWLINE);
			}
			else if (b != '\n') {
				throw new Bad(HeadProblem.CONTROL_BYTE, "control byte 0x" + Integer.toHexString(b) + " in a header value");
			}
			while (vEnd > vStart && (buf[vEnd - 1] == ' ' || buf[vEnd - 1] == '\t')) {
				vEnd--;
			}
			return new int[] { vStart, vEnd };
		}
	}
}
