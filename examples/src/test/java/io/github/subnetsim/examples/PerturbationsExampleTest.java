package io.github.subnetsim.examples;

import static io.github.subnetsim.assertions.OutcallMatchers.agreedBy;
import static io.github.subnetsim.assertions.OutcallMatchers.diverges;
import static io.github.subnetsim.assertions.OutcallMatchers.rejectedWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.junit.SimulatedSubnet;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.transform.Transforms;

/**
 * Perturbations: make replicas see different things, on purpose and reproducibly. Even a perfectly stable server
 * can be used to test a transform against the variation real APIs and real networks produce.
 */
@SimulatedSubnet(seed = 11)
class PerturbationsExampleTest {

	private static HttpRequestArgs quote(MockWebServer server, Transform t) {
		return HttpRequestArgs.get(server.url("/quote").toString()).maxResponseBytes(2_000L).transform(t).cycles(100_000_000_000L).build();
	}

	private static void stableServer(MockWebServer server) {
		server.setDispatcher(new mockwebserver3.Dispatcher() {
			@Override
			public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
				return new MockResponse.Builder().addHeader("Content-Type", "application/json")
						.body("{\"price\":12.34,\"ts\":1700000000,\"id\":\"a1b2c3\"}").build();
			}
		});
	}

	@Test
	void aTransformMustSurviveWhatVaries(Subnet subnet, MockWebServer server) {
		stableServer(server);
		// tag::volatile[]
		PerturbationPlan likeARealApi = PerturbationPlan
				.on(Replicas.all(), Perturbation.jitterHeader("date"), Perturbation.jitterJson("/ts"), Perturbation.jitterJson("/id"))
				.and(Replicas.random(4), Perturbation.reorderJsonFields());

		Transform naive = Transform.of("transform", Transforms.dropHeaders("date"));
		Transform robust = Transform.of("transform", Transforms.compose(Transforms.dropAllHeaders(), Transforms.dropJson("/ts", "/id"),
				Transforms.canonicalJson()));

		assertThat(subnet.httpRequest(quote(server, naive), likeARealApi), diverges());
		assertThat(subnet.httpRequest(quote(server, robust), likeARealApi), agreedBy(13));
		// end::volatile[]
	}

	@Test
	void faultyAndSlowReplicas(Subnet subnet, MockWebServer server) {
		stableServer(server);
		Transform t = Transform.of("transform", Transforms.dropAllHeaders());
		// tag::faulty[]
		// Up to f = 4 of 13 replicas may lie: the honest answer still wins.
		OutcallResult tolerated = subnet.httpRequest(quote(server, t),
				PerturbationPlan.on(Replicas.upToFaulty(), Perturbation.replaceBody("{\"price\":0}")));
		assertThat(tolerated, agreedBy(9));

		// Past the adapter's 30 s every replica times out, in virtual time: the test does not wait.
		OutcallResult slow = subnet.httpRequest(quote(server, t),
				PerturbationPlan.on(Replicas.all(), Perturbation.latency(Duration.ofSeconds(31))));
		assertThat(slow, rejectedWith(RejectCode.SYS_FATAL, "Timeout expired"));
		// end::faulty[]
		assertEquals(26, server.getRequestCount());
	}
}
