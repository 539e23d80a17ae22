package io.github.subnetsim.assertions;

import static io.github.subnetsim.assertions.TransformMatchers.convergesUnder;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.transform.Transforms;

/** convergesUnder on real subnets: the matcher serves a sample itself, or uses the caller's server and subnet. */
class ConvergenceMatcherTest {

	private static final HttpResponse SAMPLE = HttpResponse.of(200, List.of(HttpHeader.of("Content-Type", "application/json"),
			HttpHeader.of("X-Request-Id", "req-1")), "{\"price\":1.5,\"ts\":1700000000}");

	private static final PerturbationPlan VOLATILE = PerturbationPlan.on(Replicas.all(), Perturbation.jitterHeader("x-request-id"),
			Perturbation.jitterJson("/ts"));

	@Test
	void aTransformThatDropsWhatVariesConverges() {
		assertThat(Transforms.compose(Transforms.dropHeaders("x-request-id"), Transforms.dropJson("/ts")),
				convergesUnder(VOLATILE).serving(SAMPLE));
		assertThat(Transform.of("transform", Transforms.compose(Transforms.dropAllHeaders(), Transforms.extractJson("/price"))),
				convergesUnder(VOLATILE).serving(SAMPLE).replicas(4).seed(9));
	}

	@Test
	void aTransformThatKeepsAVaryingFieldFailsWithTheReportAndTheFix() {
		AssertionFailedError e = assertThrows(AssertionFailedError.class,
				() -> OutcallAssertions.assertThat(Transforms.dropHeaders("x-request-id"), convergesUnder(VOLATILE).serving(SAMPLE)));
		String m = e.getMessage();
		assertTrue(m.startsWith("Transforms.dropHeaders(\"x-request-id\") does not converge under all replicas: "
				+ "[JitterHeader[name=x-request-id], JitterJson[pointer=/ts]]: 12 replicas signed another transformed response, which varies in /ts. "
				+ "Fix: add the transform below.\nExpected: all 13 sign the unperturbed response\nActual:   12 of 13 signed another response\n"), m);
		assertTrue(m.contains("\nDetails:\n  SysTransient (2): No consensus could be reached."), m);
		assertTrue(m.contains("\nFix: add this transform:\n  Transforms.dropJson(\"/ts\")\n"), m);

		AssertionError hamcrest = assertThrows(AssertionError.class,
				() -> assertThat(Transforms.dropHeaders("x-request-id"), convergesUnder(VOLATILE).serving(SAMPLE)));
		assertTrue(hamcrest.getMessage().contains("Expected: a transform that converges under all replicas: "), hamcrest.getMessage());
		assertTrue(hamcrest.getMessage().contains("Transforms.dropJson(\"/ts\")"), hamcrest.getMessage());
	}

	@Test
	void agreeingOnSomethingElseThanTheUnperturbedResponseIsNotConvergence() {
		PerturbationPlan everyone = PerturbationPlan.on(Replicas.all(), Perturbation.setHeader("x-cache", "HIT"));
		AssertionFailedError e = assertThrows(AssertionFailedError.class,
				() -> OutcallAssertions.assertThat(Transforms.keepHeaders("x-cache"), convergesUnder(everyone).serving(SAMPLE).replicas(4)));
		assertTrue(e.getMessage().contains(": every replica agreed on another response than without perturbations.\n"), e.getMessage());
		assertEquals("status 200, no headers\nbody (29 bytes): {\\\"price\\\":1.5,\\\"ts\\\":1700000000}", e.getExpected().getValue());
		assertEquals("status 200\nx-cache: HIT\nbody (29 bytes): {\\\"price\\\":1.5,\\\"ts\\\":1700000000}", e.getActual().getValue());
	}

	@Test
	void itCanUseTheCallersServerAndSubnetAndLeavesTheSubnetOpen() {
		try (MockWebServer server = PriceServer.start(); Subnet subnet = Subnet.builder().replicas(7).seed(3).build()) {
			String url = server.url("/price").toString();
			assertThat(Transforms.compose(Transforms.dropAllHeaders(), Transforms.dropJson("/data/ts")), convergesUnder(PerturbationPlan.none())
					.against(url).on(subnet));
			assertThat(Transforms.dropAllHeaders(), not(convergesUnder(PerturbationPlan.none()).against(url).on(subnet)));
			OutcallResult still = subnet.httpRequest(HttpRequestArgs.get(url).cycles(100_000_000_000L).build());
			assertTrue(still.trace().replicas().size() == 7, "the subnet is still open");
		}
	}

	@Test
	void somethingThatIsNotATransformDoesNotMatchAndAMissingSourceIsAnError() {
		assertThat("not a transform", not(convergesUnder(VOLATILE).serving(SAMPLE)));
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> convergesUnder(VOLATILE).matches(Transforms.dropAllHeaders()));
		assertEquals("say what the replicas fetch: convergesUnder(plan).serving(response) or .against(url)", e.getMessage());
		assertInstanceOf(ConvergenceMatcher.class, convergesUnder(PerturbationPlan.none()).seed(1).replicas(2));
	}
}
