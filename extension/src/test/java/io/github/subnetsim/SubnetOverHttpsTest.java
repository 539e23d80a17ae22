package io.github.subnetsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.server.MockServers;
import io.github.subnetsim.trace.Decision;

/** Issue "simulated subnet", done-when 1-6: real replicas, real TLS, a real server. */
@ExtendWith(TlsServerExtension.class)
class SubnetOverHttpsTest {

	private static final long ENOUGH_CYCLES = 100_000_000_000L;
	private static final Transform DROP_HEADERS = Transform.of("transform", (r, ctx) -> r.withHeaders(List.of()));

	private MockWebServer server;

	@BeforeEach
	void start(MockWebServer server) {
		this.server = server;
	}

	private HttpRequestArgs.Builder get(String path) {
		return HttpRequestArgs.get(server.url(path).toString()).cycles(ENOUGH_CYCLES);
	}

	@Test
	void freshRequestIdPerReplicaDivergesWithTheReplicasExactMessage() {
		server.setDispatcher(Servers.priceApiWithRequestIds());
		try (Subnet subnet = Subnet.builder().replicas(13).seed(1).build()) {
			OutcallResult result = subnet.httpRequest(get("/price").build());

			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, result);
			assertEquals(RejectCode.SYS_TRANSIENT, reject.code());
			// dfinity/ic rs/https_outcalls/client/src/client.rs; docs/troubleshooting.md / §3: divergence is declared once the signers outside the largest group exceed
			// f = 4, i.e. at the 6th distinct share; each hash is listed with its count, count then hash descending.
			assertTrue(reject.message().matches("No consensus could be reached\\. Replicas had different responses\\. "
					+ "Details: request_id: 0, hashes: \\[[0-9a-f]{64}: 1\\](, \\[[0-9a-f]{64}: 1\\]){5}"), reject.message());
			List<String> hashes = new ArrayList<>();
			for (String part : reject.message().split("\\[")) {
				if (part.contains(": 1]")) {
					hashes.add(part.substring(0, 64));
				}
			}
			List<String> sortedDescending = new ArrayList<>(hashes);
			sortedDescending.sort((a, b) -> b.compareTo(a));
			assertEquals(sortedDescending, hashes, "ties are listed by hash, descending");
			assertEquals(Decision.DIVERGED, result.trace().consensus().decision());
			assertEquals(6, result.trace().consensus().sharesSeen());
		}
	}

	@Test
	void aTransformThatDropsTheVaryingHeaderIsAgreedByAllThirteen() {
		server.setDispatcher(Servers.priceApiWithRequestIds());
		try (Subnet subnet = Subnet.builder().replicas(13).seed(1).build()) {
			OutcallResult result = subnet.httpRequest(get("/price").transform(DROP_HEADERS).build());

			OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
			assertEquals(13, reply.agreement());
			assertEquals(200, reply.response().status());
			assertEquals("{\"symbol\":\"ICP\",\"price\":12.34}", reply.response().bodyText());
			assertEquals(9, result.trace().consensus().sharesSeen(), "delivered as soon as n - f = 9 shares match");
			assertEquals(13, server.getRequestCount());
		}
	}

	@Test
	void fourGarbageReplicasStillGiveTheHonestReplyFiveDiverge() {
		server.setDispatcher(Servers.always(Servers.json("{\"price\":1}")));
		try (Subnet subnet = Subnet.builder().replicas(13).seed(3).build()) {
			OutcallResult four = subnet.httpRequest(get("/").transform(DROP_HEADERS).build(),
					PerturbationPlan.on(Replicas.of(0, 1, 2, 3), Perturbation.replaceBody("garbage")));
			OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, four);
			assertEquals("{\"price\":1}", reply.response().bodyText());
			assertEquals(9, reply.agreement());

			OutcallResult five = subnet.httpRequest(get("/").transform(DROP_HEADERS).build(),
					PerturbationPlan.on(Replicas.of(0, 1, 2, 3, 4), Perturbation.replaceBody("garbage")));
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, five);
			assertEquals(RejectCode.SYS_TRANSIENT, reject.code());
			assertTrue(reject.message().startsWith("No consensus could be reached. Replicas had different responses. Details: request_id: 1, hashes: ["),
					reject.message());
			assertTrue(reject.message().endsWith(": 5]"), "the 5 garbage shares form one group: " + reject.message());
		}
	}

	@Test
	void arrivalOrderFromLatencyDecidesWhenConsensusIsReached() {
		server.setDispatcher(Servers.always(Servers.json("{\"price\":1}")));
		try (Subnet subnet = Subnet.builder().replicas(13).seed(4).build()) {
			// Nine honest shares arrive before the four faulty ones: delivered at the ninth share.
			OutcallResult early = subnet.httpRequest(get("/").transform(DROP_HEADERS).build(),
					PerturbationPlan.on(Replicas.of(9, 10, 11, 12), Perturbation.replaceBody("x"), Perturbation.latency(Duration.ofSeconds(5))));
			assertInstanceOf(OutcallResult.Reply.class, early);
			assertEquals(9, early.trace().consensus().sharesSeen());
			assertTrue(early.trace().consensus().decidedAtMillis() < 5_000);

			// The four faulty shares arrive first: the honest reply still wins, after all 13 shares.
			OutcallResult late = subnet.httpRequest(get("/").transform(DROP_HEADERS).build(),
					PerturbationPlan.on(Replicas.of(0, 1, 2, 3), Perturbation.replaceBody("x"))
							.and(Replicas.of(4, 5, 6, 7, 8, 9, 10, 11, 12), Perturbation.latency(Duration.ofSeconds(1))));
			assertInstanceOf(OutcallResult.Reply.class, late);
			assertEquals(13, late.trace().consensus().sharesSeen());
			assertTrue(late.trace().consensus().decidedAtMillis() >= 1_000);
		}
	}

	@Test
	void sameSeedGivesByteIdenticalTraceAnotherSeedChoosesOtherReplicas() {
		server.setDispatcher(Servers.always(Servers.json("{\"price\":1,\"ts\":1700000000}")));
		PerturbationPlan plan = PerturbationPlan.on(Replicas.random(3), Perturbation.jitterJson("/ts"), Perturbation.jitterHeader("date"));
		String first;
		String again;
		String other;
		try (Subnet a = Subnet.builder().seed(99).build()) {
			first = a.httpRequest(get("/").build(), plan).trace().toJson();
		}
		try (Subnet b = Subnet.builder().seed(99).build()) {
			again = b.httpRequest(get("/").build(), plan).trace().toJson();
		}
		try (Subnet c = Subnet.builder().seed(100).build()) {
			other = c.httpRequest(get("/").build(), plan).trace().toJson();
		}
		// Byte-identical apart from the measured real times, which the trace shows next to the virtual arrival.
		assertTrue(first.contains("\"realMillis\" : "), first);
		assertEquals(withoutRealTimes(first), withoutRealTimes(again));
		assertNotEquals(withoutRealTimes(first), withoutRealTimes(other));
		assertTrue(first.contains("jitterJson /ts: 1700000000 -> "), first);
	}

	private static String withoutRealTimes(String json) {
		return json.replaceAll("\"real(Arrival)?Millis\" : [0-9]+", "\"real$1Millis\" : _");
	}

	@Test
	void theServerSeesThirteenRequestsFromThirteenSourceAddresses() throws Exception {
		server.setDispatcher(Servers.always(Servers.json("{}")));
		// Each replica its own IPv4 loopback address (on an IPv6 network they would all come from ::1: ReplicaNetworkTest).
		try (Subnet subnet = Subnet.builder().replicas(13).network(ReplicaNetwork.IPV4_PER_REPLICA).build()) {
			subnet.httpRequest(get("/").build());
		}
		Set<String> sources = new HashSet<>();
		for (int i = 0; i < 13; i++) {
			RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
			sources.add(MockServers.clientAddress(server, r).orElseThrow());
		}
		assertEquals(13, server.getRequestCount());
		assertEquals(13, sources.size(), sources.toString());
		for (String s : sources) {
			assertTrue(s.startsWith("127.0.0."), s);
		}
	}

	@Test
	void thresholdsAreNMinusF() {
		int[] n = { 1, 4, 5, 7, 13, 28, 34, 40 };
		int[] expected = { 1, 3, 4, 5, 9, 19, 23, 27 }; // dfinity/ic rs/https_outcalls/consensus/src/payload_builder.rs; docs/how-a-subnet-processes-an-outcall.md
		for (int i = 0; i < n.length; i++) {
			assertEquals(expected[i], Limits.threshold(n[i]), "n = " + n[i]);
			try (Subnet s = Subnet.builder().replicas(n[i]).build()) {
				assertEquals(expected[i], s.threshold());
			}
		}
	}

	@Test
	void aNonReplicatedGetReachesTheServerExactlyOnce() {
		server.setDispatcher(Servers.always(Servers.json("{\"ok\":true}")));
		try (Subnet subnet = Subnet.builder().replicas(13).seed(8).build()) {
			OutcallResult result = subnet.httpRequest(get("/").nonReplicated().build());
			OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
			assertEquals(1, reply.agreement());
			assertEquals(1, result.trace().replicas().size());
		}
		assertEquals(1, server.getRequestCount());
	}

	@Test
	void headersAreSentAsGivenPlusTheAdaptersUserAgent() throws Exception {
		server.setDispatcher(Servers.always(Servers.json("{}")));
		try (Subnet subnet = Subnet.builder().replicas(1).build()) {
			subnet.httpRequest(get("/").header("X-Custom", "Value").build());
			subnet.httpRequest(get("/").header("User-Agent", "my-canister").build());
		}
		RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
		assertEquals("Value", first.getHeaders().get("X-Custom"));
		assertEquals("ic/1.0", first.getHeaders().get("user-agent"));
		assertEquals(null, first.getHeaders().get("accept-encoding"), "OkHttp's transparent gzip is not the replica's");
		RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
		assertEquals(List.of("my-canister"), second.getHeaders().values("User-Agent"));
	}

	@Test
	void redirectsAreNotFollowedAndHeaderNamesArriveLowercased() {
		server.setDispatcher(Servers.always(new MockResponse.Builder().code(302).addHeader("Location", "https://elsewhere.invalid/")
				.addHeader("X-Mixed-Case", "v").build()));
		try (Subnet subnet = Subnet.builder().replicas(4).build()) {
			OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, subnet.httpRequest(get("/").build()));
			assertEquals(302, reply.response().status());
			assertEquals("https://elsewhere.invalid/", reply.response().header("location").orElseThrow());
			for (HttpHeader h : reply.response().headers()) {
				assertEquals(h.name().toLowerCase(java.util.Locale.ROOT), h.name());
			}
		}
		assertEquals(4, server.getRequestCount());
	}

	@Test
	void plainHttpIsRejectedByEveryReplicaAndTheRejectIsAgreed() {
		try (Subnet subnet = Subnet.builder().replicas(13).build()) {
			String url = "http://127.0.0.1:" + server.getPort() + "/";
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class,
					subnet.httpRequest(HttpRequestArgs.get(url).cycles(ENOUGH_CYCLES).build()));
			assertEquals(RejectCode.SYS_FATAL, reject.code());
			assertEquals("Url needs to specify https scheme", reject.message()); // seed profile text
			assertEquals(Decision.AGREED, reject.trace().consensus().decision());
			assertTrue(reject.cost().total() > 0, "the scheme is not checked at execution: the outcall is charged");
		}
		assertEquals(0, server.getRequestCount());
	}

	@Test
	void aSilentMajorityTimesOutConsensus() {
		server.setDispatcher(Servers.always(Servers.json("{}")));
		try (Subnet subnet = Subnet.builder().replicas(13).build()) {
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class,
					subnet.httpRequest(get("/").build(), PerturbationPlan.on(Replicas.random(5), Perturbation.silent())));
			assertEquals(RejectCode.SYS_TRANSIENT, reject.code());
			assertEquals("Canister http request timed out", reject.message());
			assertFalse(reject.isReply());
		}
	}
}
