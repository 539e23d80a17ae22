package io.github.subnetsim.internal.wire;

import java.io.IOException;
import java.util.List;

/**
 * One request and response on one connection: write, read heads (skipping 1xx), apply hyper's
 * {@code Client::decoder} framing rules, then the adapter's checks and body limit (dfinity/ic
 * {@code rs/https_outcalls/adapter/src/rpc_server.rs}, {@code https_outcall}: {@code to_str} first, then the header
 * size against the cap, then {@code Limited::new(body, cap - header bytes)}).
 */
final class Exchange {

	private final Connection c;
	private final WireRequest request;
	private final long cap;
	private final Deadline deadline;
	private final boolean reused;
	private boolean reusable;
	private boolean receivedAny;

	Exchange(Connection c, WireRequest request, long cap, Deadline deadline, boolean reused) {
		this.c = c;
		this.request = request;
		this.cap = cap;
		this.deadline = deadline;
		this.reused = reused;
	}

	/** Whether the connection may go back to the pool. */
	boolean reusable() {
		return reusable;
	}

	/** The outcome, or null when a reused connection turned out stale and the request should be retried. */
	WireOutcome run(byte[] bytes) {
		IOException writeError = null;
		try {
			c.out.write(bytes);
			c.out.flush();
		}
		catch (IOException e) {
			if (deadline.expired()) {
				return new WireOutcome.TimedOut(0);
			}
			// The server may have answered before closing; look for a head before calling it a failure.
			writeError = e;
		}
		HeadParser.Head head;
		try {
			head = finalHead();
		}
		catch (DeadlineExceededException e) {
			return new WireOutcome.TimedOut(0);
		}
		catch (IOException e) {
			if (deadline.expired()) {
				return new WireOutcome.TimedOut(0);
			}
			return closedBeforeHead(e, writeError);
		}
		catch (HeadFailure e) {
			return e.outcome;
		}
		if (head == null) {
			return closedBeforeHead(null, writeError);
		}
		return afterHead(head);
	}

	private WireOutcome closedBeforeHead(IOException readError, IOException writeError) {
		if (reused && !receivedAny) {
			return null;
		}
		IOException e = readError != null ? readError : writeError;
		String detail = e == null ? (receivedAny ? "connection closed before the head was complete" : "connection closed before any response")
				: e.getClass().getSimpleName() + ": " + e.getMessage();
		return new WireOutcome.ConnectFailed(ConnectFailure.CLOSED_BEFORE_HEAD, HeadProblem.NONE, detail);
	}

	/** Thrown for a head hyper rejects. */
	private static final class HeadFailure extends Exception {
		private static final long serialVersionUID = 1L;
		final transient WireOutcome outcome;

		HeadFailure(HeadProblem problem, String detail) {
			super(detail, null, false, false);
			this.outcome = new WireOutcome.ConnectFailed(ConnectFailure.MALFORMED_HEAD, problem, detail);
		}
	}

	/** Heads until a final one (hyper {@code Client::parse} loop, skipping 100 and 102–199); null at end of stream. */
	private HeadParser.Head finalHead() throws IOException, HeadFailure {
		WireInput in = c.in;
		while (true) {
			HeadParser.Result r = HeadParser.parse(in.array(), in.position(), in.buffered());
			if (r.problem() != null) {
				throw new HeadFailure(r.problem(), r.detail());
			}
			if (r.head() != null) {
				in.consume(r.head().length());
				int s = r.head().status();
				if (s >= 100 && s <= 199 && s != 101) {
					continue;
				}
				return r.head();
			}
			if (in.buffered() >= WireClient.MAX_HEAD_BYTES) {
				throw new HeadFailure(HeadProblem.HEAD_TOO_LARGE, "no complete head within " + WireClient.MAX_HEAD_BYTES + " bytes");
			}
			int n = in.fill(WireClient.MAX_HEAD_BYTES);
			if (n < 0) {
				return null;
			}
			receivedAny |= n > 0;
		}
	}

	private WireOutcome afterHead(HeadParser.Head head) {
		BodyReader.Framing framing;
		long length = 0;
		int status = head.status();
		List<WireHeader> headers = head.headers();
		if (status == 101 || status == 204 || status == 304 || request.method().equals("HEAD")) {
			framing = BodyReader.Framing.NONE;
		}
		else if (has(headers, "transfer-encoding")) {
			if (head.minorVersion() == 0) {
				return malformed(HeadProblem.TRANSFER_ENCODING_ON_HTTP10, "HTTP/1.0 cannot have Transfer-Encoding");
			}
			framing = lastCodingIsChunked(headers) ? BodyReader.Framing.CHUNKED : BodyReader.Framing.EOF;
		}
		else if (has(headers, "content-length")) {
			length = RequestEncoder.declaredLength(values(headers, "content-length"));
			if (length < 0) {
				return malformed(HeadProblem.BAD_CONTENT_LENGTH, "differing or invalid Content-Length values");
			}
			framing = BodyReader.Framing.LENGTH;
		}
		else {
			framing = BodyReader.Framing.EOF;
		}
		long headerBytes = head.headerBytes();
		if (head.nonAsciiValue()) {
			return new WireOutcome.HeaderNotVisibleAscii(headerBytes);
		}
		if (headerBytes > cap) {
			return new WireOutcome.HeadersExceedCap(cap, headerBytes);
		}
		BodyReader.Result body;
		try {
			body = BodyReader.read(c.in, framing, length, cap - headerBytes);
		}
		catch (IOException e) {
			if (e instanceof DeadlineExceededException || deadline.expired()) {
				return new WireOutcome.TimedOut(headerBytes);
			}
			return new WireOutcome.BodyFailed(cap, headerBytes, headerBytes);
		}
		if (body.body() == null) {
			return new WireOutcome.BodyFailed(cap, headerBytes, headerBytes + body.bodyBytesRead());
		}
		reusable = body.clean() && status != 101 && head.minorVersion() == 1 && !connectionClose(headers);
		return new WireOutcome.Response(status, headers, body.body(), headerBytes);
	}

	private static WireOutcome malformed(HeadProblem problem, String detail) {
		return new WireOutcome.ConnectFailed(ConnectFailure.MALFORMED_HEAD, problem, detail);
	}

	private static boolean has(List<WireHeader> headers, String name) {
		return headers.stream().anyMatch(h -> h.name().equals(name));
	}

	private static List<String> values(List<WireHeader> headers, String name) {
		return headers.stream().filter(h -> h.name().equals(name)).map(WireHeader::value).toList();
	}

	/** hyperium/hyper {@code src/headers.rs} {@code is_chunked}: the last coding of the last line is {@code chunked}. */
	private static boolean lastCodingIsChunked(List<WireHeader> headers) {
		List<String> te = values(headers, "transfer-encoding");
		String last = te.get(te.size() - 1);
		if (!last.chars().allMatch(ch -> ch == '\t' || (ch >= 0x20 && ch < 0x7F))) {
			return false;
		}
		return last.substring(last.lastIndexOf(',') + 1).trim().equalsIgnoreCase("chunked");
	}

	/** hyper {@code src/headers.rs} {@code connection_close}, on any {@code connection} line. */
	private static boolean connectionClose(List<WireHeader> headers) {
		for (String v : values(headers, "connection")) {
			for (String token : v.split(",", -1)) {
				if (token.trim().equalsIgnoreCase("close")) {
					return true;
				}
			}
		}
		return false;
	}
}
