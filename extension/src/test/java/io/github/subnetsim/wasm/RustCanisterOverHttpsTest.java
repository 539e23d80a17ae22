package io.github.subnetsim.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
import io.github.subnetsim.trace.ReplicaTrace;

/**
 * The Rust-shaped canister ({@code canisters/rust/transforms.rs}, {@code no_std}, Debian rustc 1.63) in a 13-replica
 * subnet over real HTTPS: a canister that is not Motoko, with another memory layout (5.3 MB of static buffers) and
 * its own Candid code, converges and fails the same ways.
 */
@ExtendWith(TlsServerExtension.class)
class RustCanisterOverHttpsTest {

	private static final long ENOUGH_CYCLES = 100_000_000_000L;
	private static final String BODY = "{\"symbol\":\"ICP\",\"price\":12.34}";
	private static final WasmCanister RUST = WasmCanister.builder().instructionLimit(300_000).fromResource("/canisters/rust-transforms.wasm");

	private MockWebServer server;

	@BeforeEach
	void start(MockWebServer server) {
		this.server = server;
		AtomicInteger counter = new AtomicInteger();
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return new MockResponse.Builder().code(request.getTarget().contains("missing") ? 404 : 200)
						.addHeader("Content-Type", "application/json").addHeader("X-Request-Id", "req-" + counter.incrementAndGet())
						.body(request.getTarget().contains("noprice") ? "{\"symbol\":\"ICP\"}" : BODY).build();
			}
		});
	}

	private OutcallResult outcall(String path, Transform transform) {
		try (Subnet subnet = Subnet.builder().replicas(13).seed(2).build()) {
			return subnet.httpRequest(HttpRequestArgs.get(server.url(path).toString()).cycles(ENOUGH_CYCLES).transform(transform).build());
		}
	}

	@Test
	void theRustHeaderDroppingTransformIsAgreedByAllThirteen() {
		OutcallResult result = outcall("/price", RUST.transform("transform"));
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result, result.toString());
		assertEquals(13, reply.agreement());
		assertEquals(List.of(), reply.response().headers());
		assertEquals(BODY, reply.response().bodyText());
		for (ReplicaTrace t : result.trace().replicas()) {
			assertTrue(t.transformInstructions() > 500 + 50 * 78, "at least the reply's own cost: " + t.transformInstructions());
		}
	}

	@Test
	void aJsonFieldExtractedByTheRustCanister() {
		OutcallResult result = outcall("/price", RUST.transform("price_only"));
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result, result.toString());
		assertEquals(13, reply.agreement());
		assertEquals(200, reply.response().status());
		assertEquals(List.of(), reply.response().headers());
		assertEquals("12.34", reply.response().bodyText());
		// a body without the field: the canister's own reject, code 4, agreed by every replica
		OutcallResult missing = outcall("/noprice", RUST.transform("price_only"));
		OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, missing);
		assertEquals(RejectCode.CANISTER_REJECT, reject.code());
		assertEquals("no price in the body", reject.message());
	}

	@Test
	void contextRejectTrapAndLoop() {
		OutcallResult context = outcall("/price", RUST.transform("echo_context", "eur".getBytes(StandardCharsets.UTF_8)));
		assertEquals("eur", assertInstanceOf(OutcallResult.Reply.class, context).response().bodyText());

		OutcallResult rejected = outcall("/missing", RUST.transform("reject_non_200"));
		OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, rejected);
		assertEquals(RejectCode.CANISTER_REJECT, reject.code());
		assertEquals("upstream did not answer 200", reject.message());

		OutcallResult trapped = outcall("/price", RUST.transform("explode"));
		OutcallResult.Reject trap = assertInstanceOf(OutcallResult.Reject.class, trapped);
		assertEquals(RejectCode.CANISTER_ERROR, trap.code());
		assertTrue(trap.message().startsWith("IC0503: Error from Canister bkyz2-fmaaa-aaaaa-qaaaq-cai: Canister called `ic0.trap` with "
				+ "message: 'transform failed on purpose'.\n"), trap.message());

		OutcallResult looped = outcall("/price", RUST.transform("spin"));
		OutcallResult.Reject loop = assertInstanceOf(OutcallResult.Reject.class, looped);
		assertTrue(loop.message().startsWith("IC0522: Error from Canister bkyz2-fmaaa-aaaaa-qaaaq-cai: Canister exceeded the limit of "
				+ "300000 instructions for single message execution..\n"), loop.message());
	}
}
