package io.github.subnetsim.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.HostResolver;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.internal.wire.Route;

/** The routes each network gives a replica (docs/network.md), including on a machine without IPv6 loopback. */
class SubnetNetworkTest {

	private static final InetAddress V4 = address("127.0.0.1");
	private static final InetAddress V6 = address("::1");
	private static final InetAddress OWN = address("127.0.0.6");

	private static InetAddress address(String a) {
		try {
			return InetAddress.getByName(a);
		}
		catch (java.net.UnknownHostException e) {
			throw new IllegalStateException(e);
		}
	}

	private static SubnetNetwork network(ReplicaNetwork mode, boolean noRoute, boolean ipv6Loopback) {
		return new SubnetNetwork(mode, noRoute, HostResolver.system(), Duration.ofSeconds(2), 0, ipv6Loopback);
	}

	@Test
	void ipv6OnlyConnectsToTheIpv6AddressesWithoutBindingAndHasNoIpv6RouteToAnIpv4Literal() {
		try (SubnetNetwork n = network(ReplicaNetwork.IPV6_ONLY, false, true)) {
			SubnetNetwork.Plan p = n.plan(5, 0, "localhost", List.of(V4, V6), OWN);
			assertEquals(List.of(new Route.Direct(List.of(V6), null)), p.routes());
			assertEquals(List.of(), p.notes());
			assertEquals(List.of(new Route.Direct(List.of(), null)), n.plan(5, 0, "127.0.0.1", List.of(V4), OWN).routes());
		}
	}

	@Test
	void withoutIpv6LoopbackTheDirectAttemptUsesTheReplicasIpv4AddressAndSaysSo() {
		try (SubnetNetwork n = network(ReplicaNetwork.IPV6_ONLY, false, false)) {
			SubnetNetwork.Plan p = n.plan(5, 0, "localhost", List.of(V4, V6), OWN);
			assertEquals(List.of(new Route.Direct(List.of(V4), OWN)), p.routes());
			assertEquals(1, p.notes().size());
			assertTrue(p.notes().get(0).startsWith("this machine has no IPv6 loopback (::1)"), p.notes().get(0));
		}
	}

	@Test
	void aSimulatedMissingRouteFailsTheDirectAttemptOnEveryMachine() {
		for (boolean ipv6 : new boolean[] { true, false }) {
			try (SubnetNetwork n = network(ReplicaNetwork.IPV6_THEN_SOCKS, true, ipv6)) {
				SubnetNetwork.Plan p = n.plan(0, 0, "localhost", List.of(V4, V6), OWN);
				assertEquals(new Route.Direct(List.of(), null), p.routes().get(0));
				assertEquals(3, p.routes().size(), "direct, then both proxies");
				assertInstanceOf(Route.Socks5.class, p.routes().get(1));
				assertInstanceOf(Route.Socks5.class, p.routes().get(2));
				assertTrue(p.notes().get(0).startsWith("no IPv6 route (simulated)"));
			}
		}
	}

	@Test
	void theProxyOrderIsTheSeedsAndVariesAcrossReplicas() {
		try (SubnetNetwork a = network(ReplicaNetwork.IPV6_THEN_SOCKS, false, true);
				SubnetNetwork b = network(ReplicaNetwork.IPV6_THEN_SOCKS, false, true)) {
			int[] first = new int[2];
			for (int r = 0; r < 13; r++) {
				int pa = ((Route.Socks5) a.plan(r, 0, "localhost", List.of(V4, V6), OWN).routes().get(1)).index();
				int pb = ((Route.Socks5) b.plan(r, 0, "localhost", List.of(V4, V6), OWN).routes().get(1)).index();
				assertEquals(pa, pb, "the same seed, replica and call: the same proxy first");
				first[pa]++;
			}
			// Seed 0 splits the 13 replicas 7/6 between the proxies (RateLimitedApiTest relies on the same draw).
			assertEquals(7, first[0]);
			assertEquals(6, first[1]);
		}
	}

	@Test
	void ipv4PerReplicaBindsTheReplicasOwnAddress() {
		try (SubnetNetwork n = network(ReplicaNetwork.IPV4_PER_REPLICA, false, true)) {
			assertEquals(List.of(new Route.Direct(List.of(V4), OWN)), n.plan(5, 0, "localhost", List.of(V4, V6), OWN).routes());
		}
	}
}
