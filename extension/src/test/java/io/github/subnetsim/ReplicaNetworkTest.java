package io.github.subnetsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.internal.fetch.SubnetNetwork;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.server.MockServers;
import io.github.subnetsim.trace.NetworkPath;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.trace.ReplicaTrace;

/**
 * The replicas' network (issue 17; adapter-wire §2; docs/network.md): IPv6 only on the seed-documented profile, IPv6
 * then two SOCKS proxies on the current replica, and each replica its own IPv4 address when a test asks for it.
 * Every server here is on loopback; connections are bounded by the adapter's 2 s connect and 30 s request clocks.
 */
@Timeout(120)
class ReplicaNetworkTest {

	/** The seeds' text: https-outcalls-detailed-overview.md, "Common errors" (SysTransient). */
	static final String SEEDS_CONNECT_REJECT = "Failed to connect: error trying to connect: tcp connect error: Connection refused (os error 111)";

	private static final Transform DROP_HEADERS = Transform.of("transform", (r, c) -> r.withHeaders(List.of()));

	private static HttpRequestArgs get(MockWebServer server) {
		return HttpRequestArgs.get(server.url("/rate").toString()).transform(DROP_HEADERS).cycles(100_000_000_000L).build();
	}

	private static Set<String> sources(MockWebServer server) {
		return new TreeSet<>(MockServers.connectionSources(server));
	}

	@Test
	void anIpv4OnlyServerGivesEveryReplicaTheSeedsConnectRejectOnTheSeedProfile() {
		try (MockWebServer server = MockServers.startTlsIpv4Only(); Subnet subnet = Subnet.builder().build()) {
			server.setDispatcher(Servers.always(Servers.json("{\"rate\":1}")));
			OutcallResult result = subnet.httpRequest(get(server));
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, result);
			assertEquals(RejectCode.SYS_TRANSIENT, reject.code());
			assertEquals(SEEDS_CONNECT_REJECT, reject.message());
			assertEquals(ReplicaNetwork.IPV6_ONLY, subnet.network());
			for (ReplicaTrace r : result.trace().replicas()) {
				assertEquals(RejectReason.CONNECT_FAILED, r.rejectReason());
				assertNull(r.path(), "replica " + r.replica() + " reached no server");
			}
			assertEquals(0, server.getRequestCount(), "no replica may reach an IPv4-only server over IPv6");
		}
	}

	@Test
	void theSameIpv4OnlyServerFailsOnTheSeedProfileAndIsReachedThroughTheProxiesToday() {
		// tag::ipv4-only[]
		try (MockWebServer server = MockServers.startTlsIpv4Only();
				Subnet seed = Subnet.builder().build();
				Subnet today = Subnet.builder().profile(ReplicaProfile.CURRENT_REPLICA).build()) {
			server.setDispatcher(Servers.always(Servers.json("{\"rate\":1}")));
			OutcallResult.Reject reject = (OutcallResult.Reject) seed.httpRequest(get(server));
			assertEquals("Failed to connect: error trying to connect: tcp connect error: Connection refused (os error 111)", reject.message());
			OutcallResult.Reply reply = (OutcallResult.Reply) today.httpRequest(get(server));
			assertEquals(Set.of("127.255.0.1", "127.255.0.2"), reply.trace().serverAddresses().keySet());
		}
		// end::ipv4-only[]
	}

	@Test
	void anIpv4LiteralHasNoIpv6AddressSoTheSeedProfileRejectsItToo() {
		try (MockWebServer server = MockServers.startTls(); Subnet subnet = Subnet.builder().build()) {
			server.setDispatcher(Servers.always(Servers.json("{}")));
			String url = "https://127.0.0.1:" + server.getPort() + "/rate";
			OutcallResult result = subnet.httpRequest(HttpRequestArgs.get(url).transform(DROP_HEADERS).cycles(100_000_000_000L).build());
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, result);
			assertEquals(SEEDS_CONNECT_REJECT, reject.message());
			assertEquals(0, server.getRequestCount());
		}
	}

	@Test
	void anIpv4OnlyServerIsReachedThroughTheTwoProxiesOnTheCurrentReplicaAndSeesOnlyTheirAddresses(TestReporter report) {
		try (MockWebServer server = MockServers.startTlsIpv4Only();
				Subnet subnet = Subnet.builder().profile(ReplicaProfile.CURRENT_REPLICA).seed(7).build()) {
			server.setDispatcher(Servers.always(Servers.json("{\"rate\":1}")));
			OutcallResult result = subnet.httpRequest(get(server));
			assertInstanceOf(OutcallResult.Reply.class, result, () -> String.valueOf(result));
			assertEquals(13, server.getRequestCount());
			assertEquals(Set.of(SubnetNetwork.proxySource(0), SubnetNetwork.proxySource(1)), sources(server));
			Set<String> traced = new TreeSet<>();
			for (ReplicaTrace r : result.trace().replicas()) {
				assertEquals(NetworkPath.SOCKS_PROXY, r.path());
				assertEquals(SubnetNetwork.proxySource(r.proxy()), r.source());
				assertTrue(r.fallbacks().get(0).startsWith("direct: "), r.fallbacks().toString());
				traced.add(r.source());
			}
			assertEquals(sources(server), traced, "the trace names the addresses the server saw");
			report.publishEntry("server saw", sources(server).toString());
		}
	}

	@Test
	void aDualStackServerIsReachedDirectlyOverIpv6Loopback(TestReporter report) {
		boolean ipv6 = SubnetNetwork.hasIpv6Loopback();
		report.publishEntry("IPv6 loopback (::1) on this machine", String.valueOf(ipv6));
		Assumptions.assumeTrue(ipv6, "this machine has no IPv6 loopback; the direct IPv6 path cannot be shown here");
		for (ReplicaProfile profile : ReplicaProfile.values()) {
			try (MockWebServer server = MockServers.startTls(); Subnet subnet = Subnet.builder().profile(profile).build()) {
				server.setDispatcher(Servers.always(Servers.json("{\"rate\":1}")));
				OutcallResult result = subnet.httpRequest(get(server));
				assertInstanceOf(OutcallResult.Reply.class, result, () -> String.valueOf(result));
				assertEquals(Set.of("::1"), sources(server), profile.name());
				for (ReplicaTrace r : result.trace().replicas()) {
					assertEquals(NetworkPath.DIRECT_IPV6, r.path());
					assertEquals("::1", r.source());
					assertEquals(List.of(), r.fallbacks());
				}
			}
		}
	}

	@Test
	void ipv4PerReplicaKeepsThirteenDistinctClients() {
		try (MockWebServer server = MockServers.startTlsIpv4Only();
				Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).build()) {
			server.setDispatcher(Servers.always(Servers.json("{}")));
			OutcallResult result = subnet.httpRequest(get(server));
			assertInstanceOf(OutcallResult.Reply.class, result);
			assertEquals(13, sources(server).size());
			for (ReplicaTrace r : result.trace().replicas()) {
				assertEquals(NetworkPath.DIRECT_IPV4, r.path());
				assertEquals(subnet.sourceAddress(r.replica()), r.source());
			}
		}
	}

	@Test
	void aSimulatedMissingIpv6RouteMakesADualStackServerIpv4OnlyOnEveryMachine() {
		try (MockWebServer server = MockServers.startTls()) {
			server.setDispatcher(Servers.always(Servers.json("{}")));
			try (Subnet seed = Subnet.builder().simulateNoIpv6Route().build()) {
				OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, seed.httpRequest(get(server)));
				assertEquals(SEEDS_CONNECT_REJECT, reject.message());
				assertTrue(reject.trace().replicas().get(0).perturbations().get(0).startsWith("no IPv6 route (simulated)"));
			}
			try (Subnet current = Subnet.builder().profile(ReplicaProfile.CURRENT_REPLICA).simulateNoIpv6Route().build()) {
				OutcallResult result = current.httpRequest(get(server));
				assertInstanceOf(OutcallResult.Reply.class, result);
				assertTrue(result.trace().replicas().stream().allMatch(r -> r.path() == NetworkPath.SOCKS_PROXY));
			}
		}
	}

	@Test
	void whenTheDirectAttemptAndBothProxiesFailTheCurrentReplicaSaysSoInOneText() throws IOException {
		int closedPort;
		try (ServerSocket s = new ServerSocket(0)) {
			closedPort = s.getLocalPort();
		}
		try (Subnet subnet = Subnet.builder().profile(ReplicaProfile.CURRENT_REPLICA).build()) {
			OutcallResult result = subnet.httpRequest(
					HttpRequestArgs.get("https://localhost:" + closedPort + "/").transform(DROP_HEADERS).cycles(100_000_000_000L).build());
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, result);
			assertEquals(RejectCode.SYS_TRANSIENT, reject.code());
			// dfinity/ic rs/https_outcalls/adapter/src/rpc_server.rs (https_outcall, do_https_outcall_socks_proxy): the direct
			// error's Debug, a newline and 36 spaces, then the last proxy's error Debug-formatted as a string (quoted).
			String direct = "hyper_util::client::legacy::Error(Connect, ConnectError(\"tcp connect error\", Os { code: 111, kind: ConnectionRefused, "
					+ "message: \"Connection refused\" }))";
			assertEquals("Connecting to localhost failed: direct connect " + direct + "\n" + " ".repeat(36)
					+ "and connect through socks \"hyper_util::client::legacy::Error(Connect, Socks(Response(ConnectionRefused)))\"",
					reject.message());
			for (ReplicaTrace r : result.trace().replicas()) {
				// The direct attempt, then both proxies in the replica's seeded order.
				assertEquals(3, r.fallbacks().size(), r.fallbacks().toString());
				assertEquals("direct: connection refused", r.fallbacks().get(0));
				assertEquals(Set.of("SOCKS proxy 0: SOCKS proxy refused: ConnectionRefused", "SOCKS proxy 1: SOCKS proxy refused: ConnectionRefused"),
						Set.copyOf(r.fallbacks().subList(1, 3)));
			}
		}
	}

	@Test
	void aBrokenResponseHeadIsSentAgainThroughEachProxySoEveryReplicaPostsThreeTimes() {
		Assumptions.assumeTrue(SubnetNetwork.hasIpv6Loopback(), "the direct attempt needs IPv6 loopback to reach the server");
		try (MockWebServer server = MockServers.startTls();
				Subnet subnet = Subnet.builder().profile(ReplicaProfile.CURRENT_REPLICA).build()) {
			// A status hyper refuses (StatusCode accepts 100..999): the head is unusable after the server took the request.
			server.setDispatcher(Servers.always(new mockwebserver3.MockResponse.Builder().status("HTTP/1.1 000 Zero").body("{}").build()));
			OutcallResult result = subnet.httpRequest(HttpRequestArgs.post(server.url("/orders").toString(), "{\"qty\":1}")
					.cycles(100_000_000_000L).build());
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, result);
			// adapter-wire §2 "Repeated requests": direct, then up to 2 proxies, each sending the request again.
			assertEquals(39, server.getRequestCount(), "13 replicas × (direct + 2 proxies)");
			assertEquals(Set.of("::1", SubnetNetwork.proxySource(0), SubnetNetwork.proxySource(1)), sources(server));
			String parse = "hyper_util::client::legacy::Error(SendRequest, hyper::Error(Parse(Status)))";
			assertEquals("Connecting to localhost failed: direct connect " + parse + "\n" + " ".repeat(36) + "and connect through socks \"" + parse + "\"",
					reject.message());
		}
	}
}
