package io.github.subnetsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.trace.RejectReason;

/**
 * Java transforms are bounded: a loop, a sleep or a runaway allocation is the replica's instruction-limit reject
 * (code 5, IC0522), an {@link OutOfMemoryError} is that replica's trap, the caller never hangs and the subnet closes.
 */
@ExtendWith(TlsServerExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransformBoundsTest {

	private static final String CANISTER = "bkyz2-fmaaa-aaaaa-qaaaq-cai";
	private static final String LIMIT = "IC0522: Error from Canister " + CANISTER + ": Canister exceeded the limit of 5000000000 instructions"
			+ " for single message execution..\nTry optimizing this method to consume fewer instructions or split the work across multiple"
			+ " messages. See documentation: https://docs.internetcomputer.org/references/execution-errors#instruction-limit-exceeded";

	private MockWebServer server;

	@BeforeEach
	void start(MockWebServer server) {
		this.server = server;
		server.setDispatcher(Servers.always(Servers.json("{\"price\":1}")));
	}

	private OutcallResult call(Subnet subnet, TransformFunction f) {
		return subnet.httpRequest(HttpRequestArgs.get(server.url("/").toString()).cycles(100_000_000_000L)
				.transform(Transform.of("transform", f)).build());
	}

	private static Subnet.Builder subnet() {
		return Subnet.builder().replicas(4).profile(ReplicaProfile.CURRENT_REPLICA).transformTimeout(Duration.ofMillis(300));
	}

	private static void assertInstructionLimit(OutcallResult r) {
		OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, r, r::toString);
		assertEquals(RejectCode.CANISTER_ERROR, reject.code());
		assertEquals(RejectReason.INSTRUCTION_LIMIT, reject.reason());
		assertEquals(LIMIT, reject.message());
	}

	@Test
	void aLoopingTransformIsTheInstructionLimit() {
		try (Subnet subnet = subnet().build()) {
			long start = System.nanoTime();
			assertInstructionLimit(call(subnet, (r, c) -> {
				long x = 0;
				while (x >= 0) {
					x = (x + 1) % 1_000; // never ends, ignores interruption
				}
				return r;
			}));
			assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20));
			// The subnet still works, and closes although a runaway thread may still spin.
			assertTrue(call(subnet, (r, c) -> r.withHeaders(List.of())).isReply());
		}
	}

	@Test
	void aSleepingTransformIsTheInstructionLimit() {
		try (Subnet subnet = subnet().build()) {
			assertInstructionLimit(call(subnet, (r, c) -> {
				try {
					Thread.sleep(60_000);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				return r;
			}));
		}
	}

	@Test
	void anAllocatingTransformIsStoppedByTheGuard() {
		try (Subnet subnet = subnet().transformTimeout(Duration.ofSeconds(20)).transformAllocationLimit(64L * 1024 * 1024).build()) {
			OutcallResult r = call(subnet, (resp, c) -> {
				List<byte[]> hoard = new ArrayList<>();
				for (int i = 0; i < 1024; i++) {
					hoard.add(new byte[1024 * 1024]); // 1 GiB in total
				}
				return resp.withBody(new byte[hoard.size()]);
			});
			assertInstructionLimit(r);
			assertTrue(r.trace().replicas().get(0).perturbations().stream().anyMatch(p -> p.contains("over the guard of 67108864")),
					r.trace().replicas().get(0).perturbations()::toString);
		}
	}

	@Test
	void anOutOfMemoryErrorIsThatReplicasTrapNotACrash() {
		try (Subnet subnet = subnet().transformAllocationLimit(0).transformTimeout(Duration.ofSeconds(30)).build()) {
			OutcallResult r = call(subnet, (resp, c) -> {
				throw new OutOfMemoryError("Java heap space");
			});
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, r);
			assertEquals(RejectCode.CANISTER_ERROR, reject.code());
			assertEquals(RejectReason.TRANSFORM_TRAPPED, reject.reason());
			assertEquals("IC0503: Error from Canister " + CANISTER + ": Canister called `ic0.trap` with message: java.lang.OutOfMemoryError: Java heap space",
					reject.message());
			// A real heap exhaustion: a 16 GiB array, more than this test JVM's heap.
			org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().maxMemory() < 16L * 1024 * 1024 * 1024);
			OutcallResult real = call(subnet, (resp, c) -> resp.withBody(new byte[new long[Integer.MAX_VALUE - 8].length % 2]));
			assertEquals(RejectReason.TRANSFORM_TRAPPED, ((OutcallResult.Reject) real).reason(), real::toString);
		}
	}
}
