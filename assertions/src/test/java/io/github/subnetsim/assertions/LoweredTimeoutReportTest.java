package io.github.subnetsim.assertions;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.server.MockServers;

/** The divergence report says when replicas timed out on a request timeout the test lowered. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoweredTimeoutReportTest {

	@Test
	void aLoweredBoundThatFiredIsNamedInTheReport() throws Exception {
		try (MockWebServer server = MockServers.startTls()) {
			server.enqueue(new MockResponse.Builder().body("{}").headersDelay(10, TimeUnit.MINUTES).build());
			HttpRequestArgs args = HttpRequestArgs.get(server.url("/").toString()).cycles(100_000_000_000L).build();
			try (Subnet subnet = Subnet.builder().replicas(1).requestTimeout(Duration.ofMillis(500)).build()) {
				OutcallResult r = subnet.httpRequest(args);
				String text = DivergenceReport.of(r).render();
				assertTrue(text.contains("request timeout lowered to 500 ms; mainnet allows 30 s (replica 0 timed out on it)"), text);
			}
			server.enqueue(new MockResponse.Builder().body("{}").build());
			try (Subnet subnet = Subnet.builder().replicas(1).build()) {
				assertFalse(DivergenceReport.of(subnet.httpRequest(args)).render().contains("lowered"));
			}
		}
	}
}
