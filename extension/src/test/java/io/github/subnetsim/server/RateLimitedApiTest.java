package io.github.subnetsim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.internal.fetch.SubnetNetwork;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.trace.ReplicaTrace;
import io.github.subnetsim.trace.Trace;

/**
 * A JSON API limited to 5 requests per address per second, called by 13 replicas of the current replica profile: the
 * server is IPv4-only, so they come through the subnet's two SOCKS proxies, and the server sees two clients (the seeds,
 * "Rate limiting by servers"; adapter-wire §2). The proxy each replica tries first is a seeded shuffle, so the split
 * between the two addresses, and therefore the verdict, is the seed's: seed 0 splits 7/6 (three replicas over quota,
 * within f = 4, agreed), seed 9 splits 2/11 (six over quota, more than f: no consensus).
 */
@Timeout(120)
class RateLimitedApiTest {

	private static final Transform DROP_HEADERS = Transform.of("transform", (r, c) -> r.withHeaders(List.of()));

	private static OutcallResult call(long seed, List<ReplicaTrace> rateLimited) {
		try (MockWebServer server = MockServers.startTlsIpv4Only();
				Subnet subnet = Subnet.builder().profile(ReplicaProfile.CURRENT_REPLICA).seed(seed).build()) {
			mockwebserver3.Dispatcher jsonDispatcher = new mockwebserver3.Dispatcher() {
				@Override
				public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
					return new MockResponse.Builder().addHeader("content-type", "application/json").body("{\"rate\":1.25}").build();
				}
			};
			// tag::rate-limit[]
			RateLimit limit = RateLimit.perAddress(5, Duration.ofSeconds(1));
			server.setDispatcher(limit.wrap(server, jsonDispatcher));
			// end::rate-limit[]
			OutcallResult result = subnet.httpRequest(HttpRequestArgs.get(server.url("/rate").toString()).transform(DROP_HEADERS)
					.cycles(100_000_000_000L).build());
			Trace trace = result.trace();
			Map<String, List<Integer>> seen = trace.serverAddresses();
			assertEquals(List.of(SubnetNetwork.proxySource(0), SubnetNetwork.proxySource(1)), new ArrayList<>(seen.keySet()),
					"the server sees the two proxies, not 13 replicas");
			int over = 0;
			for (List<Integer> replicas : seen.values()) {
				over += Math.max(0, replicas.size() - 5);
			}
			for (ReplicaTrace r : trace.replicas()) {
				if (r.status() == 429) {
					rateLimited.add(r);
					assertTrue(r.responseHeaders().stream().anyMatch(h -> h.name().equals("retry-after") && h.value().equals("1")));
				}
				else {
					assertEquals(200, r.status());
				}
			}
			assertEquals(over, rateLimited.size(), "the replicas over each address's quota, and only they, got 429");
			assertEquals(over, limit.limitedAddresses().size());
			return result;
		}
	}

	@Test
	void threeReplicasOverQuotaAreWithinFAndTheReplyIsAgreed() {
		List<ReplicaTrace> limited = new ArrayList<>();
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, call(0, limited));
		assertEquals(3, limited.size());
		assertEquals(10, reply.agreement());
		assertEquals("{\"rate\":1.25}", reply.response().bodyText());
	}

	@Test
	void sixReplicasOverQuotaAreMoreThanFAndNoConsensusIsReached() {
		List<ReplicaTrace> limited = new ArrayList<>();
		OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, call(9, limited));
		assertEquals(6, limited.size());
		assertEquals(RejectCode.SYS_TRANSIENT, reject.code());
		assertTrue(reject.message().startsWith("No consensus could be reached. Replicas had different responses."), reject.message());
	}

	@Test
	void aQuotaPerPrefixIsSharedByEveryAddressInIt() {
		AtomicLong now = new AtomicLong();
		RateLimit perSlash24 = RateLimit.perPrefix(24, 64, 2, Duration.ofSeconds(10)).withClock(now::get);
		assertEquals(0, perSlash24.admit("127.255.0.1"));
		assertEquals(0, perSlash24.admit("127.255.0.2"));
		assertEquals(10, perSlash24.admit("127.255.0.1"), "third request of the /24 within 10 s: Retry-After 10");
		now.addAndGet(Duration.ofMillis(9_500).toNanos());
		assertEquals(1, perSlash24.admit("127.255.0.9"), "half a second left rounds up to 1");
		assertEquals(0, perSlash24.admit("127.255.1.1"), "another /24 has its own quota");
		now.addAndGet(Duration.ofSeconds(1).toNanos());
		assertEquals(0, perSlash24.admit("127.255.0.1"), "a new window");
		RateLimit perSlash64 = RateLimit.perPrefix(32, 64, 1, Duration.ofSeconds(1)).withClock(now::get);
		assertEquals(0, perSlash64.admit("2001:db8:0:1::a"));
		assertEquals(1, perSlash64.admit("2001:db8:0:1::b"), "the same /64");
		assertEquals(0, perSlash64.admit("2001:db8:0:2::a"));
		assertEquals(List.of("2001:db8:0:1::b"), perSlash64.limitedAddresses());
	}

	@Test
	void badLimitsSayWhatToChange() {
		assertTrue(assertThrows(IllegalArgumentException.class, () -> RateLimit.perAddress(5, Duration.ZERO)).getMessage()
				.contains("Duration.ofSeconds(1)"));
		assertThrows(IllegalArgumentException.class, () -> RateLimit.perAddress(-1, Duration.ofSeconds(1)));
		assertThrows(IllegalArgumentException.class, () -> RateLimit.perPrefix(33, 64, 1, Duration.ofSeconds(1)));
	}
}
