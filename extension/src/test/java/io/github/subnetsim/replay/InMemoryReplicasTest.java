package io.github.subnetsim.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.internal.text.RejectTexts;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.trace.Decision;
import io.github.subnetsim.trace.RejectReason;

/** Issue 15, part 1: replicas answered by a Java responder, through the same path as over HTTPS. */
class InMemoryReplicasTest {

	private static final long CYCLES = 100_000_000_000L;
	private static final String URL = "https://api.example.com/rates?base=USD";

	/** A per-replica request id in a header and a per-replica field: what makes real replicas diverge. */
	private static final Responder RATES = (replica, request, seed) -> HttpResponse.of(200,
			List.of(HttpHeader.of("Content-Type", "application/json"), HttpHeader.of("X-Request-Id", seed + "-" + replica)),
			"{\"rate\":1.08,\"served_by\":" + (replica % 3) + "}");

	private static Subnet.Builder subnet(long seed) {
		return Subnet.builder().replicas(13).seed(seed).responder(RATES)
				.perturb(Replicas.random(2), Perturbation.jitterHeader("x-request-id"), Perturbation.latency(java.time.Duration.ofMillis(800)));
	}

	@Test
	void theSameSeedGivesTheSameTrace() {
		HttpRequestArgs args = HttpRequestArgs.get(URL).cycles(CYCLES).build();
		String first;
		String second;
		try (Subnet s = subnet(42).build()) {
			first = s.httpRequest(args).trace().toJson();
		}
		try (Subnet s = subnet(42).build()) {
			second = s.httpRequest(args).trace().toJson();
		}
		assertEquals(first, second);
		try (Subnet s = subnet(43).build()) {
			assertNotEquals(first, s.httpRequest(args).trace().toJson(), "another seed, another run");
		}
	}

	@Test
	void theTransformConsensusAndTraceAreTheRealOnes() {
		HttpRequestArgs diverging = HttpRequestArgs.get(URL).cycles(CYCLES).build();
		HttpRequestArgs transformed = diverging.toBuilder()
				.transform(Transform.of("transform", (r, c) -> r.withHeaders(List.of()).withBody("{\"rate\":1.08}"))).build();
		try (Subnet s = Subnet.builder().replicas(13).seed(1).responder(RATES).build()) {
			OutcallResult d = s.httpRequest(diverging);
			assertEquals(Decision.DIVERGED, d.trace().consensus().decision());
			assertEquals("127.0.0.1", d.trace().replicas().get(0).source(), "the live replicas' source addresses");
			assertEquals(List.of(HttpHeader.of("user-agent", "ic/1.0")), d.trace().replicas().get(0).requestHeaders());
			assertEquals("x-request-id", d.trace().replicas().get(0).responseHeaders().get(1).name(), "names lowercased as the adapter does");

			OutcallResult.Reply r = assertInstanceOf(OutcallResult.Reply.class, s.httpRequest(transformed));
			assertEquals(13, r.agreement());
			assertTrue(r.cost().total() > 0, "charged as over HTTPS");
		}
	}

	@Test
	void theResponderSeesTheRequestAsSentInReplicaOrder() {
		List<String> seen = Collections.synchronizedList(new ArrayList<>());
		Responder echo = (replica, request, seed) -> {
			seen.add(replica + " " + request.method() + " " + request.header("user-agent") + " " + request.bodyText());
			return HttpResponse.of(200, List.of(), "ok");
		};
		try (Subnet s = Subnet.builder().replicas(4).responder(echo).build()) {
			s.httpRequest(HttpRequestArgs.post("https://x.example/p", "{}").header("User-Agent", "mine").cycles(CYCLES).build());
		}
		assertEquals(List.of("0 POST mine {}", "1 POST mine {}", "2 POST mine {}", "3 POST mine {}"), seen);
	}

	@Test
	void rawResponseLimitsGiveTheProfilesTexts() {
		RejectTexts texts = RejectTexts.of(ReplicaProfile.SEED_DOCUMENTED);
		Responder bigHeaders = (i, r, s) -> HttpResponse.of(200, List.of(HttpHeader.of("x-pad", "p".repeat(3000))), "{}");
		Responder bigBody = (i, r, s) -> HttpResponse.of(200, List.of(), "b".repeat(3000));
		HttpRequestArgs args = HttpRequestArgs.get(URL).maxResponseBytes(2000L).cycles(CYCLES).build();
		try (Subnet s = Subnet.builder().replicas(4).responder(bigHeaders).build()) {
			OutcallResult.Reject r = assertInstanceOf(OutcallResult.Reject.class, s.httpRequest(args));
			assertEquals(RejectReason.RESPONSE_HEADERS_TOO_LARGE, r.reason());
			assertEquals(texts.responseHeadersTooLarge(2000), r.message());
		}
		try (Subnet s = Subnet.builder().replicas(4).responder(bigBody).build()) {
			OutcallResult.Reject r = assertInstanceOf(OutcallResult.Reject.class, s.httpRequest(args));
			assertEquals(RejectReason.RESPONSE_BODY_TOO_LARGE, r.reason());
			assertEquals(texts.responseBodyTooLarge(2000), r.message());
		}
	}

	@Test
	void aPlainHttpUrlIsRejectedAsTheAdapterDoes() {
		try (Subnet s = Subnet.builder().replicas(4).responder(RATES).build()) {
			OutcallResult.Reject r = assertInstanceOf(OutcallResult.Reject.class, s.httpRequest(HttpRequestArgs.get("http://api.example.com/").cycles(CYCLES).build()));
			assertEquals(RejectReason.HTTPS_REQUIRED, r.reason());
		}
	}
}
