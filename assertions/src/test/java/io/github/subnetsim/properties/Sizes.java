package io.github.subnetsim.properties;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * Responses of an exact network size, as the adapter counts it (dfinity/ic rs/https_outcalls/client/src/client.rs (validate_response, transform_adapter_response); docs/limits-and-profiles.md): Σ(lowercased header name +
 * value) + body. MockWebServer adds {@code content-length}; an {@code x-pad} header of 0 or 1 characters fills the
 * sizes that the changing number of content-length digits would skip.
 */
final class Sizes {

	/** "content-length" (14) + "0" (1) + "x-pad" (5): the smallest response. */
	static final long SMALLEST = 20;

	private Sizes() {
	}

	/** Body length and pad length of a response of {@code size} bytes (at least {@link #SMALLEST}). */
	static long[] parts(long size) {
		long rest = size - 14 - 5; // digits(body) + body + pad
		long body = 0;
		// The largest body whose digits still fit; the pad takes up the one byte a digit boundary may leave.
		for (long b = Math.max(0, rest - 8); b <= rest; b++) {
			if (digits(b) + b <= rest) {
				body = b;
			}
		}
		return new long[] { body, rest - digits(body) - body };
	}

	/** Header bytes of that response: content-length and its digits, x-pad and its value. */
	static long headerBytes(long size) {
		long[] p = parts(size);
		return 14 + digits(p[0]) + 5 + p[1];
	}

	static long digits(long v) {
		return Long.toString(v).length();
	}

	/** Serves {@code /size/<n>} with a response of exactly n network bytes. */
	static MockResponse answer(RecordedRequest request) {
		String path = request.getUrl().encodedPath();
		long size = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
		long[] p = parts(size);
		return new MockResponse.Builder().addHeader("x-pad", "p".repeat((int) p[1])).body(new Buffer().write(new byte[(int) p[0]])).build();
	}

	/**
	 * Length of the Candid encoding of {@code record {status = 200; headers = vec {}; body = blob of b bytes}}: 47 +
	 * LEB128 length of b + b. Derived from the vectors of dfinity/candid spec (48 bytes for an empty body, 62 for 14
	 * bytes, 2,000,050 for 2,000,000), where only the body's length prefix and bytes change.
	 */
	static long candid200NoHeaders(long body) {
		long leb = body < 128 ? 1 : body < 16_384 ? 2 : body < 2_097_152 ? 3 : 4;
		return 47 + leb + body;
	}

	/** The largest body whose Candid encoding (as above) is at most {@code size}; 0 when even the empty one is larger. */
	static long candidBodyFor(long size) {
		long body = Math.max(0, size - 50);
		while (body > 0 && candid200NoHeaders(body) > size) {
			body--;
		}
		while (candid200NoHeaders(body + 1) <= size) {
			body++;
		}
		return body;
	}
}
