package io.github.subnetsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.server.MockServers;
import io.github.subnetsim.trace.RejectReason;

/** Sizes that cannot overflow, and subnets up to {@link Subnet#MAX_REPLICAS} with the right verdict. */
class LargeSubnetsAndArithmeticTest {

	private static final long ATTACHED = 100_000_000_000L;

	@Test
	void hugeMaxResponseBytesIsTheRangeRejectNotAnOverflow() {
		try (Subnet current = Subnet.builder().profile(ReplicaProfile.CURRENT_REPLICA).build();
				Subnet seed = Subnet.builder().replicas(1000).build()) {
			for (long huge : new long[] { 1_000_000_000_000_000L, Long.MAX_VALUE }) {
				HttpRequestArgs args = HttpRequestArgs.get("https://localhost/").maxResponseBytes(huge).cycles(ATTACHED).build();
				OutcallResult.Reject r = assertInstanceOf(OutcallResult.Reject.class, current.httpRequest(args));
				assertEquals(RejectCode.CANISTER_REJECT, r.code());
				assertEquals(RejectReason.MAX_RESPONSE_BYTES_OUT_OF_RANGE, r.reason());
				assertEquals("max_response_bytes expected to be in the range [0..2000000], got " + huge, r.message());
				assertEquals(ATTACHED, r.refund());
				assertEquals(Long.MAX_VALUE, current.cost(args).total(), "the fee saturates");
				current.quoteV2(args);
				OutcallResult.Reject s = assertInstanceOf(OutcallResult.Reject.class, seed.httpRequest(args));
				assertEquals("max_response_bytes expected to be in the range [0..2097152], got " + huge, s.message());
			}
		}
	}

	@Test
	void aSubnetAboveTheSupportedMaximumIsRefusedByName() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Subnet.builder().replicas(1_001));
		assertTrue(e.getMessage().contains("at most 1000 replicas (Subnet.MAX_REPLICAS)"), e.getMessage());
	}

	@Test
	@Timeout(value = 300, unit = TimeUnit.SECONDS)
	void aThousandReplicasAgreeAndMemoryPerReplicaIsMeasured() throws Exception {
		try (MockWebServer server = MockServers.startTls()) {
			server.setDispatcher(Servers.priceApiWithRequestIds());
			Runtime rt = Runtime.getRuntime();
			System.gc();
			long before = rt.totalMemory() - rt.freeMemory();
			try (Subnet subnet = Subnet.builder().replicas(Subnet.MAX_REPLICAS).seed(5).build()) {
				HttpRequestArgs args = HttpRequestArgs.get(server.url("/price").toString()).cycles(Long.MAX_VALUE / 4)
						.transform(Transform.of("transform", (r, c) -> r.withHeaders(List.of())))
						.build();
				long start = System.nanoTime();
				OutcallResult r = subnet.httpRequest(args);
				long tookMillis = (System.nanoTime() - start) / 1_000_000;
				OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, r, () -> r.toString());
				assertEquals(1000, reply.agreement());
				assertEquals(1000, server.getRequestCount());
				System.gc();
				long after = rt.totalMemory() - rt.freeMemory();
				System.out.println("[subnet-sim] 1000 replicas: outcall took " + tookMillis + " ms, heap per replica with an open connection: "
						+ Math.max(0, after - before) / 1000 + " bytes");
			}
		}
	}
}
