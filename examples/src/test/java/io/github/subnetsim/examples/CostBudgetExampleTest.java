package io.github.subnetsim.examples;

import static io.github.subnetsim.assertions.OutcallMatchers.costsAtMost;
import static io.github.subnetsim.assertions.OutcallMatchers.costsExactly;
import static io.github.subnetsim.assertions.OutcallMatchers.refundIs;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.junit.SimulatedSubnet;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.transform.Transforms;

/**
 * Example 4: a cycles budget for an outcall.
 *
 * <p>An outcall's fee depends on the subnet size, the request's bytes (URL, headers, body, transform name and context)
 * and {@code max_response_bytes}. A test that pins the budget fails the build when a change makes the call dearer:
 * a longer URL, an extra header, a larger {@code max_response_bytes}.
 */
@SimulatedSubnet(seed = 1, profile = ReplicaProfile.CURRENT_REPLICA)
class CostBudgetExampleTest {

	/** What the canister's team agreed an exchange-rate call may cost on a 13-node subnet. */
	static final long BUDGET = 60_000_000L;

	private static HttpRequestArgs.Builder priceCall(MockWebServer server) {
		return HttpRequestArgs.get(server.url("/v1/price").toString())
				.maxResponseBytes(1_000L)
				.transform(Transform.of("transform", Transforms.compose(Transforms.dropAllHeaders(), Transforms.extractJson("/price"))))
				.cycles(BUDGET);
	}

	@Test
	void thePriceCallStaysWithinItsBudget(Subnet subnet, MockWebServer server) {
		server.enqueue(new MockResponse.Builder().body("{\"price\":\"1.23\"}").build());
		for (int i = 1; i < 13; i++) {
			server.enqueue(new MockResponse.Builder().body("{\"price\":\"1.23\"}").build());
		}
		// tag::budget[]
		OutcallResult result = subnet.httpRequest(priceCall(server).build());

		assertThat(result, costsAtMost(BUDGET));
		// (3_000_000 + 60_000·13 + 400·request + 800·1_000)·13, request = URL + "transform" (docs/cost.md)
		long request = server.url("/v1/price").toString().length() + "transform".length();
		assertThat(result, costsExactly((3_000_000 + 60_000L * 13 + 400 * request + 800 * 1_000L) * 13));
		assertThat(result, refundIs(BUDGET - result.cost().total()));
		// end::budget[]
	}

	@Test
	void aDearerChangeBreaksTheBudget(Subnet subnet, MockWebServer server) {
		for (int i = 0; i < 13; i++) {
			server.enqueue(new MockResponse.Builder().body("{\"price\":\"1.23\"}").build());
		}
		// Someone raises max_response_bytes "to be safe": 4,000 more response bytes cost 800·13 = 10,400 cycles each.
		HttpRequestArgs dearer = priceCall(server).maxResponseBytes(5_000L).cycles(1_000_000_000L).build();
		OutcallResult result = subnet.httpRequest(dearer);

		AssertionError failure = assertThrows(AssertionError.class, () -> assertThat(result, costsAtMost(BUDGET)));
		assertTrue(failure.getMessage().contains("60_000_000"), failure.getMessage());
		long before = subnet.cost(priceCall(server).build()).total();
		assertEquals(before + 4_000 * 10_400L, result.cost().total(), result.cost().describe());
	}
}
