package io.github.subnetsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.junit.SimulatedSubnet;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.server.MockServers;
import io.github.subnetsim.trace.RejectReason;

/**
 * A subnet refuses, before any connection, a host off loopback unless built with {@code allowRemoteHosts()}; names are
 * resolved once and checked by address. TEST-NET-1 (192.0.2.0/24, RFC 5737) addresses are never connected to: the
 * refusal comes first, and no test here sends a packet off the machine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteHostsTest {

	private static final long ATTACHED = 100_000_000_000L;

	private static HttpRequestArgs get(String url) {
		return HttpRequestArgs.get(url).cycles(ATTACHED).build();
	}

	private static InetAddress testNet(int last) throws UnknownHostException {
		return InetAddress.getByAddress(new byte[] { (byte) 192, 0, 2, (byte) last });
	}

	@Test
	void aTestNetAddressIsRefusedWithWhyAndHow() {
		try (Subnet subnet = Subnet.builder().build()) {
			RemoteHostRefusedException e = assertThrows(RemoteHostRefusedException.class, () -> subnet.httpRequest(get("https://192.0.2.1/price")));
			assertTrue(e.getMessage().contains("192.0.2.1"), e.getMessage());
			assertTrue(e.getMessage().contains("not on loopback"), e.getMessage());
			assertTrue(e.getMessage().contains("13 requests"), e.getMessage());
			assertTrue(e.getMessage().contains("amplification"), e.getMessage());
			assertTrue(e.getMessage().contains("allowRemoteHosts()"), e.getMessage());
			assertThrows(RemoteHostRefusedException.class, () -> subnet.httpRequest(get("https://[2001:db8::1]/")));
			assertThrows(RemoteHostRefusedException.class, () -> subnet.flexibleHttpRequest(get("https://192.0.2.9/"), null));
		}
	}

	@Test
	void aNameIsResolvedOnceAndCheckedByAddress() {
		List<String> lookups = Collections.synchronizedList(new ArrayList<>());
		HostResolver hosts = host -> {
			lookups.add(host);
			return switch (host) {
				case "api.example.test" -> List.of(testNet(7));
				case "mixed.example.test" -> List.of(InetAddress.getByName("127.0.0.1"), testNet(8));
				default -> throw new UnknownHostException(host);
			};
		};
		try (Subnet subnet = Subnet.builder().resolver(hosts).build()) {
			RemoteHostRefusedException e = assertThrows(RemoteHostRefusedException.class,
					() -> subnet.httpRequest(get("https://api.example.test/price")));
			assertTrue(e.getMessage().contains("api.example.test (192.0.2.7)"), e.getMessage());
			assertEquals(List.of("api.example.test"), lookups, "one lookup for 13 replicas");
			assertThrows(RemoteHostRefusedException.class, () -> subnet.httpRequest(get("https://mixed.example.test/")));
			// A name that does not resolve is the adapter's connect failure (dns error), agreed by every replica.
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, subnet.httpRequest(get("https://nowhere.example.test/")));
			assertEquals(RejectReason.CONNECT_FAILED, reject.reason());
			// The seed-documented profile's text: hyper 0.14's Display after "Failed to connect: " (docs/network.md).
			assertEquals("Failed to connect: error trying to connect: dns error: failed to lookup address information: Name or service not known",
					reject.message());
		}
	}

	@Test
	void aNameMappedToLoopbackIsAllowedAndConnectsToThatAddress() throws IOException {
		try (MockWebServer server = MockServers.startTls();
				Subnet subnet = Subnet.builder().replicas(4).profile(ReplicaProfile.CURRENT_REPLICA).network(ReplicaNetwork.IPV4_PER_REPLICA)
						.resolver(h -> List.of(InetAddress.getByName("127.0.0.1"))).build()) {
			server.setDispatcher(Servers.always(Servers.json("{}")));
			// The server's certificate names localhost, not this name: the replicas connect, and TLS refuses the name.
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class,
					subnet.httpRequest(get("https://api.example.test:" + server.getPort() + "/")));
			assertTrue(reject.message().contains("InvalidCertificate(NotValidForName)"), reject.message());
		}
	}

	@Test
	void theOptInLetsAnAddressOffLoopbackThrough() throws IOException {
		InetAddress own = ownNonLoopbackAddress();
		Assumptions.assumeTrue(own != null, "no non-loopback IPv4 address on this machine");
		int closedPort;
		try (ServerSocket s = new ServerSocket(0, 1, own)) {
			closedPort = s.getLocalPort();
		}
		// The machine's own interface address: not loopback, yet the packets never leave the machine.
		String url = "https://" + own.getHostAddress() + ":" + closedPort + "/";
		try (Subnet refused = Subnet.builder().replicas(4).build()) {
			assertThrows(RemoteHostRefusedException.class, () -> refused.httpRequest(get(url)));
		}
		try (Subnet allowed = Subnet.builder().replicas(4).profile(ReplicaProfile.CURRENT_REPLICA).network(ReplicaNetwork.IPV4_PER_REPLICA)
				.allowRemoteHosts().build()) {
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, allowed.httpRequest(get(url)));
			assertTrue(reject.message().contains("ConnectionRefused"), reject.message());
		}
	}

	private static InetAddress ownNonLoopbackAddress() throws IOException {
		for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			if (!ni.isUp() || ni.isLoopback()) {
				continue;
			}
			for (InetAddress a : Collections.list(ni.getInetAddresses())) {
				if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
					return a;
				}
			}
		}
		return null;
	}

	@SimulatedSubnet(replicas = 4)
	static class AnnotatedTest {
	}

	@Test
	void theAnnotationRefusesByDefault() {
		SimulatedSubnet defaults = AnnotatedTest.class.getAnnotation(SimulatedSubnet.class);
		assertEquals(false, defaults.allowRemoteHosts());
		assertEquals(30_000, defaults.requestTimeoutMillis());
	}
}
