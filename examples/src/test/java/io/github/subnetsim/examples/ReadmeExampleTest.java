package io.github.subnetsim.examples;

import static io.github.subnetsim.assertions.OutcallMatchers.agreedBy;
import static io.github.subnetsim.assertions.OutcallMatchers.costsAtMost;
import static io.github.subnetsim.assertions.OutcallMatchers.diverges;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.assertions.DivergenceReport;
import io.github.subnetsim.junit.SimulatedSubnet;
import io.github.subnetsim.transform.Transforms;
import mockwebserver3.MockWebServer;

/** The README's example, compiled and run: the README shows the region between the tags. */
// tag::readme[]
@SimulatedSubnet(seed = 42)   // 13 replicas, a TLS MockWebServer they trust, both injected
class ReadmeExampleTest {
	@Test
	void thePriceReachesConsensus(Subnet subnet, MockWebServer server) {
		PriceFeedExampleTest.serveExchangeRates(server);   // a Date, a request id and a timestamp per answer

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
