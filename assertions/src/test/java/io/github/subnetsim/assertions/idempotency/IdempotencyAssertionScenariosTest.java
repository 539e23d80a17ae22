package io.github.subnetsim.assertions.idempotency;

import static io.github.subnetsim.assertions.idempotency.LedgerMatchers.allReplicasSentSameKey;
import static io.github.subnetsim.assertions.idempotency.LedgerMatchers.appliedExactlyOnce;
import static io.github.subnetsim.assertions.idempotency.LedgerMatchers.appliedTimes;
import static io.github.subnetsim.assertions.idempotency.LedgerMatchers.everyPostCarriedKey;
import static io.github.subnetsim.assertions.idempotency.LedgerMatchers.sameBodyForEachKey;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.hamcrest.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.idempotency.IdempotencyLedger;
import io.github.subnetsim.idempotency.IdempotencyLedger.BodyMismatch;
import io.github.subnetsim.idempotency.IdempotentDispatcher;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.server.MockServers;

/** Issue 4, scenarios 1 and 4 and the bad inputs, over real HTTPS, with the matchers' exact messages. */
class IdempotencyAssertionScenariosTest {

	private static final long ENOUGH_CYCLES = 100_000_000_000L;
	private static final String ORDER = "{\"item\":\"ticket\",\"qty\":2}";
	private static final String FORGED_ORDER = "{\"item\":\"ticket\",\"qty\":200}";
	private static final Transform DROP_HEADERS = Transform.of("transform", (r, ctx) -> r.withHeaders(List.of()));
	private static final String TRUST_MODEL = "Honest replicas send the key the canister gave; a replica that sends another one is faulty,"
			+ " and no server can tell which request is the canister's (docs/idempotency.md, \"Trust model\").";

	private MockWebServer server;
	private final AtomicInteger ordersCreated = new AtomicInteger();
	private IdempotencyLedger ledger = IdempotencyLedger.create();

	@BeforeEach
	void start() {
		server = MockServers.startTls();
	}

	@AfterEach
	void stop() {
		server.close();
	}

	/** The server's effect: every call creates an order with the next number. */
	private MockResponse createOrder(RecordedRequest r) {
		return new MockResponse.Builder().code(201).addHeader("Content-Type", "application/json")
				.body("{\"order_id\":\"ord-" + ordersCreated.incrementAndGet() + "\"}").build();
	}

	private HttpRequestArgs.Builder order(String... keyValues) {
		HttpRequestArgs.Builder b = HttpRequestArgs.post(server.url("/orders").toString(), ORDER)
				.header("Content-Type", "application/json").cycles(ENOUGH_CYCLES);
		for (String v : keyValues) {
			b.header("Idempotency-Key", v);
		}
		return b;
	}

	private OutcallResult thirteenReplicas(long seed, HttpRequestArgs args, PerturbationPlan plan) {
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(13).seed(seed).build()) {
			return subnet.httpRequest(args, plan);
		}
	}

	private static String failure(IdempotencyLedger ledger, Matcher<IdempotencyLedger> matcher) {
		return assertThrows(AssertionError.class, () -> assertThat(ledger, matcher)).getMessage();
	}

	@Test
	void scenario1_withoutAKeyTheServerAppliesThePostThirteenTimes() {
		server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, this::createOrder));
		thirteenReplicas(1, order().transform(DROP_HEADERS).build(), PerturbationPlan.none());

		assertEquals(13, ordersCreated.get());
		assertThat(ledger, appliedTimes(13));
		assertEquals("\nExpected: the POST applied exactly once\n"
				+ "     but: POST applied 13 times; expected once. Send an Idempotency-Key header that is the same on every replica, or use a"
				+ " non-replicated request.\n"
				+ "Expecting the server to apply the POST once, but it applied it 13 times:\n"
				+ "  no Idempotency-Key: applied 13 times, 13 requests from replicas 0-12 (127.0.0.1-127.0.0.13), status 201 ×13",
				failure(ledger, appliedExactlyOnce()));
		assertEquals("\nExpected: every POST carrying a non-empty Idempotency-Key header\n"
				+ "     but: 13 of 13 POSTs carried no usable Idempotency-Key. Send an Idempotency-Key header that is the same on every replica,"
				+ " or use a non-replicated request.\n"
				+ "Expecting every POST to carry one non-empty Idempotency-Key header, but:\n"
				+ "  no Idempotency-Key: 13 requests from replicas 0-12 (127.0.0.1-127.0.0.13), status 201 ×13",
				failure(ledger, everyPostCarriedKey()));
	}

	@Test
	void scenario4_aFaultyReplicaThatChangesTheKeyGetsThePostAppliedTwice() {
		server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, this::createOrder));
		OutcallResult result = thirteenReplicas(41, order("order-42").transform(DROP_HEADERS).build(),
				PerturbationPlan.on(Replicas.of(5), Perturbation.setRequestHeader("Idempotency-Key", "forged")));

		// Consensus hides it: the 12 honest replicas got the same stored response, so the canister sees one order.
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
		assertEquals(12, reply.agreement());
		assertEquals(2, ordersCreated.get());
		assertEquals("\nExpected: the POST applied exactly once\n"
				+ "     but: POST applied 2 times; expected once. The replicas sent 2 different Idempotency-Keys: replica 5 (127.0.0.6) sent"
				+ " key \"forged\", the others key \"order-42\". " + TRUST_MODEL + "\n"
				+ "Expecting the server to apply the POST once, but it applied it 2 times:\n"
				+ "  key \"order-42\": applied once, 12 requests from replicas 0-4, 6-12 (127.0.0.1-127.0.0.5, 127.0.0.7-127.0.0.13), status 201 ×12\n"
				+ "  key \"forged\": applied once, 1 request from replica 5 (127.0.0.6), status 201 ×1",
				failure(ledger, appliedExactlyOnce()));
		assertEquals("\nExpected: every replica sending the same Idempotency-Key\n"
				+ "     but: The replicas sent 2 different Idempotency-Keys; expected the same key from every replica. Replica 5 (127.0.0.6)"
				+ " sent key \"forged\", the others key \"order-42\". " + TRUST_MODEL + "\n"
				+ "Expecting every replica to send the same Idempotency-Key, but they sent:\n"
				+ "  key \"order-42\": 12 requests from replicas 0-4, 6-12 (127.0.0.1-127.0.0.5, 127.0.0.7-127.0.0.13), status 201 ×12\n"
				+ "  key \"forged\": 1 request from replica 5 (127.0.0.6), status 201 ×1",
				failure(ledger, allReplicasSentSameKey()));
		assertThat(ledger, everyPostCarriedKey());
	}

	/**
	 * Lets the faulty replica's request through first and holds the honest ones until it was answered (bounded), so
	 * the run shows the case the trust model warns about: the one request applied is the faulty one.
	 */
	private Dispatcher faultyReplicaFirst(int faulty, Dispatcher inner) {
		CountDownLatch faultyAnswered = new CountDownLatch(1);
		return new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
				boolean isFaulty = MockServers.clientAddress(server, r).orElseThrow().equals("127.0.0." + (faulty + 1));
				if (isFaulty) {
					try {
						return inner.dispatch(r);
					}
					finally {
						faultyAnswered.countDown();
					}
				}
				if (!faultyAnswered.await(5, TimeUnit.SECONDS)) {
					throw new IllegalStateException("the faulty replica's request did not arrive within 5 s");
				}
				return inner.dispatch(r);
			}
		};
	}

	private static String bodyMismatchMessage(String honestStatuses) {
		return "\nExpected: every request with the same Idempotency-Key carrying the same body\n"
				+ "     but: Idempotency-Key \"order-42\" came with 2 different bodies: replica 5 (127.0.0.6) sent body sha256 b2802b2561c49b42…"
				+ " (27 bytes), the others body sha256 b2510d7f43116c5e… (25 bytes). Expected one body per key. Honest replicas send the"
				+ " canister's body; a replica that sends another is faulty. If its request came first, its body is the one applied,"
				+ " whatever the ledger's BodyMismatch policy (docs/idempotency.md, \"Trust model\").\n"
				+ "Expecting every request with the same Idempotency-Key to carry the same body, but:\n"
				+ "  key \"order-42\", body sha256 b2510d7f43116c5e… (25 bytes): 12 requests from replicas 0-4, 6-12 (127.0.0.1-127.0.0.5,"
				+ " 127.0.0.7-127.0.0.13), " + honestStatuses + "\n"
				+ "  key \"order-42\", body sha256 b2802b2561c49b42… (27 bytes): applied once, 1 request from replica 5 (127.0.0.6), status 201 ×1";
	}

	@Test
	void scenario4_aFaultyReplicaThatChangesTheBodyAndComesFirstIsTheOneApplied() {
		List<String> bodiesApplied = new java.util.concurrent.CopyOnWriteArrayList<>();
		server.setDispatcher(faultyReplicaFirst(5, IdempotentDispatcher.wrap(ledger, server, r -> {
			bodiesApplied.add(r.getBody().utf8());
			return createOrder(r);
		})));
		OutcallResult result = thirteenReplicas(42, order("order-42").transform(DROP_HEADERS).build(),
				PerturbationPlan.on(Replicas.of(5), Perturbation.replaceRequestBody(FORGED_ORDER)));

		assertEquals(List.of(FORGED_ORDER), bodiesApplied, "applied once: the faulty body");
		assertThat(ledger, appliedExactlyOnce());
		assertThat(ledger, allReplicasSentSameKey());
		// The default policy answers the honest replicas 422, and that is what consensus delivers: the canister learns.
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
		assertEquals(422, reply.response().status());
		assertEquals(12, reply.agreement());
		assertEquals(bodyMismatchMessage("status 422 ×12"), failure(ledger, sameBodyForEachKey()));
	}

	@Test
	void scenario4_underTheReplayPolicyTheCanisterIsToldItsOrderWasCreated() {
		ledger = IdempotencyLedger.builder().bodyMismatch(BodyMismatch.REPLAY).build();
		server.setDispatcher(faultyReplicaFirst(5, IdempotentDispatcher.wrap(ledger, server, this::createOrder)));
		OutcallResult result = thirteenReplicas(43, order("order-42").transform(DROP_HEADERS).build(),
				PerturbationPlan.on(Replicas.of(5), Perturbation.replaceRequestBody(FORGED_ORDER)));

		// Every replica got the forged order's 201: consensus agrees on it, and nothing in the reply shows it.
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
		assertEquals(201, reply.response().status());
		assertEquals(13, reply.agreement());
		assertThat(ledger, appliedExactlyOnce());
		assertEquals(bodyMismatchMessage("status 201 ×12"), failure(ledger, sameBodyForEachKey()));
	}

	@Test
	void badInput_anEmptyKeyIsNoKey() {
		server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, this::createOrder));
		thirteenReplicas(44, order("").transform(DROP_HEADERS).build(), PerturbationPlan.none());

		assertEquals("\nExpected: every POST carrying a non-empty Idempotency-Key header\n"
				+ "     but: 13 of 13 POSTs carried no usable Idempotency-Key. Send an Idempotency-Key header that is the same on every replica,"
				+ " or use a non-replicated request.\n"
				+ "Expecting every POST to carry one non-empty Idempotency-Key header, but:\n"
				+ "  empty Idempotency-Key: 13 requests from replicas 0-12 (127.0.0.1-127.0.0.13), status 201 ×13",
				failure(ledger, everyPostCarriedKey()));
		assertThat(ledger, appliedTimes(13));
	}

	@Test
	void badInput_oneReplicaWithoutAUsableKeyIsNamed() {
		server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, this::createOrder));
		thirteenReplicas(45, order("order-42").transform(DROP_HEADERS).build(),
				PerturbationPlan.on(Replicas.of(7), Perturbation.setRequestHeader("Idempotency-Key", " ")));

		assertEquals("\nExpected: every replica sending the same Idempotency-Key\n"
				+ "     but: 1 request had no usable Idempotency-Key; expected the same key from every replica. Replica 7 (127.0.0.8) sent"
				+ " empty Idempotency-Key, the others key \"order-42\". Send an Idempotency-Key header that is the same on every replica, or"
				+ " use a non-replicated request.\n"
				+ "Expecting every replica to send the same Idempotency-Key, but they sent:\n"
				+ "  key \"order-42\": 12 requests from replicas 0-6, 8-12 (127.0.0.1-127.0.0.7, 127.0.0.9-127.0.0.13), status 201 ×12\n"
				+ "  empty Idempotency-Key: 1 request from replica 7 (127.0.0.8), status 201 ×1",
				failure(ledger, allReplicasSentSameKey()));
	}

	@Test
	void badInput_theKeyHeaderTwiceWithDifferentValuesIsRejected() {
		server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, this::createOrder));
		OutcallResult result = thirteenReplicas(46, order("order-42", "order-43").transform(DROP_HEADERS).build(), PerturbationPlan.none());

		assertEquals(0, ordersCreated.get());
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
		assertEquals(400, reply.response().status());
		assertEquals("Idempotency-Key was sent 2 times with different values; send it once", reply.response().bodyText());
		assertEquals("\nExpected: every POST carrying a non-empty Idempotency-Key header\n"
				+ "     but: 13 of 13 POSTs carried no usable Idempotency-Key. Send the Idempotency-Key header once per request: with two"
				+ " different values the server cannot tell which request it repeats.\n"
				+ "Expecting every POST to carry one non-empty Idempotency-Key header, but:\n"
				+ "  2 different Idempotency-Key values [\"order-42\", \"order-43\"]: 13 requests from replicas 0-12 (127.0.0.1-127.0.0.13),"
				+ " status 400 ×13",
				failure(ledger, everyPostCarriedKey()));
	}

	@Test
	void badInput_aBodyOverTheRequestLimitNeverReachesTheServer() {
		server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, this::createOrder));
		HttpRequestArgs huge = order("order-42").body(new byte[2_000_001]).build();
		OutcallResult result = thirteenReplicas(47, huge, PerturbationPlan.none());

		OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, result);
		assertEquals(RejectCode.CANISTER_REJECT, reject.code());
		assertTrue(ledger.entries().isEmpty());
		assertEquals("\nExpected: the POST applied exactly once\n"
				+ "     but: POST applied 0 times; expected once. No request reached the server: check the outcall's result (it may have been"
				+ " rejected before any replica sent it) and that the server's dispatcher uses this ledger.",
				failure(ledger, appliedExactlyOnce()));
	}
}
