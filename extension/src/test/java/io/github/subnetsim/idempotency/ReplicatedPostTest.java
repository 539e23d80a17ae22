package io.github.subnetsim.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.TlsServerExtension;
import io.github.subnetsim.server.MockServers;

/** What the server sees of one replicated POST: n identical requests, at the same time, from n addresses. */
@ExtendWith(TlsServerExtension.class)
class ReplicatedPostTest {

	private MockWebServer server;

	@BeforeEach
	void start(MockWebServer server) {
		this.server = server;
	}

	@Test
	void everyReplicaSendsTheCanistersPostConcurrentlyFromItsOwnAddress() {
		int n = 13;
		CountDownLatch allInFlight = new CountDownLatch(n);
		AtomicInteger sawAllTogether = new AtomicInteger();
		ConcurrentLinkedQueue<RecordedRequest> seen = new ConcurrentLinkedQueue<>();
		// Each request is held until all n are at the server (bounded): only concurrent requests can all pass.
		server.setDispatcher(Posts.dispatcher(r -> {
			seen.add(r);
			allInFlight.countDown();
			try {
				if (allInFlight.await(5, TimeUnit.SECONDS)) {
					sawAllTogether.incrementAndGet();
				}
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return Posts.created("ord-1");
		}));
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(n).seed(11).build()) {
			result = subnet.httpRequest(Posts.order(server, "order-42").header("X-Trace", "t-1").build());
		}

		assertEquals(n, sawAllTogether.get(), "all 13 requests were in flight at the same time");
		Set<String> sources = new TreeSet<>();
		for (RecordedRequest r : seen) {
			sources.add(MockServers.clientAddress(server, r).orElseThrow());
			assertEquals("POST", r.getMethod());
			assertEquals("/orders", r.getUrl().encodedPath());
			assertEquals(Posts.ORDER, r.getBody().utf8());
			assertEquals(List.of("order-42"), r.getHeaders().values("Idempotency-Key"));
			assertEquals(List.of("t-1"), r.getHeaders().values("X-Trace"));
			assertEquals(List.of("application/json"), r.getHeaders().values("Content-Type"));
		}
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			expected.add(ReplicaSources.address(i));
		}
		assertEquals(new TreeSet<>(expected), sources);
		assertEquals(n, assertInstanceOf(OutcallResult.Reply.class, result).agreement());
	}

	@Test
	void aNonReplicatedPostReachesTheServerExactlyOnce() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, r -> Posts.created("ord-1")));
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(13).seed(12).build()) {
			result = subnet.httpRequest(Posts.order(server, null).nonReplicated().build());
		}
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
		assertEquals(1, reply.agreement());
		assertEquals(201, reply.response().status());
		assertEquals(1, ledger.entries().size());
		assertEquals(1, ledger.appliedCount());
		assertEquals(result.trace().replicas().get(0).source(), ledger.entries().get(0).source(),
				"the ledger saw the replica the subnet chose");
		assertTrue(ledger.entries().get(0).replica().isPresent());
	}

	@Test
	void theDispatcherPassesTheHandlersOwnResponseToTheFirstAndReplaysItToDuplicates() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		// The body is set before a header, so a replay must keep the handler's header order to be byte-identical.
		server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, r -> new MockResponse.Builder().code(201)
				.body("{\"order_id\":\"ord-1\"}").addHeader("X-Order", "ord-1").build()));
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(7).seed(13).build()) {
			result = subnet.httpRequest(Posts.order(server, "order-7").build()); // no transform: the bytes must match
		}
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
		assertEquals(7, reply.agreement(), "the first response and the six replays are byte-identical");
		assertEquals("ord-1", reply.response().header("x-order").orElseThrow());
		assertEquals(1, ledger.appliedCount("order-7"));
		assertEquals(7, ledger.entries().size());
	}
}
