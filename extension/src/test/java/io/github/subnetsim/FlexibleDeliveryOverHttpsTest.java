package io.github.subnetsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import io.github.subnetsim.FlexibleOutcallResult.FlexibleError;
import io.github.subnetsim.FlexibleOutcallResult.NodeDetail;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.ReplicaProfile;

/**
 * Flexible outcalls over real HTTPS, n = 13: the delivery rule (dfinity/ic
 * {@code rs/https_outcalls/consensus/src/payload_builder/utils.rs} {@code find_flexible_result},
 * {@code select_flexible_responses}), the error arms' exact texts ({@code payload_builder.rs}
 * {@code flexible_error_into_consensus_response}) and their charges, computed by hand from
 * {@code rs/https_outcalls/pricing/src/fees.rs} ({@code flexible_initial_spent}).
 */
@ExtendWith(TlsServerExtension.class)
class FlexibleDeliveryOverHttpsTest {

	private static final long PLENTY = PayAsYouGoOverHttpsTest.PLENTY;
	private static final FlexibleReplication TWO_OF_THREE = FlexibleReplication.builder().minResponses(2).maxResponses(3).totalRequests(3).build();
	private MockWebServer server;

	@BeforeEach
	void start(MockWebServer server) {
		this.server = server;
		server.setDispatcher(Servers.always(Servers.json("{\"price\":1}")));
	}

	private HttpRequestArgs.Builder args(long cycles) {
		return HttpRequestArgs.get(server.url("/").toString()).cycles(cycles);
	}

	/** (1,000,000 + 50·request + 90,000·13 + 2,000·13·m + 100,000·m)·13 = (2,170,000 + 50·request + 126,000·m)·13. */
	private long base(int m) {
		return (2_170_000 + 50L * server.url("/").toString().length() + 126_000L * m) * 13;
	}

	@Test
	void okResponses_areSortedSmallestFirst_notInArrivalOrder() {
		// Replica i answers with a body of 100·(13 − i) bytes and arrives 1 s·(13 − i) late: larger bodies arrive first.
		PerturbationPlan plan = PerturbationPlan.none();
		for (int i = 0; i < 13; i++) {
			plan = plan.and(Replicas.of(i), Perturbation.replaceBody("x".repeat(100 * (13 - i))),
					Perturbation.latency(Duration.ofMillis(1_000L * (13 - i))));
		}
		try (Subnet s = Subnet.builder().replicas(13).seed(3).profile(ReplicaProfile.CURRENT_REPLICA).build()) {
			FlexibleOutcallResult.Responses ok = assertInstanceOf(FlexibleOutcallResult.Responses.class,
					s.flexibleHttpRequest(args(PLENTY).build(), new FlexibleReplication(3, 3, 3), plan));
			List<Integer> sizes = new ArrayList<>();
			List<Integer> sorted = new ArrayList<>();
			for (FlexibleOutcallResult.ReplicaResponse r : ok.responses()) {
				sizes.add(r.response().bodyLength());
				sorted.add(r.response().bodyLength());
			}
			sorted.sort(null);
			assertEquals(sorted, sizes);
			assertEquals(3, sizes.size());
		}
	}

	@Test
	void tooManyRejects_exactTextDetailsAndCharge() {
		// All of the committee reject "boom" (4 bytes). At the 2nd reject, 2 > 3 − 2 → too_many_rejects with 2 delivered.
		// Receipts: 3 nodes × gossip 50·4·13 = 2,600 (forced rejects fetch nothing) = 7,800; consensus_fee(2·(181 + 4))
		// = 730·13·370 = 3,511,300; (K − m) = 0 extra. Charge: base(m = 2) + 3,519,100.
		try (Subnet s = Subnet.builder().replicas(13).profile(ReplicaProfile.CURRENT_REPLICA).build()) {
			FlexibleOutcallResult r = s.flexibleHttpRequest(args(PLENTY).build(), TWO_OF_THREE,
					PerturbationPlan.on(Replicas.all(), Perturbation.reject(RejectCode.SYS_TRANSIENT, "boom")));
			FlexibleOutcallResult.Error err = assertInstanceOf(FlexibleOutcallResult.Error.class, r);
			assertEquals(FlexibleError.TOO_MANY_REJECTS, err.globalError());
			assertEquals("Too many rejects: 2 responses are rejects", err.message());
			assertEquals(2, err.nodeDetails().size());
			assertEquals("SysTransient", err.nodeDetails().get(0).code());
			assertEquals(base(2) + 3_519_100, r.cost().total());
			assertEquals(3_511_300, r.cost().consensusPart());
			assertEquals(PLENTY - r.cost().total(), r.refund());
		}
	}

	@Test
	void timeout_exactTextNoDetails_baseOnly() {
		try (Subnet s = Subnet.builder().replicas(13).profile(ReplicaProfile.CURRENT_REPLICA).build()) {
			FlexibleOutcallResult r = s.flexibleHttpRequest(args(PLENTY).build(), TWO_OF_THREE, PerturbationPlan.on(Replicas.all(), Perturbation.silent()));
			FlexibleOutcallResult.Error err = assertInstanceOf(FlexibleOutcallResult.Error.class, r);
			assertEquals(FlexibleError.TIMEOUT, err.globalError());
			assertEquals("Flexible HTTP request timed out", err.message());
			assertEquals(List.of(), err.nodeDetails());
			assertEquals(base(2), r.cost().total()); // timeout: base only
			assertEquals(PLENTY - base(2), r.refund());
		}
	}

	@Test
	void outOfCycles_exactTextDetailsAndCharge() {
		// Allowance 1 per node: deadline 0 ms → "Deadline Exceeded"; gossip 50·17·13 = 11,050 > 1 → "Insufficient cycles"
		// (19 bytes), receipt capped at 1. At the first share: 2 OK still reachable cost consensus_fee(2·181) = 730·13·362 =
		// 3,435,380, 2 rejects cost consensus_fee(200 + 181) = 3,615,690; 1·3 − 1 = 2 left < 3,435,380 → out_of_cycles.
		// Charge: base(m = 2) + 3 receipts of 1; refund 0.
		try (Subnet s = Subnet.builder().replicas(13).profile(ReplicaProfile.CURRENT_REPLICA).build()) {
			long attached = base(2) + 3;
			FlexibleOutcallResult r = s.flexibleHttpRequest(args(attached).build(), TWO_OF_THREE);
			FlexibleOutcallResult.Error err = assertInstanceOf(FlexibleOutcallResult.Error.class, r);
			assertEquals(FlexibleError.OUT_OF_CYCLES, err.globalError());
			assertEquals("Out of cycles: 1 of the assigned replicas reported a collective spend of 1 cycles, leaving 2 cycles of the attached "
					+ "payment (after base fee deduction). Delivering a response would cost at least 3_435_380 cycles.", err.message());
			assertEquals(1, err.nodeDetails().size());
			assertEquals("reject", err.nodeDetails().get(0).code());
			assertEquals("1 cycles spent", err.nodeDetails().get(0).message());
			assertEquals(base(2) + 3, r.cost().total());
			assertEquals(0, r.refund());
		}
	}

	@Test
	void responsesTooLarge_exactTextAndDetails() {
		// 1,000,000-byte bodies, headers dropped: each transformed response is 1,000,050 Candid bytes (dfinity/candid spec:
		// 48 + body + 2 more LEB128 bytes). 3 of them with 181 each exceed 2,097,152 → responses_too_large; no consensus fee.
		server.setDispatcher(Servers.always(new MockResponse.Builder().body("y".repeat(1_000_000)).build()));
		try (Subnet s = Subnet.builder().replicas(13).profile(ReplicaProfile.CURRENT_REPLICA).build()) {
			Transform drop = Transform.of("t", (resp, ctx) -> resp.withHeaders(List.of()));
			FlexibleOutcallResult r = s.flexibleHttpRequest(args(PLENTY).transform(drop).maxResponseBytes(2_000_000).build(),
					new FlexibleReplication(3, 3, 3));
			FlexibleOutcallResult.Error err = assertInstanceOf(FlexibleOutcallResult.Error.class, r);
			assertEquals(FlexibleError.RESPONSES_TOO_LARGE, err.globalError());
			assertEquals("Responses too large: need at least 3 OK responses to fit within 2097152 bytes, but even the smallest 3 (= 3 min_responses "
					+ "- 0 unseen) of 3 OK responses have sizes [1000050, 1000050, 1000050] bytes (3 ok + 0 reject + 0 unseen = 3 total_requests)",
					err.message());
			for (NodeDetail d : err.nodeDetails()) {
				assertEquals("ok", d.code());
				assertEquals("1000050 bytes", d.message());
			}
			assertEquals(0, r.cost().consensusPart());
		}
	}
}
