package io.github.subnetsim.assertions;

import static io.github.subnetsim.assertions.FlexibleMatchers.deliversResponses;
import static io.github.subnetsim.assertions.OutcallMatchers.reachesConsensus;
import static io.github.subnetsim.assertions.OutcallMatchers.repliesWith;
import static io.github.subnetsim.assertions.ResponseMatchers.header;
import static io.github.subnetsim.assertions.ResponseMatchers.jsonAt;
import static io.github.subnetsim.assertions.TransformMatchers.convergesUnder;
import static io.github.subnetsim.assertions.idempotency.LedgerMatchers.appliedExactlyOnce;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.hamcrest.Matcher;
import org.hamcrest.MatcherAssert;
import org.hamcrest.StringDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.FlexibleOutcallResult;
import io.github.subnetsim.FlexibleReplication;
import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.idempotency.IdempotencyLedger;
import io.github.subnetsim.idempotency.LedgerRequest;
import io.github.subnetsim.idempotency.ReplicaSources;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.transform.Transforms;

/**
 * One failing case per matcher family through {@link OutcallAssertions#assertThat}: an opentest4j error with
 * expected and actual defined (what an IDE diffs), and the first line of the one layout.
 */
class MatcherFailureLayoutTest {

	private static final long CYCLES = 100_000_000_000L;
	private static MockWebServer prices;
	private static OutcallResult diverged;
	private static OutcallResult agreed;

	@BeforeAll
	static void outcalls() {
		prices = PriceServer.start();
		try (Subnet subnet = Subnet.builder().replicas(13).seed(42).build()) {
			diverged = subnet.httpRequest(HttpRequestArgs.get(prices.url("/price").toString()).cycles(CYCLES).build());
			agreed = subnet.httpRequest(HttpRequestArgs.get(prices.url("/price").toString()).cycles(CYCLES)
					.transform(Transform.of("transform", Transforms.compose(Transforms.dropHeaders("x-request-id"), Transforms.dropJson("/data/ts"))))
					.build());
		}
	}

	@AfterAll
	static void stop() {
		prices.close();
	}

	private static <T> AssertionFailedError failure(T actual, Matcher<? super T> matcher) {
		AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertThat(actual, matcher));
		assertTrue(e.isExpectedDefined() && e.isActualDefined(), "expected and actual for the IDE: " + e.getMessage());
		List<String> lines = e.getMessage().lines().toList();
		assertTrue(lines.get(1).startsWith("Expected: ") && lines.get(2).startsWith("Actual:   "), e.getMessage());
		return e;
	}

	private static String firstLine(AssertionFailedError e) {
		return e.getMessage().lines().findFirst().orElseThrow();
	}

	@Test
	void outcall() {
		AssertionFailedError e = failure(diverged, reachesConsensus());
		assertEquals("agreed by ≥ 9 of 13", e.getExpected().getValue());
		assertEquals("13 distinct responses", e.getActual().getValue());
		assertEquals("No consensus: the replicas' responses vary in x-request-id, /data/ts (13 distinct responses, 9 of 13 must agree). "
				+ "Fix: add the transform below.", firstLine(e));
	}

	@Test
	void responseJsonAtComparesJsonValues() {
		AssertionFailedError e = failure(agreed, repliesWith(jsonAt("/data/price", is(12.35))));
		assertEquals("12.35", e.getExpected().getValue());
		assertEquals("12.34", e.getActual().getValue());
		assertEquals("The JSON value at /data/price is 12.34, expected 12.35.", firstLine(e));
		assertTrue(e.getMessage().endsWith("\nSeed: 42 (replay with Subnet.builder().seed(42))"), e.getMessage());

		AssertionFailedError symbol = failure(((OutcallResult.Reply) agreed).response(), jsonAt("/symbol", is("BTC")));
		assertEquals("\"BTC\"", symbol.getExpected().getValue());
		assertEquals("\"ICP\"", symbol.getActual().getValue());
		assertEquals("The JSON value at /symbol is \"ICP\", expected \"BTC\".", firstLine(symbol));

		AssertionFailedError missing = failure(((OutcallResult.Reply) agreed).response(), header("x-cache", "HIT"));
		assertEquals("HIT", missing.getExpected().getValue());
		assertEquals(null, missing.getActual().getValue());
		assertEquals("The response has no header x-cache, expected \"HIT\".", firstLine(missing));
	}

	@Test
	void flexible() {
		try (MockWebServer steady = PriceServer.steady("{\"price\":1}");
				Subnet subnet = Subnet.builder().replicas(13).seed(77).profile(io.github.subnetsim.profile.ReplicaProfile.CURRENT_REPLICA).build()) {
			FlexibleOutcallResult r = subnet.flexibleHttpRequest(HttpRequestArgs.get(steady.url("/").toString()).cycles(1_000_000_000_000L).build(),
					new FlexibleReplication(3, 3, 5));
			AssertionFailedError e = failure(r, deliversResponses(5));
			assertEquals(5, e.getExpected().getValue());
			assertEquals(3, e.getActual().getValue());
			assertEquals("Delivered 3 responses, expected 5.", firstLine(e));
			assertTrue(e.getMessage().contains("\nExpected: 5 responses\nActual:   3 responses\nDetails:\n  from replicas ["), e.getMessage());
			assertTrue(e.getMessage().endsWith("\nSeed: 77 (replay with Subnet.builder().seed(77))"), e.getMessage());
		}
	}

	@Test
	void ledger() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		for (int r = 0; r < 13; r++) {
			ledger.handle(LedgerRequest.builder("POST", "/orders").source(ReplicaSources.address(r)).body("{}".getBytes(StandardCharsets.UTF_8)).build(),
					x -> HttpResponse.of(201, List.of(), "{\"order\":1}"));
		}
		AssertionFailedError e = failure(ledger, appliedExactlyOnce());
		assertEquals("applied once", e.getExpected().getValue());
		assertEquals("applied 13 times", e.getActual().getValue());
		assertEquals("POST applied 13 times; expected once. Send an Idempotency-Key header that is the same on every replica, or use a "
				+ "non-replicated request.", firstLine(e));
		assertTrue(e.getMessage().contains("\nActual:   applied 13 times\nExpecting the server to apply the POST once, but it applied it 13 times:\n"
				+ "  no Idempotency-Key: applied 13 times"), e.getMessage());
	}

	@Test
	void convergence() {
		HttpResponse sample = HttpResponse.of(200, List.of(HttpHeader.of("X-Request-Id", "req-1")), "{\"price\":1.5,\"ts\":1700000000}");
		PerturbationPlan plan = PerturbationPlan.on(Replicas.all(), Perturbation.jitterJson("/ts"));
		AssertionFailedError e = failure(Transforms.dropAllHeaders(), convergesUnder(plan).serving(sample).replicas(4));
		assertEquals("all 4 sign the unperturbed response", e.getExpected().getValue());
		assertEquals("3 of 4 signed another response", e.getActual().getValue()); // outside the largest group
		assertTrue(firstLine(e).matches("Transforms\\.dropAllHeaders\\(\\) does not converge under all replicas: \\[JitterJson\\[pointer=/ts]]: "
				+ "\\d replicas signed another transformed response, which varies in /ts\\. Fix: add the transform below\\."), firstLine(e));
	}

	@Test
	void anAgreedRejectIsConsensusButSaysItIsNotAResponse() {
		try (MockWebServer steady = PriceServer.steady("{\"price\":1}"); Subnet subnet = Subnet.builder().replicas(4).seed(1).build()) {
			OutcallResult reject = subnet.httpRequest(HttpRequestArgs.get(steady.url("/").toString()).maxResponseBytes(10).cycles(CYCLES).build());
			Matcher<OutcallResult> consensus = reachesConsensus();
			MatcherAssert.assertThat(reject, consensus); // unchanged: every replica hit the same limit, and that is consensus
			assertEquals("an outcall to reach consensus (on a response, or on a reject every replica agreed on)", StringDescription.toString(consensus));
			StringDescription mismatch = new StringDescription();
			consensus.describeMismatch(reject, mismatch);
			assertEquals("consensus on a reject (SysFatal 1: Header size exceeds specified response size limit 10), not a response: use "
					+ "repliesWith(...) to require a response", mismatch.toString());

			AssertionFailedError e = failure(reject, repliesWith(jsonAt("/price", is(1))));
			assertEquals("Consensus on a reject (SysFatal 1: Header size exceeds specified response size limit 10), not a response.", firstLine(e));
			assertEquals("consensus on a reject: SysFatal (1)", e.getActual().getValue());
		}
	}
}
