package io.github.subnetsim.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.server.MockServers;

/**
 * Issue 4, scenario 3: the 13 replicas race for real (the subnet's thread per replica, the server's thread per
 * connection, nothing ordered), 200 times with 200 seeds, against one server: never applied twice.
 */
class ConcurrentReplicasRaceTest {

	private static final int RUNS = 200;
	private static final int N = 13;

	private static MockWebServer server;

	@BeforeAll
	static void start() {
		server = MockServers.startTls();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void twoHundredSeedsThirteenRacingReplicasNeverApplyTwice() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		Map<String, AtomicInteger> effectsPerKey = new ConcurrentHashMap<>();
		Map<String, CountDownLatch> duplicateArrived = new ConcurrentHashMap<>();
		AtomicInteger overlapped = new AtomicInteger();
		IdempotentDispatcher idempotent = IdempotentDispatcher.wrap(ledger, server, r -> {
			String key = r.getHeaders().get("Idempotency-Key");
			effectsPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
			// Keep the effect open until a second request with this key is at the server (bounded), so that every run
			// has a duplicate arriving while the first is still being applied. Who is first is not influenced.
			if (await(duplicateArrived.get(key))) {
				overlapped.incrementAndGet();
			}
			return Posts.created("ord-" + key);
		});
		server.setDispatcher(Posts.dispatcher(r -> {
			duplicateArrived.computeIfAbsent(r.getHeaders().get("Idempotency-Key"), k -> new CountDownLatch(2)).countDown();
			return idempotent.dispatch(r);
		}));

		long started = System.nanoTime();
		Set<Integer> winners = new HashSet<>();
		for (int run = 0; run < RUNS; run++) {
			long seed = 3_000 + run;
			String key = "order-" + seed;
			OutcallResult result;
			try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(N).seed(seed).build()) {
				result = subnet.httpRequest(Posts.order(server, key).build());
			}
			assertEquals(1, ledger.appliedCount(key), "seed " + seed + " applied more than once: " + entriesOf(ledger, key));
			assertEquals(1, effectsPerKey.get(key).get(), "seed " + seed);
			List<LedgerEntry> entries = entriesOf(ledger, key);
			assertEquals(N, entries.size(), "seed " + seed);
			OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result, "seed " + seed);
			assertEquals(N, reply.agreement(), "every replica got the same stored response, seed " + seed);
			assertEquals("{\"order_id\":\"ord-" + key + "\",\"status\":\"created\"}", reply.response().bodyText());
			for (LedgerEntry e : entries) {
				if (e.applied()) {
					winners.add(e.replica().orElseThrow());
				}
			}
		}
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

		assertEquals(RUNS, ledger.appliedCount());
		assertEquals(RUNS, overlapped.get(), "in every run a duplicate arrived while the first was being applied");
		System.out.println("scenario 3: " + RUNS + " runs of " + N + " replicas in " + millis + " ms; replicas that won a race: " + winners);
	}

	private static boolean await(CountDownLatch latch) {
		try {
			return latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static List<LedgerEntry> entriesOf(IdempotencyLedger ledger, String key) {
		List<LedgerEntry> out = new ArrayList<>();
		for (LedgerEntry e : ledger.entries()) {
			if (key.equals(e.key())) {
				out.add(e);
			}
		}
		return out;
	}
}
