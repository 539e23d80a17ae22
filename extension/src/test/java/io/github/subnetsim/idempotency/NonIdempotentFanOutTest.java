package io.github.subnetsim.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.Finding;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.server.MockServers;

/**
 * Issue 13, part 1: a replicated POST without an idempotency key that reaches the server once per replica gets a
 * finding on its result; a keyed POST, a GET and a non-replicated POST do not.
 */
class NonIdempotentFanOutTest {

	private MockWebServer server;
	private final AtomicInteger ordersCreated = new AtomicInteger();

	@BeforeEach
	void start() {
		server = MockServers.startTls();
		// An idempotency-unaware service: every request creates an order.
		server.setDispatcher(Posts.dispatcher(r -> Posts.created("ord-" + ordersCreated.incrementAndGet())));
	}

	@AfterEach
	void stop() throws Exception {
		server.close();
	}

	private OutcallResult run(Subnet.Builder subnet, HttpRequestArgs args, PerturbationPlan perturbations) {
		try (Subnet s = subnet.replicas(13).seed(13).build()) {
			return s.httpRequest(args, perturbations);
		}
	}

	private OutcallResult run(HttpRequestArgs args) {
		return run(Subnet.builder(), args, PerturbationPlan.none());
	}

	@Test
	void aKeylessPostThatReachedTheServerThirteenTimesIsFlagged() {
		OutcallResult result = run(Posts.order(server, null).transform(Posts.DROP_HEADERS).build());

		assertEquals(13, ordersCreated.get(), "the server really applied it 13 times");
		assertEquals(List.of(new Finding.NonIdempotentFanOut("POST", 13, "Idempotency-Key")), result.findings());
		Finding f = result.findings().get(0);
		assertEquals("this POST reached the server 13 times without an idempotency key", f.message());
		assertEquals("Send an Idempotency-Key header that is the same on every replica, to a server that applies each key once "
				+ "(IdempotencyLedger, IdempotencyProxy or `subnet-sim ledger-proxy` in front of it), or make the request non-replicated; "
				+ "until then the server may have applied it 13 times.", f.fix());
	}

	@Test
	void aKeyedPostAGetAndANonReplicatedPostAreNotFlagged() {
		assertEquals(List.of(), run(Posts.order(server, "order-42").transform(Posts.DROP_HEADERS).build()).findings());
		assertEquals(List.of(), run(HttpRequestArgs.get(server.url("/orders").toString()).cycles(Posts.ENOUGH_CYCLES)
				.transform(Posts.DROP_HEADERS).build()).findings());
		assertEquals(List.of(), run(Posts.order(server, null).nonReplicated().build()).findings());
		// A key header present but blank is no key: the server cannot deduplicate by it.
		assertEquals(13, run(Posts.order(server, " ").transform(Posts.DROP_HEADERS).build()).findings().stream()
				.mapToInt(x -> ((Finding.NonIdempotentFanOut) x).times()).sum());
	}

	@Test
	void onlyTheReplicasWhoseRequestReachedTheServerAreCounted() {
		int before = ordersCreated.get();
		OutcallResult result = run(Subnet.builder(), Posts.order(server, null).transform(Posts.DROP_HEADERS).build(),
				PerturbationPlan.on(Replicas.of(2, 5, 9), Perturbation.connectionFailure()));

		assertEquals(10, ordersCreated.get() - before);
		assertEquals(List.of(new Finding.NonIdempotentFanOut("POST", 10, "Idempotency-Key")), result.findings());
	}

	@Test
	void theKeyHeaderIsTheSubnets() {
		Subnet.Builder custom = Subnet.builder().idempotencyKeyHeader("X-Request-Key");
		// Idempotency-Key is not the header this service deduplicates by.
		OutcallResult flagged = run(custom, Posts.order(server, "order-42").transform(Posts.DROP_HEADERS).build(), PerturbationPlan.none());
		Finding.NonIdempotentFanOut f = (Finding.NonIdempotentFanOut) flagged.findings().get(0);
		assertEquals("X-Request-Key", f.keyHeader());
		assertTrue(f.fix().startsWith("Send an X-Request-Key header"), f.fix());

		OutcallResult keyed = run(Subnet.builder().idempotencyKeyHeader("X-Request-Key"), Posts.order(server, null).header("x-request-key", "k1")
				.transform(Posts.DROP_HEADERS).build(), PerturbationPlan.none());
		assertEquals(List.of(), keyed.findings());
		assertThrows(IllegalArgumentException.class, () -> Subnet.builder().idempotencyKeyHeader(" "));
	}
}
