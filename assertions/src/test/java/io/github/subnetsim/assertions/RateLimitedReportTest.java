package io.github.subnetsim.assertions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.server.MockServers;
import io.github.subnetsim.server.RateLimit;
import io.github.subnetsim.trace.ReplicaTrace;

/**
 * The divergence report of an API with a rate limit of 5 requests per address per second, called by 13 replicas of
 * today's replica through the subnet's two SOCKS proxies (docs/network.md): it names the rate-limited replicas, exactly
 * those the trace shows answered 429, and the two addresses the server saw.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RateLimitedReportTest {

	@Test
	void theReportNamesTheRateLimitedReplicasAndTheAddressesTheServerSaw() throws Exception {
		try (MockWebServer server = MockServers.startTlsIpv4Only();
				// Seed 9: 2 replicas through one proxy, 11 through the other, so 6 are over the quota (more than f = 4).
				Subnet subnet = Subnet.builder().profile(ReplicaProfile.CURRENT_REPLICA).seed(9).build()) {
			RateLimit limit = RateLimit.perAddress(5, Duration.ofSeconds(1));
			server.setDispatcher(limit.wrap(server, new Dispatcher() {
				@Override
				public MockResponse dispatch(RecordedRequest request) {
					return new MockResponse.Builder().addHeader("content-type", "application/json").body("{\"rate\":1.25}").build();
				}
			}));
			OutcallResult result = subnet.httpRequest(HttpRequestArgs.get(server.url("/rate").toString()).cycles(100_000_000_000L).build());
			DivergenceReport report = DivergenceReport.of(result);
			assertTrue(report.diverged());
			List<Integer> limited = new ArrayList<>();
			for (ReplicaTrace r : result.trace().replicas()) {
				if (r.status() == 429) {
					limited.add(r.replica());
				}
			}
			assertEquals(6, limited.size());
			assertEquals(limited, report.rateLimitedReplicas());
			String text = report.render();
			assertTrue(text.contains("Rate limited (429 Too Many Requests): replicas " + Text.ranges(limited) + ". "), text);
			assertTrue(text.contains("The server saw 2 addresses for 13 replicas:\n  127.255.0.1 (replica"), text);
			Map<String, List<Integer>> seen = result.trace().serverAddresses();
			for (Map.Entry<String, List<Integer>> e : seen.entrySet()) {
				assertTrue(text.contains("  " + e.getKey() + " (" + (e.getValue().size() == 1 ? "replica " : "replicas ") + Text.ranges(e.getValue()) + ")"),
						text);
			}
			JsonNode json = new ObjectMapper().readTree(report.toJson());
			assertEquals(6, json.get("rateLimitedReplicas").size());
			assertEquals(2, json.get("serverAddresses").size());
			// The probe prints this block on its own: it is the report's, whole, and starts with the addresses.
			assertTrue(text.contains(report.renderNetwork()), text);
			assertTrue(report.renderNetwork().startsWith("The server saw 2 addresses for 13 replicas:"), report.renderNetwork());
		}
	}

	@Test
	void anOrdinaryOutcallKeepsItsReportLayout() {
		try (MockWebServer server = MockServers.startTls(); Subnet subnet = Subnet.builder().replicas(4).build()) {
			server.setDispatcher(new Dispatcher() {
				@Override
				public MockResponse dispatch(RecordedRequest request) {
					return new MockResponse.Builder().body("{}").build();
				}
			});
			DivergenceReport report = DivergenceReport.of(subnet.httpRequest(HttpRequestArgs.get(server.url("/").toString()).cycles(100_000_000_000L).build()));
			assertEquals("", report.renderNetwork());
			assertFalse(report.toJson().contains("rateLimitedReplicas"));
		}
	}
}
