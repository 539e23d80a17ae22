package io.github.subnetsim.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import io.github.subnetsim.FlexibleOutcallResult;
import io.github.subnetsim.FlexibleReplication;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.junit.SimulatedSubnet;
import io.github.subnetsim.profile.ReplicaProfile;

/** The short snippets the docs show, compiled and run. */
@SimulatedSubnet(seed = 5)
class DocsExamplesTest {

	private static void serveOk(MockWebServer server) {
		server.setDispatcher(new mockwebserver3.Dispatcher() {
			@Override
			public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
				return new MockResponse.Builder().body("{\"ok\":true}").build();
			}
		});
	}

	@Test
	void profiles() {
		// tag::profiles[]
		try (Subnet documented = Subnet.builder().profile(ReplicaProfile.SEED_DOCUMENTED).build();  // the default
				Subnet today = Subnet.builder().profile(ReplicaProfile.CURRENT_REPLICA).build()) {
			HttpRequestArgs args = HttpRequestArgs.get("https://example.com").build();  // max_response_bytes unset
			assertEquals(21_859_619_600L, documented.cost(args).total());  // 13·(3_780_000 + 400·19 + 800·2_097_152)
			assertEquals(20_849_238_800L, today.cost(args).total());       // (3_000_000 + 60_000·13 + 400·19 + 800·2_000_000)·13
		}
		// end::profiles[]
	}

	@Test
	void costOnEveryResult(Subnet subnet, MockWebServer server) {
		serveOk(server);
		HttpRequestArgs args = HttpRequestArgs.get(server.url("/").toString()).maxResponseBytes(1_000L).cycles(1_000_000_000L).build();
		// tag::cost[]
		OutcallResult result = subnet.httpRequest(args);
		long charged = result.cost().total();      // what was charged
		long refund = result.refund();             // attached − charged, whatever the outcome
		String breakdown = result.cost().describe(); // base, request bytes, response bytes, n
		long upFront = subnet.cost(args).total();  // like ic0.cost_http_request
		// end::cost[]
		assertEquals(1_000_000_000L - charged, refund);
		assertEquals(upFront, charged);
		assertTrue(breakdown.startsWith(io.github.subnetsim.internal.text.RejectTexts.underscores(charged) + " cycles (v1 legacy"), breakdown);
	}

	@Test
	void modes(Subnet subnet, MockWebServer server) {
		serveOk(server);
		String url = server.url("/orders").toString();
		long c = 1_000_000_000_000L;
		// tag::modes[]
		OutcallResult once = subnet.httpRequest(HttpRequestArgs.post(url, "{\"item\":1}").nonReplicated().cycles(c).build());
		FlexibleOutcallResult some = subnet.flexibleHttpRequest(HttpRequestArgs.get(url).cycles(c).build(), FlexibleReplication.builder().minResponses(2).maxResponses(3).totalRequests(3).build());
		// end::modes[]
		assertInstanceOf(OutcallResult.Reply.class, once);
		// delivered as soon as min_responses (2) are in (dfinity/ic payload_builder/utils.rs find_flexible_result)
		assertEquals(2, assertInstanceOf(FlexibleOutcallResult.Responses.class, some).responses().size());
		assertEquals(1 + 3, server.getRequestCount());
	}
}
