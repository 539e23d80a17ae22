package io.github.subnetsim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.server.MockServers;

/**
 * Threads and file descriptors come back to their baseline after 1,000 outcalls on one subnet and 200 subnets, all
 * closed, including a subnet whose transform never ended.
 */
class ResourcesAfterCloseTest {

	/**
	 * Live threads, without the test server's own pool: OkHttp's TaskRunner keeps idle MockWebServer threads for up to
	 * 60 s, and how many depends on how many connections were open at once, not on a leak. A server connection left
	 * open would still show as a file descriptor.
	 */
	private static int threads() {
		int n = 0;
		for (Thread t : Thread.getAllStackTraces().keySet()) {
			n += t.getName().equals("MockWebServer TaskRunner") ? 0 : 1;
		}
		return n;
	}

	private static int fds() {
		String[] entries = new File("/proc/self/fd").list();
		return entries == null ? -1 : entries.length;
	}

	/** Waits up to 15 s for a count to come back to at most {@code baseline}; returns the last count. */
	private static long settle(LongSupplier count, long baseline) throws InterruptedException {
		long now = count.getAsLong();
		for (int i = 0; i < 150 && now > baseline; i++) {
			Thread.sleep(100);
			now = count.getAsLong();
		}
		return now;
	}

	@Test
	@Timeout(value = 600, unit = TimeUnit.SECONDS)
	void threadsAndFileDescriptorsReturnToBaselineAfterClose() throws Exception {
		try (MockWebServer server = MockServers.startTls()) {
			server.setDispatcher(Servers.always(Servers.json("{\"price\":1}")));
			HttpRequestArgs args = HttpRequestArgs.get(server.url("/").toString()).cycles(100_000_000_000L)
					.transform(Transform.of("transform", (r, c) -> r.withHeaders(List.of()))).build();
			// Warm up: classes, TLS contexts, the JDK's own lazily started threads.
			try (Subnet warm = Subnet.builder().replicas(13).build()) {
				warm.httpRequest(args);
			}
			settle(ResourcesAfterCloseTest::threads, 0);
			int baseThreads = threads();
			int baseFds = fds();

			try (Subnet subnet = Subnet.builder().replicas(13).build()) {
				for (int i = 0; i < 1_000; i++) {
					assertTrue(subnet.httpRequest(args).isReply());
				}
			}
			for (int i = 0; i < 200; i++) {
				try (Subnet subnet = Subnet.builder().replicas(4).seed(i).build()) {
					assertTrue(subnet.httpRequest(args).isReply());
				}
			}
			// Through the subnet's SOCKS proxies: their listeners, relays and onward connections end with the subnet.
			try (Subnet proxied = Subnet.builder().replicas(13).profile(ReplicaProfile.CURRENT_REPLICA).simulateNoIpv6Route().build()) {
				for (int i = 0; i < 200; i++) {
					assertTrue(proxied.httpRequest(args).isReply());
				}
			}
			for (int i = 0; i < 50; i++) {
				try (Subnet proxied = Subnet.builder().replicas(4).seed(i).profile(ReplicaProfile.CURRENT_REPLICA).simulateNoIpv6Route().build()) {
					assertTrue(proxied.httpRequest(args).isReply());
				}
			}
			try (Subnet runaway = Subnet.builder().replicas(1).transformTimeout(Duration.ofMillis(100)).build()) {
				runaway.httpRequest(HttpRequestArgs.get(server.url("/").toString()).cycles(100_000_000_000L)
						.transform(Transform.of("spin", (r, c) -> {
							long x = 1;
							while (x != 0) {
								x = x * 3 + 1;
							}
							return r;
						})).build());
			}
			long threadsAfter = settle(ResourcesAfterCloseTest::threads, baseThreads);
			long fdsAfter = settle(ResourcesAfterCloseTest::fds, baseFds);
			System.out.println("[subnet-sim] before: " + baseThreads + " threads / " + baseFds + " fds; after 1,000 outcalls and 200 subnets, closed: "
					+ threadsAfter + " threads / " + fdsAfter + " fds");
			assertTrue(threadsAfter <= baseThreads, "threads " + threadsAfter + " > " + baseThreads + ": " + Thread.getAllStackTraces().keySet());
			assertTrue(fdsAfter <= baseFds, "fds " + fdsAfter + " > " + baseFds);
		}
	}
}
