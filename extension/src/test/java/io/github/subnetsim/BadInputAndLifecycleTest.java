package io.github.subnetsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.trace.Decision;

/** Bad input gets a clear error or the replica's reject, never a hang; closing leaves no replica thread behind. */
@ExtendWith(TlsServerExtension.class)
class BadInputAndLifecycleTest {

	private static final long CYCLES = 100_000_000_000L;
	private MockWebServer server;

	@BeforeEach
	void start(MockWebServer server) {
		this.server = server;
		server.setDispatcher(Servers.always(Servers.json("{\"price\":1}")));
	}

	@Test
	void programmingErrorsFailFastWithWhatToChange() {
		NullPointerException url = assertThrows(NullPointerException.class, () -> HttpRequestArgs.get(null).build());
		assertEquals("url must not be null", url.getMessage());
		IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> Subnet.builder().replicas(0));
		assertEquals("a subnet has at least 1 replica, got 0; use replicas(13) for an application subnet or kind(SubnetKind.…)", n.getMessage());
		IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
				() -> HttpRequestArgs.get("https://x").maxResponseBytes(-1L).build());
		assertEquals("max_response_bytes is a nat64 and cannot be negative, got -1", negative.getMessage());
		IllegalArgumentException pointer = assertThrows(IllegalArgumentException.class, () -> Perturbation.jitterJson("price"));
		assertEquals("a JSON pointer starts with '/', got 'price' (try '/price')", pointer.getMessage());
		try (Subnet s = Subnet.builder().replicas(4).build()) {
			IllegalArgumentException replica = assertThrows(IllegalArgumentException.class,
					() -> s.httpRequest(HttpRequestArgs.get(server.url("/").toString()).cycles(CYCLES).build(),
							PerturbationPlan.on(Replicas.of(7), Perturbation.silent())));
			assertEquals("replica 7 does not exist on a subnet of 4 replicas (indices are 0..3); choose indices below 4 or use Replicas.random(k)",
					replica.getMessage());
		}
	}

	@Test
	void blankAndMalformedUrlsAreTheAdaptersAgreedReject() {
		try (Subnet s = Subnet.builder().replicas(4).build()) {
			for (String bad : List.of("", "   ", "not a url", "https://")) {
				OutcallResult.Reject r = assertInstanceOf(OutcallResult.Reject.class, s.httpRequest(HttpRequestArgs.get(bad).cycles(CYCLES).build()),
						"url '" + bad + "'");
				assertEquals(RejectCode.SYS_FATAL, r.code(), bad);
				assertTrue(r.message().startsWith("Failed to parse URL: "), r.message());
				assertEquals(Decision.AGREED, r.trace().consensus().decision());
			}
		}
	}

	@Test
	void aTransformThatThrowsIsATrapAndOneThatRejectsIsTheCanistersReject() {
		try (Subnet s = Subnet.builder().replicas(4).build()) {
			OutcallResult.Reject trap = assertInstanceOf(OutcallResult.Reject.class, s.httpRequest(HttpRequestArgs.get(server.url("/").toString())
					.transform(Transform.of("transform", (r, c) -> {
						throw new IllegalStateException("bad JSON");
					})).cycles(CYCLES).build()));
			assertEquals(RejectCode.CANISTER_ERROR, trap.code());
			assertEquals("IC0503: Error from Canister bkyz2-fmaaa-aaaaa-qaaaq-cai: Canister called `ic0.trap` with message: "
					+ "java.lang.IllegalStateException: bad JSON", trap.message());

			OutcallResult.Reject nul = assertInstanceOf(OutcallResult.Reject.class, s.httpRequest(HttpRequestArgs.get(server.url("/").toString())
					.transform(Transform.of("t", (r, c) -> null)).cycles(CYCLES).build()));
			assertEquals(RejectCode.CANISTER_ERROR, nul.code());
			assertTrue(nul.message().contains("transform 't' returned null (return a response, or throw TransformRejectedException to reject)"),
					nul.message());

			OutcallResult.Reject rejected = assertInstanceOf(OutcallResult.Reject.class, s.httpRequest(HttpRequestArgs.get(server.url("/").toString())
					.transform(Transform.of("t", (r, c) -> {
						throw new TransformRejectedException("price missing");
					})).cycles(CYCLES).build()));
			assertEquals(RejectCode.CANISTER_REJECT, rejected.code());
			assertEquals("price missing", rejected.message());
		}
	}

	@Test
	void closingStopsEveryReplicaThreadAndRefusesFurtherOutcalls() {
		Subnet s = Subnet.builder().replicas(13).build();
		assertInstanceOf(OutcallResult.Reply.class, s.httpRequest(HttpRequestArgs.get(server.url("/").toString()).cycles(CYCLES).build()));
		assertTrue(replicaThreads() > 0, "replica threads run while the subnet is open");
		s.close();
		s.close(); // idempotent
		assertEquals(0, replicaThreads(), "no replica thread outlives close()");
		IllegalStateException closed = assertThrows(IllegalStateException.class,
				() -> s.httpRequest(HttpRequestArgs.get(server.url("/").toString()).cycles(CYCLES).build()));
		assertEquals("this subnet is closed; build a new one (Subnet.builder()...build())", closed.getMessage());
	}

	private static long replicaThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith("subnet-sim-replica-")).count();
	}
}
