package io.github.subnetsim.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.TlsServerExtension;
import io.github.subnetsim.Transform;
import io.github.subnetsim.idempotency.LedgerEntry.Disposition;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.trace.Decision;

/** Issue 4, scenarios 2, 5 and 6 over real HTTPS (1 and 4 assert the matchers' messages in the assertions module). */
@ExtendWith(TlsServerExtension.class)
class IdempotencyScenariosTest {

	private MockWebServer server;
	private final AtomicInteger ordersCreated = new AtomicInteger();

	@BeforeEach
	void start(MockWebServer server) {
		this.server = server;
	}

	/** The server's effect: every call creates an order. */
	private mockwebserver3.MockResponse createOrder(mockwebserver3.RecordedRequest r) {
		return Posts.created("ord-" + ordersCreated.incrementAndGet());
	}

	@Test
	void scenario2_aKeyIsAppliedOnceAndAllThirteenReplicasGetTheStoredResponse() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, this::createOrder));
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(13).seed(21).build()) {
			result = subnet.httpRequest(Posts.order(server, "order-42").build());
		}

		assertEquals(1, ordersCreated.get());
		assertEquals(1, ledger.appliedCount("order-42"));
		assertEquals(13, ledger.entries().size());
		Set<Integer> replicas = new HashSet<>();
		for (LedgerEntry e : ledger.entries()) {
			assertEquals(201, e.status(), e.toString());
			replicas.add(e.replica().orElseThrow());
		}
		assertEquals(13, replicas.size(), "one entry per replica");
		assertEquals(12, ledger.entries().stream().filter(e -> e.disposition() == Disposition.REPLAYED).count());
		// No transform: the stored response is replayed byte for byte, so all 13 shares are equal.
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
		assertEquals(13, reply.agreement());
		assertEquals("{\"order_id\":\"ord-1\",\"status\":\"created\"}", reply.response().bodyText());
		assertEquals(1, result.trace().consensus().groups().size(), "one group of identical shares");
	}

	/** A server that answers duplicates 409, with a per-request id in the body, as many real APIs do. */
	private IdempotencyLedger conflictsWithRequestIds() {
		AtomicInteger requestIds = new AtomicInteger();
		return IdempotencyLedger.builder()
				.onDuplicate((key, stored) -> HttpResponse.of(409, List.of(HttpHeader.of("Content-Type", "application/json")),
						"{\"error\":\"duplicate request\",\"order_id\":\"" + orderId(stored) + "\",\"request_id\":\"req-"
								+ requestIds.incrementAndGet() + "\"}"))
				.build();
	}

	/** A server that answers duplicates 409 with the same body every time. */
	private IdempotencyLedger conflictsAlike() {
		return IdempotencyLedger.builder()
				.onDuplicate((key, stored) -> HttpResponse.of(409, List.of(HttpHeader.of("Content-Type", "application/json")),
						"{\"error\":\"duplicate request\",\"order_id\":\"" + orderId(stored) + "\"}"))
				.build();
	}

	private static final Pattern ORDER_ID = Pattern.compile("\"order_id\":\"([^\"]+)\"");

	static String orderId(HttpResponse r) {
		Matcher m = ORDER_ID.matcher(r.bodyText());
		return m.find() ? m.group(1) : "";
	}

	/**
	 * The canister's transform for a server that answers duplicates 409: 201 and the duplicate's 409 both mean "the
	 * order exists", so both become 200 with just the order id. Anything else keeps its status and loses its body.
	 */
	static final Transform NORMALISE_CONFLICT = Transform.of("normalise_order", (r, ctx) -> {
		if (r.status() == 201 || r.status() == 409 && r.bodyText().contains("\"error\":\"duplicate request\"")) {
			return HttpResponse.of(200, List.of(), "{\"order_id\":\"" + orderId(r) + "\"}");
		}
		return HttpResponse.of(r.status(), List.of(), new byte[0]);
	});

	@Test
	void scenario5_a409PerDuplicateDivergesWhenTheTransformKeepsTheStatusAndBody() {
		IdempotencyLedger ledger = conflictsWithRequestIds();
		server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, this::createOrder));
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(13).seed(51).build()) {
			result = subnet.httpRequest(Posts.order(server, "order-42").transform(Posts.DROP_HEADERS).build());
		}

		assertEquals(1, ledger.appliedCount(), "the order was created once");
		assertEquals(12, ledger.entries().stream().filter(e -> e.status() == 409).count());
		OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, result);
		assertEquals(RejectCode.SYS_TRANSIENT, reject.code());
		assertTrue(reject.message().startsWith("No consensus could be reached. Replicas had different responses."), reject.message());
		assertEquals(Decision.DIVERGED, result.trace().consensus().decision());
	}

	@Test
	void scenario5_identical409sReachConsensusOnConflictThoughTheOrderWasCreated() {
		IdempotencyLedger ledger = conflictsAlike();
		server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, this::createOrder));
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(13).seed(52).build()) {
			result = subnet.httpRequest(Posts.order(server, "order-42").transform(Posts.DROP_HEADERS).build());
		}

		assertEquals(1, ledger.appliedCount());
		// Twelve equal 409 shares outvote the one 201: the canister is told "conflict" for an order that exists.
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
		assertEquals(409, reply.response().status());
		assertEquals(12, reply.agreement());
	}

	@Test
	void scenario5_aTransformThatNormalisesTheConflictReachesConsensusOnTheOrder() {
		IdempotencyLedger ledger = conflictsWithRequestIds();
		server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, this::createOrder));
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(13).seed(51).build()) {
			result = subnet.httpRequest(Posts.order(server, "order-42").transform(NORMALISE_CONFLICT).build());
		}

		assertEquals(1, ledger.appliedCount());
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
		assertEquals(200, reply.response().status());
		assertEquals("{\"order_id\":\"ord-1\"}", reply.response().bodyText());
		assertEquals(13, reply.agreement());
	}

	@Test
	void scenario6_replicasWhoseRequestFailsBeforeTheServerChangeNothing() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, this::createOrder));
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(13).seed(61).build()) {
			// f = 4 replicas cannot connect: the other n - f = 9 are exactly the threshold.
			result = subnet.httpRequest(Posts.order(server, "order-42").build(),
					PerturbationPlan.on(Replicas.of(0, 4, 8, 12), Perturbation.connectionFailure()));
		}

		assertEquals(1, ledger.appliedCount("order-42"));
		assertEquals(9, ledger.entries().size(), "the failing replicas never reached the server");
		Set<Integer> arrived = new HashSet<>();
		for (LedgerEntry e : ledger.entries()) {
			arrived.add(e.replica().orElseThrow());
		}
		assertEquals(Set.of(1, 2, 3, 5, 6, 7, 9, 10, 11), arrived);
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
		assertEquals(9, reply.agreement());
		assertEquals("{\"order_id\":\"ord-1\",\"status\":\"created\"}", reply.response().bodyText());
	}

	@Test
	void scenario6_oneFailureTooManyMeansNoConsensusButStillOneOrder() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, this::createOrder));
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(13).seed(62).build()) {
			result = subnet.httpRequest(Posts.order(server, "order-42").build(),
					PerturbationPlan.on(Replicas.of(0, 1, 2, 3, 4), Perturbation.connectionFailure()));
		}
		assertEquals(1, ledger.appliedCount(), "the order exists even though the canister gets a reject");
		assertEquals(8, ledger.entries().size());
		OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, result);
		assertEquals(RejectCode.SYS_TRANSIENT, reject.code());
	}
}
