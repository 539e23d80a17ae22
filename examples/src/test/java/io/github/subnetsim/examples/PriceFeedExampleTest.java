package io.github.subnetsim.examples;

import static io.github.subnetsim.assertions.OutcallMatchers.agreedBy;
import static io.github.subnetsim.assertions.OutcallMatchers.diverges;
import static io.github.subnetsim.assertions.OutcallMatchers.repliesWith;
import static io.github.subnetsim.assertions.ResponseMatchers.body;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.SubnetKind;
import io.github.subnetsim.Transform;
import io.github.subnetsim.assertions.DivergenceReport;
import io.github.subnetsim.junit.SimulatedSubnet;
import io.github.subnetsim.transform.Transforms;

/**
 * Example 1: a canister reads a price from an exchange-rate API.
 *
 * <p>On the Internet Computer every replica of the subnet (13 on an application subnet) calls the API itself, and
 * the subnet only delivers a response if at least n − f of them (9 of 13) got byte-identical results. Real APIs stamp
 * every answer with a Date header, a request id and a timestamp, so 13 calls give 13 different responses. The
 * canister's transform must strip what varies; this example shows the failure without one and the fix.
 */
@SimulatedSubnet(seed = 42) // 13 replicas: an application subnet
class PriceFeedExampleTest {

	/** An exchange-rate API like the ones canisters call: the price is stable, everything around it is not. */
	static void serveExchangeRates(MockWebServer server) {
		AtomicInteger requests = new AtomicInteger();
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				int i = requests.incrementAndGet();
				Instant now = Instant.parse("2026-11-22T12:00:00Z").plusMillis(250L * i);
				return new MockResponse.Builder()
						.addHeader("Content-Type", "application/json")
						.addHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC)))
						.addHeader("X-Request-Id", "req-" + i)
						.body("{\"pair\":\"ICP/USD\",\"price\":\"12.3456\",\"timestamp\":" + now.toEpochMilli() + "}")
						.build();
			}
		});
	}

	@Test
	void withoutATransformThirteenReplicasNeverAgree(Subnet subnet, MockWebServer server) {
		serveExchangeRates(server);

		// tag::without-transform[]
		OutcallResult result = subnet.httpRequest(HttpRequestArgs.get(server.url("/v1/rates/ICP-USD").toString())
				.maxResponseBytes(2_000L)
				.cycles(100_000_000_000L)
				.build());

		assertThat(result, diverges()); // "No consensus could be reached. Replicas had different responses. ..."
		DivergenceReport report = DivergenceReport.of(result);
		// The report names what varied, and the transform that would remove it:
		assertEquals(Set.of("date", "x-request-id"), report.variedHeaders());
		assertEquals(Set.of("/timestamp"), report.variedJsonPointers());
		assertEquals("Transforms.compose(Transforms.dropHeaders(\"date\", \"x-request-id\"), Transforms.dropJson(\"/timestamp\"))",
				report.suggestedTransformCode());
		// end::without-transform[]
		assertEquals(13, server.getRequestCount(), "every replica called the API");
	}

	@Test
	void aTransformThatExtractsThePriceIsAgreedByAllThirteen(Subnet subnet, MockWebServer server) {
		serveExchangeRates(server);

		// tag::with-transform[]
		// Keep only the price. The headers travel through the transform too, so they go as well: extracting the price
		// alone would still leave 13 different Date headers.
		Transform price = Transform.of("transform", Transforms.compose(Transforms.dropAllHeaders(), Transforms.extractJson("/price")));
		OutcallResult result = subnet.httpRequest(HttpRequestArgs.get(server.url("/v1/rates/ICP-USD").toString())
				.maxResponseBytes(2_000L)
				.transform(price)
				.cycles(100_000_000_000L)
				.build());

		assertThat(result, agreedBy(13));
		assertThat(result, repliesWith(body("\"12.3456\"")));
		// end::with-transform[]
	}

	@Test
	@SimulatedSubnet(kind = SubnetKind.FIDUCIARY, seed = 42) // 34 replicas: 23 must agree
	void theSameTransformHoldsOnAFiduciarySubnet(Subnet subnet, MockWebServer server) {
		serveExchangeRates(server);
		OutcallResult result = subnet.httpRequest(HttpRequestArgs.get(server.url("/v1/rates/ICP-USD").toString())
				.maxResponseBytes(2_000L)
				.transform(Transform.of("transform", Transforms.compose(Transforms.dropHeaders("date", "x-request-id"),
						Transforms.dropJson("/timestamp"))))
				.cycles(500_000_000_000L)
				.build());

		assertThat(result, agreedBy(34));
		assertThat(result, repliesWith(body("{\"pair\":\"ICP/USD\",\"price\":\"12.3456\"}")));
	}
}
