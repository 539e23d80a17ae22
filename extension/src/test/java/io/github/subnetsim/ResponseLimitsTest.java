package io.github.subnetsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import okio.BufferedSink;

import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.trace.Decision;

/**
 * The network response against max_response_bytes (dfinity/ic rs/https_outcalls/client/src/client.rs (validate_response, transform_adapter_response); docs/limits-and-profiles.md: header names + values first, then the body
 * against what remains, both SysFatal) and the transformed response against each profile's limit.
 */
@ExtendWith(TlsServerExtension.class)
class ResponseLimitsTest {

	private static final long PLENTY = 1_000_000_000_000_000L;
	private MockWebServer server;

	@BeforeEach
	void start(MockWebServer server) {
		this.server = server;
	}

	/** A response whose only header is the content-length MockWebServer writes: 14 + digits header bytes. */
	private void serveBody(int bodyBytes) {
		server.setDispatcher(Servers.always(new MockResponse.Builder().body("b".repeat(bodyBytes)).build()));
	}

	private static long headerBytesFor(int bodyBytes) {
		return "content-length".length() + Integer.toString(bodyBytes).length();
	}

	private OutcallResult get(ReplicaProfile profile, Long maxResponseBytes, Transform transform) {
		try (Subnet subnet = Subnet.builder().replicas(4).profile(profile).build()) {
			return subnet.httpRequest(HttpRequestArgs.get(server.url("/").toString()).maxResponseBytes(maxResponseBytes)
					.transform(transform).cycles(PLENTY).build());
		}
	}

	private static void assertSysFatal(OutcallResult result, String text) {
		OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, result, () -> "expected a reject, got " + result);
		assertEquals(RejectCode.SYS_FATAL, reject.code());
		assertEquals(text, reject.message());
		assertEquals(Decision.AGREED, reject.trace().consensus().decision(), "every replica hit the same limit: the reject is agreed");
	}

	@ParameterizedTest
	@EnumSource(ReplicaProfile.class)
	void headersAndBodyTogetherMustFitMaxResponseBytes(ReplicaProfile profile) {
		serveBody(1000);
		long exact = headerBytesFor(1000) + 1000; // 18 + 1000
		assertInstanceOf(OutcallResult.Reply.class, get(profile, exact + 1, null));
		assertInstanceOf(OutcallResult.Reply.class, get(profile, exact, null));
		// The message prints the full cap, not what the headers left for the body (§1.3).
		assertSysFatal(get(profile, exact - 1, null), "Http body exceeds size limit of " + (exact - 1) + " bytes.");
	}

	@ParameterizedTest
	@EnumSource(ReplicaProfile.class)
	void headersAloneOverTheLimitFailBeforeTheBodyIsRead(ReplicaProfile profile) {
		serveBody(0);
		long headers = headerBytesFor(0); // "content-length" + "0" = 15
		assertInstanceOf(OutcallResult.Reply.class, get(profile, headers, null));
		assertSysFatal(get(profile, headers - 1, null), "Header size exceeds specified response size limit " + (headers - 1));
		serveBody(1);
		assertSysFatal(get(profile, headerBytesFor(1), null), "Http body exceeds size limit of " + headerBytesFor(1) + " bytes.");
	}

	@Test
	void seedProfileHoldsEveryResponseTo2045952BytesAfterTheTransform() {
		// Portal "how it works": "SysFatal - Transformed http response exceeds limit: 2045952" (2 MiB − 50 KiB)
		serveBody(10);
		Transform exact = Transform.of("t", (r, c) -> HttpResponse.of(200, List.of(), new byte[2_045_952]));
		Transform over = Transform.of("t", (r, c) -> HttpResponse.of(200, List.of(), new byte[2_045_953]));
		Transform headerCounts = Transform.of("t", (r, c) -> HttpResponse.of(200, List.of(HttpHeader.of("ab", "c")), new byte[2_045_950]));
		assertInstanceOf(OutcallResult.Reply.class, get(ReplicaProfile.SEED_DOCUMENTED, null, exact));
		assertSysFatal(get(ReplicaProfile.SEED_DOCUMENTED, null, over), "Transformed http response exceeds limit: 2045952");
		assertSysFatal(get(ReplicaProfile.SEED_DOCUMENTED, null, headerCounts), "Transformed http response exceeds limit: 2045952");
	}

	@Test
	void seedProfileChecksTheResponseEvenWithoutATransform() {
		int body = 2_045_952 - (int) headerBytesFor(2_045_952) + 1;
		serveBody(body);
		assertSysFatal(get(ReplicaProfile.SEED_DOCUMENTED, null, null), "Transformed http response exceeds limit: 2045952");
		serveBody(body - 1);
		assertInstanceOf(OutcallResult.Reply.class, get(ReplicaProfile.SEED_DOCUMENTED, null, null));
	}

	@Test
	void currentReplicaMeasuresTheTransformedResponseAsItsCandidEncoding() {
		// dfinity/candid spec: status 200, no headers, a 2,000,000-byte body encodes to 2,000,050 bytes, so a
		// 1,999,950-byte body is exactly 2,000,000 — the default limit when max_response_bytes is unset.
		serveBody(10);
		Transform exact = Transform.of("t", (r, c) -> HttpResponse.of(200, List.of(), new byte[1_999_950]));
		Transform over = Transform.of("t", (r, c) -> HttpResponse.of(200, List.of(), new byte[1_999_951]));
		assertInstanceOf(OutcallResult.Reply.class, get(ReplicaProfile.CURRENT_REPLICA, null, exact));
		assertSysFatal(get(ReplicaProfile.CURRENT_REPLICA, null, over), "Transformed http response exceeds limit: 2000000");
		// dfinity/candid spec: 200, content-type: application/json, {"price":1.23} encodes to 92 bytes.
		Transform price = Transform.of("t", (r, c) -> HttpResponse.of(200, List.of(HttpHeader.of("content-type", "application/json")),
				"{\"price\":1.23}"));
		assertInstanceOf(OutcallResult.Reply.class, get(ReplicaProfile.CURRENT_REPLICA, 92L, price));
		assertSysFatal(get(ReplicaProfile.CURRENT_REPLICA, 91L, price), "Transformed http response exceeds limit: 91");
	}

	@Test
	void currentReplicaDoesNotCheckAnUntransformedResponseAgain() {
		// dfinity/ic PR #5234: no post-encoding check without a transform; the Candid form may exceed the cap.
		serveBody(1000);
		long exact = headerBytesFor(1000) + 1000;
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, get(ReplicaProfile.CURRENT_REPLICA, exact, null));
		assertEquals(1000, reply.response().bodyLength());
	}

	@Test
	void aGibibyteStreamIsCutOffOneBytePastTheLimit() {
		AtomicLong written = new AtomicLong();
		long gib = 1L << 30;
		server.setDispatcher(Servers.always(new MockResponse.Builder().body(new MockResponseBody() {
			@Override
			public long getContentLength() {
				return gib;
			}

			@Override
			public void writeTo(BufferedSink sink) throws IOException {
				byte[] chunk = new byte[64 * 1024];
				for (long sent = 0; sent < gib; sent += chunk.length) {
					sink.write(chunk);
					sink.flush();
					written.addAndGet(chunk.length);
				}
			}
		}).build()));
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().replicas(1).profile(ReplicaProfile.CURRENT_REPLICA).build()) {
			result = subnet.httpRequest(HttpRequestArgs.get(server.url("/").toString()).cycles(PLENTY).build());
		}
		assertSysFatal(result, "Http body exceeds size limit of 2000000 bytes.");
		// The replica stopped reading at 2,000,001 bytes; what the server got out is that plus socket buffers.
		assertTrue(written.get() < 64L * 1024 * 1024, "server wrote " + written.get() + " bytes before the replica hung up");
	}
}
