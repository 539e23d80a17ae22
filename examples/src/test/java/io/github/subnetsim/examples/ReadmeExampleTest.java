package io.github.subnetsim.examples;

// The README's first example, compiled and run here; ReadmeCompilesTest compiles the README's copy on its own.
// tag::readme[]
import static io.github.subnetsim.assertions.OutcallMatchers.agreedBy;
import static io.github.subnetsim.assertions.OutcallMatchers.costsAtMost;
import static io.github.subnetsim.assertions.OutcallMatchers.diverges;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.assertions.DivergenceReport;
import io.github.subnetsim.junit.SimulatedSubnet;
import io.github.subnetsim.transform.Transforms;

@SimulatedSubnet(seed = 42)   // 13 replicas, a TLS MockWebServer they trust, both injected; the SEED_DOCUMENTED profile
class ReadmeExampleTest {
	@Test
	void thePriceReachesConsensus(Subnet subnet, MockWebServer server) {
		AtomicInteger n = new AtomicInteger();   // an exchange-rate API: a Date, a request id and a timestamp per answer
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				int i = n.incrementAndGet();
				return new MockResponse.Builder().addHeader("Date", "Sun, 22 Nov 2026 12:00:0" + i % 10 + " GMT")
						.addHeader("X-Request-Id", "req-" + i).body("{\"price\":\"12.3456\",\"timestamp\":" + (1_700_000_000 + i) + "}").build();
			}
		});

		OutcallResult plain = subnet.httpRequest(HttpRequestArgs.get(server.url("/rates").toString())
				.maxResponseBytes(2_000L).cycles(100_000_000_000L).build());
		assertThat(plain, diverges());                      // 13 different responses: no 9 agree
		assertEquals("Transforms.compose(Transforms.dropHeaders(\"date\", \"x-request-id\"), Transforms.dropJson(\"/timestamp\"))",
				DivergenceReport.of(plain).suggestedTransformCode());

		OutcallResult fixed = subnet.httpRequest(HttpRequestArgs.get(server.url("/rates").toString())
				.maxResponseBytes(2_000L).cycles(100_000_000_000L)
				.transform(Transform.of("transform", Transforms.compose(Transforms.dropAllHeaders(), Transforms.extractJson("/price"))))
				.build());
		assertThat(fixed, agreedBy(13));
		assertThat(fixed, costsAtMost(80_000_000L));
	}
}
// end::readme[]
