package io.github.subnetsim.assertions;

import static io.github.subnetsim.assertions.OutcallMatchers.agreedBy;
import static io.github.subnetsim.assertions.OutcallMatchers.costsAtMost;
import static io.github.subnetsim.assertions.OutcallMatchers.costsExactly;
import static io.github.subnetsim.assertions.OutcallMatchers.diverges;
import static io.github.subnetsim.assertions.OutcallMatchers.reachesConsensus;
import static io.github.subnetsim.assertions.OutcallMatchers.refundIs;
import static io.github.subnetsim.assertions.OutcallMatchers.rejectedWith;
import static io.github.subnetsim.assertions.OutcallMatchers.repliesWith;
import static io.github.subnetsim.assertions.ResponseMatchers.body;
import static io.github.subnetsim.assertions.ResponseMatchers.header;
import static io.github.subnetsim.assertions.ResponseMatchers.jsonAt;
import static io.github.subnetsim.assertions.ResponseMatchers.status;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.transform.Transforms;

/** The outcall matchers on real outcalls: each one passing, and each one failing with the message it owes. */
class OutcallMatchersTest {

	private static final long CYCLES = 100_000_000_000L;
	private static MockWebServer prices;
	private static MockWebServer steady;
	private static OutcallResult diverged;
	private static OutcallResult agreed;

	@BeforeAll
	static void outcalls() {
		prices = PriceServer.start();
		steady = PriceServer.steady("{\"price\":12.34}");
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
		steady.close();
	}

	@Test
	void reachesConsensusFailsWithTheRejectTheGroupsTheDifferencesAndASuggestedTransform() {
		AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertThat(diverged, reachesConsensus()));
		String m = e.getMessage();
		assertTrue(m.startsWith("No consensus: the replicas' responses vary in x-request-id, /data/ts (13 distinct responses, 9 of 13 must agree). "
				+ "Fix: add the transform below.\nExpected: agreed by ≥ 9 of 13\nActual:   13 distinct responses\n"), m);
		assertTrue(m.contains("\nDetails:\n"
				+ "  SysTransient (2): No consensus could be reached. Replicas had different responses. Details: request_id: 0, hashes: ["), m);
		assertTrue(m.contains("\nReplicas grouped by transformed response (threshold 9 of 13):\n  group A (1 replica: "), m);
		assertTrue(m.contains("\nDifferences from group A:\n  group B (replica "), m);
		assertTrue(m.matches("(?s).*\n    header x-request-id: \"req-\\d+\" -> \"req-\\d+\"\n    body /data/ts: 17000000\\d\\d -> 17000000\\d\\d\n.*"), m);
		assertTrue(m.contains("\nFix: add this transform:\n  Transforms.compose(Transforms.dropHeaders(\"x-request-id\"), Transforms.dropJson(\"/data/ts\"))\n"), m);
		assertTrue(m.endsWith("\nSeed: 42 (replay with Subnet.builder().seed(42))"), m);
	}

	@Test
	void hamcrestsOwnAssertThatCarriesTheSameReport() {
		AssertionError e = assertThrows(AssertionError.class, () -> assertThat(diverged, reachesConsensus()));
		assertTrue(e.getMessage().contains("Expected: an outcall to reach consensus (on a response, or on a reject every replica agreed on)\n"
				+ "     but: No consensus: the replicas' responses vary in "), e.getMessage());
		assertTrue(e.getMessage().contains("\nDetails:\n  SysTransient (2): No consensus"), e.getMessage());
		assertTrue(e.getMessage().contains("Fix: add this transform:\n  Transforms.compose("), e.getMessage());
	}

	@Test
	void theAgreedOutcallMatchesWhatItShould() {
		assertThat(agreed, reachesConsensus());
		assertThat(agreed, agreedBy(13));
		assertThat(agreed, not(diverges()));
		assertThat(agreed, repliesWith(allOf(status(200), header("content-type", startsWith("application/json")),
				jsonAt("/data/price", closeTo(12.34, 1e-9)), jsonAt("/symbol", is("ICP")), body("{\"symbol\":\"ICP\",\"data\":{\"price\":12.34}}"))));
		assertThat(diverged, diverges());
		assertThat(diverged, not(reachesConsensus()));
		assertThat(diverged, rejectedWith(RejectCode.SYS_TRANSIENT, startsWith("No consensus could be reached.")));
	}

	@Test
	void comparisonsGiveTheIdeExpectedAndActual() {
		AssertionFailedError status = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertThat(agreed, repliesWith(status(201))));
		assertEquals(201, status.getExpected().getValue());
		assertEquals(200, status.getActual().getValue());
		assertTrue(status.getMessage().startsWith("The status was 200, expected 201.\nExpected: status 201\nActual:   status 200\n"),
				status.getMessage());
		assertTrue(status.getMessage().contains("\nDetails:\n  status 200\n"), status.getMessage());

		AssertionFailedError agreement = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertAgreedBy(agreed, 9));
		assertEquals(9, agreement.getExpected().getValue());
		assertEquals(13, agreement.getActual().getValue());
		assertTrue(agreement.getMessage().startsWith("Agreed by 13 replicas, expected exactly 9.\nExpected: agreed by 9 replicas\n"
				+ "Actual:   agreed by 13 replicas\n"), agreement.getMessage());
		assertTrue(agreement.getMessage().contains("Every replica that signed produced the same transformed response."), agreement.getMessage());
	}

	@Test
	void anAgreedOutcallIsNotADivergence() {
		AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertDiverged(agreed));
		assertTrue(e.getMessage().startsWith("Did not diverge: the replicas agreed on a response (13 of 13).\nExpected: no 9 of 13 agree\n"
				+ "Actual:   agreed by 13 of 13\n"), e.getMessage());
		assertTrue(e.getMessage().contains("\nDetails:\n  status 200\n"), e.getMessage());
	}

	@Test
	void costAndRefundAreCheckedAgainstTheSeedProfilesFormula() {
		// dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md, seed profile: n·(3,780,000 + 400·request + 800·response), response = 2,097,152 when unset.
		String url = steady.url("/p").toString();
		long request = url.length();
		long expected = 13 * (3_780_000L + 400 * request + 800 * 2_097_152L);
		try (Subnet subnet = Subnet.builder().replicas(13).seed(1).build()) {
			OutcallResult r = subnet.httpRequest(HttpRequestArgs.get(url).cycles(CYCLES).build());
			assertThat(r, costsExactly(expected));
			assertThat(r, costsAtMost(expected));
			assertThat(r, refundIs(CYCLES - expected));
			OutcallAssertions.assertCost(r, expected);
			OutcallAssertions.assertRefund(r, CYCLES - expected);

			AssertionFailedError wrong = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertCost(r, expected - 1));
			assertEquals(expected - 1, wrong.getExpected().getValue());
			assertEquals(expected, wrong.getActual().getValue());
			assertTrue(wrong.getMessage().startsWith("The outcall cost " + grouped(expected) + " cycles (+1 from the expected " + grouped(expected - 1)
					+ ").\nExpected: " + grouped(expected - 1) + " cycles\nActual:   " + grouped(expected) + " cycles\n"), wrong.getMessage());
			assertTrue(wrong.getMessage().contains("\nDetails:\n  " + grouped(expected) + " cycles (v1 legacy"), wrong.getMessage());
			AssertionFailedError atMost = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertCostAtMost(r, 1_000));
			assertTrue(atMost.getMessage().startsWith("The outcall cost " + grouped(expected) + " cycles, " + grouped(expected - 1_000)
					+ " over the limit of 1_000.\nExpected: at most 1_000 cycles\n"), atMost.getMessage());
			AssertionFailedError refund = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertRefund(r, 0));
			assertEquals(CYCLES - expected, refund.getActual().getValue());
		}
	}

	static String grouped(long v) {
		return String.format(java.util.Locale.ROOT, "%,d", v).replace(',', '_');
	}

	@Test
	void rejectedWithComparesCodeAndMessage() {
		try (Subnet subnet = Subnet.builder().replicas(4).seed(1).build()) {
			OutcallResult r = subnet.httpRequest(HttpRequestArgs.get(steady.url("/").toString()).maxResponseBytes(10).cycles(CYCLES).build());
			// The headers alone (content-type + content-length) are over 10 bytes: dfinity/ic rs/https_outcalls/client/src/client.rs (validate_response, transform_adapter_response); docs/limits-and-profiles.md
			OutcallAssertions.assertRejected(r, RejectCode.SYS_FATAL, "Header size exceeds specified response size limit 10");
			assertThat(r, reachesConsensus()); // every replica hit the same limit: an agreed reject

			AssertionFailedError e = assertThrows(AssertionFailedError.class,
					() -> OutcallAssertions.assertRejected(r, RejectCode.SYS_FATAL, "Http body exceeds size limit of 10 bytes."));
			assertEquals("SysFatal (1): Http body exceeds size limit of 10 bytes.", e.getExpected().getValue());
			assertEquals("SysFatal (1): Header size exceeds specified response size limit 10", e.getActual().getValue());
			assertTrue(e.getMessage().contains("Every replica that signed produced the same transformed response."), e.getMessage());

			AssertionError code = assertThrows(AssertionError.class, () -> assertThat(r, rejectedWith(RejectCode.SYS_TRANSIENT, containsString("Header"))));
			assertTrue(code.getMessage().contains("but: Rejected with SysFatal (1), expected SysTransient (2).\n"), code.getMessage());
			assertTrue(code.getMessage().contains("\nDetails:\n  SysFatal (1): Header size exceeds"), code.getMessage());
		}
	}

	@Test
	void aValidationRejectSaysNoReplicaMadeTheRequest() {
		try (Subnet subnet = Subnet.builder().replicas(13).build()) {
			OutcallResult r = subnet.httpRequest(HttpRequestArgs.get(steady.url("/").toString()).cycles(0).build());
			AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertAgreed(r));
			assertTrue(e.getMessage().startsWith("Rejected before any replica made the request: CanisterReject (4): http_request request sent "
					+ "with 0 cycles, but "), e.getMessage());
			assertTrue(e.getMessage().contains("\nExpected: an agreed response\nActual:   rejected before any request: CanisterReject (4)\n"),
					e.getMessage());
			assertTrue(e.getMessage().contains("\nNo replica made the request: the outcall ended at charge.\nSeed: 0"), e.getMessage());
		}
	}

	@Test
	void aSilentMajorityTimesOutAndSaysWhoWasSilent() {
		try (Subnet subnet = Subnet.builder().replicas(4).seed(2).build()) {
			OutcallResult r = subnet.httpRequest(HttpRequestArgs.get(steady.url("/").toString()).cycles(CYCLES).build(),
					PerturbationPlan.on(Replicas.of(1, 2), Perturbation.silent()));
			AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertThat(r, reachesConsensus()));
			assertTrue(e.getMessage().startsWith("No consensus in time: at most 2 of 4 replicas signed the same result, 3 must agree; "
					+ "2 replicas stayed silent (1, 2).\nExpected: agreed by ≥ 3 of 4\nActual:   timed out, at most 2 of 4 alike\n"), e.getMessage());
			assertTrue(e.getMessage().contains("\nDetails:\n  SysTransient (2): Canister http request timed out"), e.getMessage());
			assertTrue(e.getMessage().contains("\n  group A (2 replicas: 0, 3)  hash "), e.getMessage());
			assertTrue(e.getMessage().contains("\n  silent (2 replicas: 1, 2)"), e.getMessage());
		}
	}

	@Test
	void anyOtherMatcherFailsWithExpectingToMatchBut() {
		AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertThat(List.of(1), is(List.of(2))));
		assertEquals("Expecting:\n  [1]\nto match:\n  is <[2]>\nbut:\n  was <[1]>", e.getMessage());
	}
}
