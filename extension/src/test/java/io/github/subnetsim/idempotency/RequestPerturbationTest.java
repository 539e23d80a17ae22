package io.github.subnetsim.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.internal.perturb.PerturbationEffects;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.server.MockServers;
import io.github.subnetsim.trace.ReplicaTrace;

/** The engine's request-side perturbations: a faulty replica sends another header or body; the others do not. */
class RequestPerturbationTest {

	private MockWebServer server;

	@BeforeEach
	void start() {
		server = MockServers.startTls();
		server.setDispatcher(Posts.dispatcher(r -> Posts.created("ord-1")));
	}

	@AfterEach
	void stop() {
		server.close();
	}

	/** What each replica's request looked like at the server, by replica index. */
	private Map<Integer, RecordedRequest> byReplica(int count) throws InterruptedException {
		Map<Integer, RecordedRequest> out = new TreeMap<>();
		for (int i = 0; i < count; i++) {
			RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
			out.put(ReplicaSources.replicaOf(MockServers.clientAddress(server, r).orElseThrow()).orElseThrow(), r);
		}
		return out;
	}

	@Test
	void aFaultyReplicaSendsAnotherKeyTheOthersSendTheCanistersKey() throws Exception {
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(4).seed(5).build()) {
			result = subnet.httpRequest(Posts.order(server, "order-42").build(),
					PerturbationPlan.on(Replicas.of(2), Perturbation.setRequestHeader("idempotency-key", "forged")));
		}
		Map<Integer, RecordedRequest> seen = byReplica(4);
		for (int r = 0; r < 4; r++) {
			List<String> keys = seen.get(r).getHeaders().values("Idempotency-Key");
			assertEquals(List.of(r == 2 ? "forged" : "order-42"), keys, "replica " + r);
			assertEquals(Posts.ORDER, seen.get(r).getBody().utf8(), "replica " + r);
		}
		ReplicaTrace faulty = result.trace().replicas().get(2);
		assertEquals(List.of("setRequestHeader idempotency-key: forged"), faulty.perturbations());
		assertTrue(faulty.requestHeaders().contains(HttpHeader.of("idempotency-key", "forged")), faulty.requestHeaders().toString());
		assertEquals(List.of(), result.trace().replicas().get(0).perturbations());
	}

	@Test
	void aFaultyReplicaSendsAnotherBody() throws Exception {
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(4).seed(6).build()) {
			result = subnet.httpRequest(Posts.order(server, "order-42").build(),
					PerturbationPlan.on(Replicas.of(1), Perturbation.replaceRequestBody("{\"item\":\"ticket\",\"qty\":200}")));
		}
		Map<Integer, RecordedRequest> seen = byReplica(4);
		assertEquals("{\"item\":\"ticket\",\"qty\":200}", seen.get(1).getBody().utf8());
		assertEquals(Posts.ORDER, seen.get(0).getBody().utf8());
		assertEquals(List.of("order-42"), seen.get(1).getHeaders().values("Idempotency-Key"));
		assertEquals(List.of("replaceRequestBody 27 bytes"), result.trace().replicas().get(1).perturbations());
	}

	@Test
	void theForgedHeaderReplacesEveryHeaderOfThatNameInPlaceOrIsAppended() {
		HttpRequestArgs args = HttpRequestArgs.post("https://localhost/", "{}")
				.header("Content-Type", "application/json")
				.header("Idempotency-Key", "a")
				.header("X-Other", "1")
				.header("IDEMPOTENCY-KEY", "b")
				.build();
		HttpRequestArgs forged = PerturbationEffects.applyToRequest(new Perturbation.SetRequestHeader("Idempotency-Key", "z"), args);
		assertEquals(List.of(HttpHeader.of("Content-Type", "application/json"), HttpHeader.of("Idempotency-Key", "z"),
				HttpHeader.of("X-Other", "1")), forged.headers());
		assertEquals(args.body().length, forged.body().length);

		HttpRequestArgs added = PerturbationEffects.applyToRequest(new Perturbation.SetRequestHeader("X-New", "v"), args);
		assertEquals(HttpHeader.of("X-New", "v"), added.headers().get(4));

		HttpRequestArgs body = PerturbationEffects.applyToRequest(Perturbation.replaceRequestBody("x"), args);
		assertEquals("x", new String(body.body(), StandardCharsets.UTF_8));
		assertEquals(args.headers(), body.headers());
	}

	@Test
	void onlyRequestPerturbationsEditTheRequest() {
		HttpRequestArgs args = HttpRequestArgs.post("https://localhost/", "{}").build();
		List<Perturbation> responseSide = new ArrayList<>(List.of(Perturbation.setHeader("a", "b"), Perturbation.replaceBody("x"),
				Perturbation.connectionFailure(), Perturbation.silent()));
		for (Perturbation p : responseSide) {
			assertFalse(p.editsRequest(), p.toString());
			assertSame(args, PerturbationEffects.applyToRequest(p, args), p.toString());
		}
		Perturbation header = Perturbation.setRequestHeader("k", "v");
		Perturbation body = Perturbation.replaceRequestBody(new byte[] { 1, 2 });
		assertTrue(header.editsRequest() && body.editsRequest());
		assertFalse(header.editsResponse() || body.editsResponse());
		assertEquals(Perturbation.replaceRequestBody(new byte[] { 1, 2 }), body);
		assertEquals("ReplaceRequestBody[2 bytes]", body.toString());
		assertThrows(IllegalArgumentException.class, () -> PerturbationEffects.apply(header, HttpResponse.of(200, List.of(), ""), new java.util.SplittableRandom(1)));
		assertThrows(NullPointerException.class, () -> Perturbation.setRequestHeader("k", null));
	}
}
