package io.github.subnetsim.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.server.MockServers;

/**
 * Issue 4, scenario 7, as a seeded loop: for every n in 1..40, a random arrival order at the server, random share
 * latencies, and up to f failing replicas of random kinds, a ledger-backed server applies the POST once and the honest
 * response is delivered. A failing trial prints its seed.
 */
class IdempotencyPropertyTest {

	private static final long MASTER_SEED = 0x1DE4L;

	private static MockWebServer server;

	@BeforeAll
	static void start() {
		server = MockServers.startTls();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	/** The ways a replica can fail: the first three never reach the server, the last two do. */
	private static Perturbation failure(int kind) {
		if (kind == 0) {
			return Perturbation.connectionFailure();
		}
		if (kind == 1) {
			return Perturbation.reject(RejectCode.SYS_TRANSIENT, "simulated replica error");
		}
		if (kind == 2) {
			return Perturbation.silent();
		}
		if (kind == 3) {
			return Perturbation.replaceBody("{\"order_id\":\"forged\"}");
		}
		return Perturbation.latency(Duration.ofSeconds(31)); // its answer comes after the adapter's timeout
	}

	@Test
	void anyNAnyArrivalOrderUpToFFailingReplicasAppliesOnceAndDeliversTheHonestResponse() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		Turnstile turnstile = new Turnstile();
		IdempotentDispatcher idempotent = IdempotentDispatcher.wrap(ledger, server,
				r -> Posts.created("ord-" + r.getHeaders().get("Idempotency-Key")));
		server.setDispatcher(Posts.dispatcher(r -> turnstile.inTurn(replicaOf(r), () -> idempotent.dispatch(r))));
		SplittableRandom master = new SplittableRandom(MASTER_SEED);

		for (int n = 1; n <= 40; n++) {
			long seed = master.nextLong();
			SplittableRandom rng = new SplittableRandom(seed);
			int f = Limits.faultsTolerated(n);
			String key = "order-n" + n;

			// Up to f failing replicas, each failing its own way; random latencies shuffle the order shares arrive in.
			List<Integer> all = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				all.add(i);
			}
			Collections.shuffle(all, new Random(rng.nextLong()));
			int failing = rng.nextInt(f + 1);
			PerturbationPlan plan = PerturbationPlan.none();
			List<Integer> reachServer = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				int r = all.get(i);
				plan = plan.and(Replicas.of(r), Perturbation.latency(Duration.ofMillis(rng.nextInt(5_000))));
				int kind = rng.nextInt(5);
				if (i < failing) {
					plan = plan.and(Replicas.of(r), failure(kind));
				}
				if (i >= failing || kind >= 3) {
					reachServer.add(r);
				}
			}
			// Any arrival order at the server: the requests that reach it are let into the ledger in a random order.
			Collections.shuffle(reachServer, new Random(rng.nextLong()));
			turnstile.expect(reachServer);

			OutcallResult result;
			try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(n).seed(seed).build()) {
				result = subnet.httpRequest(Posts.order(server, key).build(), plan);
			}

			String trial = "n=" + n + ", f=" + f + ", failing=" + failing + ", seed=" + seed + ", arrival order=" + reachServer;
			assertEquals(1, ledger.appliedCount(key), trial);
			List<Integer> arrived = new ArrayList<>();
			for (LedgerEntry e : ledger.entries()) {
				if (key.equals(e.key())) {
					arrived.add(e.replica().orElseThrow());
					assertEquals(arrived.size() == 1, e.applied(), "the first to arrive applies: " + trial);
				}
			}
			assertEquals(reachServer, arrived, trial);
			OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result, trial);
			assertEquals("{\"order_id\":\"ord-" + key + "\",\"status\":\"created\"}", reply.response().bodyText(), trial);
			assertEquals(n - failing, reply.agreement(), trial);
		}
	}

	private static int replicaOf(RecordedRequest r) {
		return ReplicaSources.replicaOf(MockServers.clientAddress(server, r).orElseThrow()).orElseThrow();
	}

	/** Lets requests through one at a time, in a given order of replicas; every wait is bounded. */
	private static final class Turnstile {
		private List<Integer> order = List.of();
		private int next;

		synchronized void expect(List<Integer> replicas) {
			order = List.copyOf(replicas);
			next = 0;
		}

		mockwebserver3.MockResponse inTurn(int replica, Action action) {
			synchronized (this) {
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
				while (next < order.size() && order.get(next) != replica) {
					long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
					if (left <= 0) {
						throw new IllegalStateException("replica " + replica + " waited 5 s for its turn in " + order + " at " + next);
					}
					try {
						wait(left);
					}
					catch (InterruptedException e) {
						Thread.currentThread().interrupt();
						throw new IllegalStateException(e);
					}
				}
			}
			try {
				return action.run();
			}
			finally {
				synchronized (this) {
					next++;
					notifyAll();
				}
			}
		}
	}

	@FunctionalInterface
	private interface Action {
		mockwebserver3.MockResponse run();
	}
}
