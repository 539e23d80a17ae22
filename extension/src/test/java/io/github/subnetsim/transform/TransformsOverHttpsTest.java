package io.github.subnetsim.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.concurrent.atomic.AtomicInteger;

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
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.server.MockServers;
import io.github.subnetsim.trace.Decision;

/** The helpers as a canister's transform on a real subnet: a server whose every answer differs still converges. */
class TransformsOverHttpsTest {

	private MockWebServer server;

	@BeforeEach
	void start() {
		server = MockServers.startTls();
		AtomicInteger counter = new AtomicInteger();
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				int i = counter.incrementAndGet();
				// Every replica gets its own request id, timestamp and field order: nothing byte-identical survives.
				String body = i % 2 == 0 ? "{\"ts\":" + (1_700_000_000 + i) + ",\"price\":12.34,\"symbol\":\"ICP\"}"
						: "{ \"symbol\": \"ICP\", \"price\": 12.34, \"ts\": " + (1_700_000_000 + i) + " }";
				return new MockResponse.Builder().addHeader("Content-Type", "application/json").addHeader("X-Request-Id", "req-" + i)
						.body(body).build();
			}
		});
	}

	@AfterEach
	void stop() {
		server.close();
	}

	private OutcallResult call(Subnet subnet, Transform transform, PerturbationPlan plan) {
		HttpRequestArgs args = HttpRequestArgs.get(server.url("/price").toString()).transform(transform).cycles(100_000_000_000L).build();
		return subnet.httpRequest(args, plan);
	}

	@Test
	void droppingHeadersAndTheTimestampAndCanonicalisingConvergesOnAllThirteen() {
		Transform t = Transform.of("transform", Transforms.compose(Transforms.dropAllHeaders(), Transforms.dropJson("/ts"),
				Transforms.canonicalJson()));
		try (Subnet subnet = Subnet.builder().replicas(13).seed(5).build()) {
			OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, call(subnet, t,
					PerturbationPlan.on(Replicas.random(4), Perturbation.jitterJson("/price"), Perturbation.changeJsonWhitespace())
							.and(Replicas.random(3), Perturbation.reorderJsonFields())));
			// The 4 replicas whose price drifted differ; the other 9 are exactly the threshold.
			assertEquals(9, reply.agreement());
			assertEquals("{\"price\":12.34,\"symbol\":\"ICP\"}", reply.response().bodyText());

			OutcallResult.Reply all = assertInstanceOf(OutcallResult.Reply.class, call(subnet, t, PerturbationPlan.none()));
			assertEquals(13, all.agreement());
		}
	}

	@Test
	void withoutCanonicalisingTheFieldOrderStillDiverges() {
		Transform t = Transform.of("transform", Transforms.compose(Transforms.dropAllHeaders(), Transforms.dropJson("/ts")));
		try (Subnet subnet = Subnet.builder().replicas(13).seed(5).build()) {
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, call(subnet, t, PerturbationPlan.none()));
			assertEquals(RejectCode.SYS_TRANSIENT, reject.code());
			assertEquals(Decision.DIVERGED, reject.trace().consensus().decision());
		}
	}

	@Test
	void extractJsonOfAnAbsentValueIsAnAgreedCanisterReject() {
		Transform t = Transform.of("transform", Transforms.extractJson("/volume"));
		try (Subnet subnet = Subnet.builder().replicas(4).seed(5).build()) {
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, call(subnet, t, PerturbationPlan.none()));
			assertEquals(RejectCode.CANISTER_REJECT, reject.code());
			assertEquals("extractJson: the response has no JSON value at /volume", reject.message());
			assertEquals(Decision.AGREED, reject.trace().consensus().decision());
		}
	}
}
