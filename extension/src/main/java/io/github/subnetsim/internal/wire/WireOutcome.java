package io.github.subnetsim.internal.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one replica's adapter made of one exchange. The pipeline maps each case to a reply or to a reject code and
 * text (adapter-wire §1); this package produces no texts.
 */
public sealed interface WireOutcome permits WireOutcome.Response, WireOutcome.RequestInvalid, WireOutcome.ConnectFailed,
		WireOutcome.HeaderNotVisibleAscii, WireOutcome.HeadersExceedCap, WireOutcome.BodyFailed, WireOutcome.TimedOut {

	/**
	 * A final response within the cap: the adapter's reply, before the pipeline's IC header rules (64 headers, 8 KiB,
	 * 48 KiB, 2 MB), which are not checked here.
	 *
	 * @param status the status, 100 to 999 but never 1xx other than 101
	 * @param headersInWireOrder every header line in wire order, names lowercased, values as on the wire minus the
	 *        leading and trailing whitespace httparse trims
	 * @param body the body, raw (never decompressed)
	 * @param headerBytes Σ(name + value bytes) over all header lines, the figure the adapter checks against the cap
	 */
	record Response(int status, List<WireHeader> headersInWireOrder, byte[] body, long headerBytes) implements WireOutcome {

		/** Copies the header list. */
		public Response {
			headersInWireOrder = List.copyOf(headersInWireOrder);
			Objects.requireNonNull(body, "body");
		}

		/** Header bytes plus body bytes, what the adapter counts as downloaded. */
		public long downloadedBytes() {
			return headerBytes + body.length;
		}

		/**
		 * The headers in the order the adapter hands them on: grouped by name in the order of first occurrence, the
		 * values of a name in wire order (hyperium/http {@code HeaderMap} iteration, INFERRED as in adapter-wire §4).
		 */
		public List<WireHeader> headersGrouped() {
			Map<String, List<WireHeader>> byName = new LinkedHashMap<>();
			for (WireHeader h : headersInWireOrder) {
				byName.computeIfAbsent(h.name(), k -> new ArrayList<>()).add(h);
			}
			List<WireHeader> out = new ArrayList<>(headersInWireOrder.size());
			byName.values().forEach(out::addAll);
			return out;
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof Response r && status == r.status && headerBytes == r.headerBytes
					&& headersInWireOrder.equals(r.headersInWireOrder) && java.util.Arrays.equals(body, r.body);
		}

		@Override
		public int hashCode() {
			return Objects.hash(status, headersInWireOrder, headerBytes, java.util.Arrays.hashCode(body));
		}

		@Override
		public String toString() {
			return "Response[status=" + status + ", headers=" + headersInWireOrder + ", body=" + body.length + " bytes, headerBytes="
					+ headerBytes + "]";
		}
	}

	/**
	 * The request headers could not be built; nothing was sent (adapter-wire §3).
	 *
	 * @param check the problem, never {@link RequestHeaderCheck#OK}
	 */
	record RequestInvalid(RequestHeaderCheck check) implements WireOutcome {
	}

	/**
	 * {@code client.request} failed: connect, TLS, or an unusable head.
	 *
	 * @param kind what failed
	 * @param headProblem for {@link ConnectFailure#MALFORMED_HEAD}, why; {@link HeadProblem#NONE} otherwise
	 * @param detail a human-readable detail for logs (not a reject text)
	 */
	record ConnectFailed(ConnectFailure kind, HeadProblem headProblem, String detail) implements WireOutcome {
	}

	/**
	 * A final response header value has a byte ≥ 0x80: hyper parsed it, then the adapter's {@code to_str} failed
	 * (checked before the size checks).
	 *
	 * @param headerBytes Σ(name + value bytes) of the head
	 */
	record HeaderNotVisibleAscii(long headerBytes) implements WireOutcome {
	}

	/**
	 * Σ(name + value bytes) of the header lines exceeds the cap.
	 *
	 * @param cap the cap
	 * @param headerBytes the header bytes
	 */
	record HeadersExceedCap(long cap, long headerBytes) implements WireOutcome {
	}

	/**
	 * The body was longer than cap − header bytes, or reading it failed (reset, invalid chunking, early close).
	 *
	 * @param cap the cap
	 * @param headerBytes the header bytes
	 * @param downloadedBytes header bytes plus the body bytes read (at most body cap + 1)
	 */
	record BodyFailed(long cap, long headerBytes, long downloadedBytes) implements WireOutcome {
	}

	/**
	 * The whole exchange (connect, handshake, head, body) passed the request timeout.
	 *
	 * @param headerBytes header bytes if a final head was read, else 0
	 */
	record TimedOut(long headerBytes) implements WireOutcome {
	}
}
