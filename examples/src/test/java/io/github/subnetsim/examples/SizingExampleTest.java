package io.github.subnetsim.examples;

import static io.github.subnetsim.assertions.OutcallMatchers.agreedBy;
import static io.github.subnetsim.assertions.OutcallMatchers.rejectedWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.junit.SimulatedSubnet;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.transform.Transforms;

/**
 * Example 3: choosing {@code max_response_bytes}.
 *
 * <p>The canister pays for {@code max_response_bytes} whether the response uses it or not, and a response larger
 * than it is rejected. Unset, it is priced at the maximum (2 MiB in the seed documents, 2,000,000 bytes on today's
 * replica): about 21 billion cycles per call on 13 nodes. The recipe: ask once for the size (a HEAD), add a margin,
 * and check both what it costs and what happens when the API grows past it.
 */
@SimulatedSubnet(seed = 3)
class SizingExampleTest {

	private static final String REPORT = "{\"rows\":[" + "{\"id\":1,\"value\":\"x\"},".repeat(40) + "{\"id\":2,\"value\":\"y\"}]}";

	static void serveReport(MockWebServer server, String body) {
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				MockResponse.Builder r = new MockResponse.Builder().addHeader("Content-Type", "application/json");
				// A HEAD answers with the headers a GET would have, and no body.
				return "HEAD".equals(request.getMethod()) ? r.addHeader("Content-Length", body.length()).build() : r.body(body).build();
			}
		});
	}

	@Test
	void aHeadFirstThenAMarginCutsTheFeeByTwoOrdersOfMagnitude(Subnet subnet, MockWebServer server) {
		serveReport(server, REPORT);
		String url = server.url("/report").toString();

		// tag::sizing[]
		OutcallResult head = subnet.httpRequest(HttpRequestArgs.head(url).maxResponseBytes(1_000L).cycles(100_000_000_000L).build());
		long body = Long.parseLong(((OutcallResult.Reply) head).response().header("content-length").orElseThrow());
		long maxResponseBytes = body + 1_024; // headers (here about 60 bytes) plus room for the API to grow

		HttpRequestArgs sized = HttpRequestArgs.get(url).maxResponseBytes(maxResponseBytes).cycles(100_000_000_000L).build();
		HttpRequestArgs unsized = HttpRequestArgs.get(url).cycles(100_000_000_000L).build();
		assertThat(subnet.httpRequest(sized), agreedBy(13));
		long sizedFee = subnet.cost(sized).total();
		long unsizedFee = subnet.cost(unsized).total();
		assertTrue(unsizedFee > 100 * sizedFee, unsizedFee + " vs " + sizedFee);
		// end::sizing[]
		// Seed-documented fee: n·(3,780,000 + 400·request + 800·response) (docs/cost.md), computed here by hand.
		long request = url.length();
		assertEquals(13 * (3_780_000 + 400 * request + 800 * maxResponseBytes), sizedFee);
		assertEquals(13 * (3_780_000 + 400 * request + 800 * 2_097_152L), unsizedFee);
	}

	@Test
	void aResponseThatOutgrowsTheLimitIsRejectedByEveryReplica(Subnet subnet, MockWebServer server) {
		serveReport(server, REPORT + " ".repeat(2_000));
		OutcallResult tooBig = subnet.httpRequest(HttpRequestArgs.get(server.url("/report").toString())
				.maxResponseBytes(1_500L).cycles(100_000_000_000L).build());
		// The network limit counts header names and values, then the body; the message prints the whole cap.
		assertThat(tooBig, rejectedWith(RejectCode.SYS_FATAL, "Http body exceeds size limit of 1500 bytes."));
		assertTrue(tooBig.cost().total() > 0, "a rejected outcall is still paid for");
	}

	@Test
	@SimulatedSubnet(seed = 3, profile = ReplicaProfile.CURRENT_REPLICA)
	void onTodaysReplicaTheTransformedResponseMustAlsoFitMaxResponseBytes(Subnet subnet, MockWebServer server) {
		serveReport(server, REPORT);
		// The transform adds fields (say, a signature) and its Candid encoding no longer fits 1,100 bytes.
		Transform grows = Transform.of("transform", Transforms.compose(Transforms.dropAllHeaders(),
				(r, ctx) -> r.withBody(r.bodyText() + " ".repeat(400))));
		OutcallResult result = subnet.httpRequest(HttpRequestArgs.get(server.url("/report").toString())
				.maxResponseBytes(1_100L).transform(grows).cycles(100_000_000_000L).build());
		assertThat(result, rejectedWith(RejectCode.SYS_FATAL, "Transformed http response exceeds limit: 1100"));
	}
}
