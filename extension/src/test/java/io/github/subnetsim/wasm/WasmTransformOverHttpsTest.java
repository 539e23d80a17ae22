package io.github.subnetsim.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.TlsServerExtension;
import io.github.subnetsim.Transform;
import io.github.subnetsim.internal.charge.CandidEncoding;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.trace.ReplicaTrace;
import io.github.subnetsim.trace.Stage;

/**
 * A real Motoko canister's transforms ({@code canisters/motoko/transforms.mo}, classic persistence, npm motoko 4.10.0)
 * in a 13-replica subnet over real HTTPS: each replica fetches from a TLS MockWebServer that stamps every response
 * with a fresh request id, and runs the canister's Wasm on its own response.
 */
@ExtendWith(TlsServerExtension.class)
class WasmTransformOverHttpsTest {

	private static final long ENOUGH_CYCLES = 100_000_000_000L;
	private static final String BODY = "{\"symbol\":\"ICP\",\"price\":12.34}";
	private static final WasmCanister MOTOKO = WasmCanister.builder().instructionLimit(20_000_000)
			.fromResource("/canisters/motoko-transforms.wasm");

	private MockWebServer server;

	@BeforeEach
	void start(MockWebServer server) {
		this.server = server;
		AtomicInteger counter = new AtomicInteger();
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				int n = counter.incrementAndGet();
				return new MockResponse.Builder().code(request.getTarget().contains("missing") ? 404 : 200)
						.addHeader("Content-Type", "application/json").addHeader("X-Request-Id", "req-" + n).body(BODY).build();
			}
		});
	}

	private OutcallResult outcall(String path, Transform transform) {
		try (Subnet subnet = Subnet.builder().replicas(13).seed(1).build()) {
			return subnet.httpRequest(HttpRequestArgs.get(server.url(path).toString()).cycles(ENOUGH_CYCLES).transform(transform).build());
		}
	}

	/** The walk-through in docs/docs/wasm-transforms.md, as it runs. */
	@Test
	void theDocsWalkThrough() {
		// tag::wasm-transform[]
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().replicas(13).build()) {
			result = subnet.httpRequest(HttpRequestArgs.get(server.url("/price").toString())
					.cycles(100_000_000_000L)
					.transform(MOTOKO.transform("transform"))   // the canister's own `canister_query transform`
					.build());
		}
		assertInstanceOf(OutcallResult.Reply.class, result);
		assertTrue(result.trace().replicas().get(0).transformInstructions() > 0); // measured, per replica
		// end::wasm-transform[]
	}

	@Test
	void theCanistersHeaderDroppingTransformIsAgreedByAllThirteen() {
		int before = MOTOKO.instancesCreated() + MOTOKO.reusedCalls();
		OutcallResult result = outcall("/price", MOTOKO.transform("transform"));

		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result, result.toString());
		assertEquals(13, reply.agreement());
		assertEquals(200, reply.response().status());
		assertEquals(List.of(), reply.response().headers());
		assertEquals(BODY, reply.response().bodyText());
		// one transform outcome per replica: its own call, or an identical earlier call's (other tests of this class
		// send the same responses: the server's X-Request-Id counter restarts per test)
		assertEquals(13, MOTOKO.instancesCreated() + MOTOKO.reusedCalls() - before);
		for (ReplicaTrace t : result.trace().replicas()) {
			assertNotNull(t.transformInstructions(), "instructions are measured per replica");
			assertTrue(t.transformInstructions() > 0);
			// Motoko's reply has the layout of npm @dfinity/candid: 48 + 30 body bytes (dfinity/candid spec).
			assertEquals(CandidEncoding.encodedLength(reply.response()), t.transformedBytes());
		}
		// The server's X-Request-Id is req-1 .. req-13: two lengths of argument, so exactly two counts.
		Set<Long> counts = new HashSet<>();
		result.trace().replicas().forEach(t -> counts.add(t.transformInstructions()));
		assertEquals(2, counts.size(), "identical input lengths cost identical instructions: " + counts);
	}

	@Test
	void keepingTheVaryingHeaderDiverges() {
		OutcallResult result = outcall("/price", MOTOKO.transform("keep_everything"));
		OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, result);
		assertEquals(RejectCode.SYS_TRANSIENT, reject.code());
		assertTrue(reject.message().startsWith("No consensus could be reached. Replicas had different responses."), reject.message());
	}

	@Test
	void theContextReachesTheCanister() {
		OutcallResult result = outcall("/price", MOTOKO.transform("echo_context", "usd".getBytes(StandardCharsets.UTF_8)));
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
		assertEquals("usd", reply.response().bodyText());
	}

	@Test
	void aJsonFieldExtractedByTheCanister() {
		OutcallResult result = outcall("/price", MOTOKO.transform("price_only"));
		assertEquals("12.34", assertInstanceOf(OutcallResult.Reply.class, result).response().bodyText());
	}

	@Test
	void msgRejectIsAgreedAsCodeFourWithTheCanistersText() {
		OutcallResult result = outcall("/missing", MOTOKO.transform("reject_non_200"));
		OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, result);
		assertEquals(RejectCode.CANISTER_REJECT, reject.code());
		assertEquals("upstream answered 404", reject.message());
	}

	@Test
	void aTrapIsAgreedAsIc0503() {
		OutcallResult result = outcall("/price", MOTOKO.transform("explode"));
		OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, result);
		assertEquals(RejectCode.CANISTER_ERROR, reject.code());
		assertEquals("IC0503: Error from Canister bkyz2-fmaaa-aaaaa-qaaaq-cai: Canister called `ic0.trap` with message: "
				+ "'transform failed on purpose'.\nConsider gracefully handling failures from this canister or altering the canister "
				+ "to handle exceptions. See documentation: https://docs.internetcomputer.org/references/execution-errors#trapped-explicitly",
				reject.message());		assertEquals(RejectReason.TRANSFORM_TRAPPED, reject.reason());
	}

	@Test
	void aLoopingTransformHitsTheTestLimitWithIc0522() {
		WasmCanister limited = WasmCanister.builder().instructionLimit(1_000_000).fromResource("/canisters/motoko-transforms.wasm");
		OutcallResult result = outcall("/price", limited.transform("spin"));
		OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, result);
		assertEquals(RejectCode.CANISTER_ERROR, reject.code());
		assertTrue(reject.message().startsWith("IC0522: Error from Canister bkyz2-fmaaa-aaaaa-qaaaq-cai: Canister exceeded the limit of "
				+ "1000000 instructions for single message execution..\n"), reject.message());		// a reason of its own, not a trap's, in the result and in each replica's trace
		assertEquals(RejectReason.INSTRUCTION_LIMIT, reject.reason());
		assertEquals(Stage.TRANSFORM, reject.reason().stage());
		for (ReplicaTrace replica : result.trace().replicas()) {
			assertEquals(RejectReason.INSTRUCTION_LIMIT, replica.rejectReason(), replica::toString);
			assertTrue(replica.transformInstructions() > 1_000_000, replica::toString);
		}
	}

	@Test
	void aTrapTextLongerThanTheTransformedLimitIsSysFatal() {
		// CLIENT send measures the reject text too: the ~330-byte IC0503 text does not fit max_response_bytes = 100
		// (the current replica's limit; the seed profile's is the fixed 2,045,952).
		try (Subnet subnet = Subnet.builder().replicas(13).seed(1).profile(ReplicaProfile.CURRENT_REPLICA).build()) {
			OutcallResult result = subnet.httpRequest(HttpRequestArgs.get(server.url("/price").toString()).cycles(ENOUGH_CYCLES)
					.maxResponseBytes(100L).transform(MOTOKO.transform("explode")).build());
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, result);
			assertEquals(RejectCode.SYS_FATAL, reject.code());
			assertEquals("Transformed http response exceeds limit: 100", reject.message());
			// while the header-dropping reply (48 + 30 bytes) fits
			OutcallResult fits = subnet.httpRequest(HttpRequestArgs.get(server.url("/price").toString()).cycles(ENOUGH_CYCLES)
					.maxResponseBytes(100L).transform(MOTOKO.transform("transform")).build());
			assertEquals(78L, fits.trace().replicas().get(0).transformedBytes());
			assertInstanceOf(OutcallResult.Reply.class, fits);
		}
	}

	@Test
	void aMissingMethodIsIc0536OnEveryReplica() {
		OutcallResult result = outcall("/price", MOTOKO.transform("no_such_transform"));
		OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, result);
		assertEquals(RejectCode.CANISTER_ERROR, reject.code());
		assertTrue(reject.message().startsWith("IC0536: Error from Canister bkyz2-fmaaa-aaaaa-qaaaq-cai: Canister has no query method "
				+ "'no_such_transform'..\n"), reject.message());
	}
}
