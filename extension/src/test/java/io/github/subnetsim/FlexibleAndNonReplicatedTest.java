package io.github.subnetsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.cost.PricingVersion;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.ReplicaProfile;

/** Non-replicated and flexible outcalls: dfinity/ic rs/https_outcalls/consensus/src/payload_builder/utils.rs; docs/flexible-and-non-replicated.md (semantics, texts, defaults) and §4.3 (pricing). */
@ExtendWith(TlsServerExtension.class)
class FlexibleAndNonReplicatedTest {

	private static final long PLENTY = 1_000_000_000_000L;
	private MockWebServer server;

	@BeforeEach
	void start(MockWebServer server) {
		this.server = server;
		server.setDispatcher(Servers.always(Servers.json("{\"price\":1}")));
	}

	private HttpRequestArgs args() {
		return HttpRequestArgs.get(server.url("/").toString()).cycles(PLENTY).build();
	}

	private static Subnet subnet() {
		return Subnet.builder().replicas(13).seed(21).profile(ReplicaProfile.CURRENT_REPLICA).build();
	}

	private static void assertInvalid(FlexibleOutcallResult r, String text) {
		FlexibleOutcallResult.Reject reject = assertInstanceOf(FlexibleOutcallResult.Reject.class, r);
		assertEquals(RejectCode.CANISTER_REJECT, reject.code());
		assertEquals(text, reject.message());
		assertEquals(PLENTY, reject.refund());
	}

	@Test
	void defaultsAreMinTwoThirdsPlusOneMaxNTotalN_andMinIsReachedEarly() {
		// TYPES generate_from_flexible_args: min ⌊2n/3⌋ + 1, max n, total n.
		assertEquals(new FlexibleReplication(9, 13, 13), FlexibleReplication.defaults(13));
		assertEquals(new FlexibleReplication(23, 34, 34), FlexibleReplication.defaults(34));
		assertEquals(new FlexibleReplication(3, 4, 4), FlexibleReplication.defaults(4));
		assertEquals(FlexibleReplication.defaults(13), FlexibleReplication.builder().minResponses(9).maxResponses(13).totalRequests(13).build());
		try (Subnet s = subnet()) {
			FlexibleOutcallResult.Responses ok = assertInstanceOf(FlexibleOutcallResult.Responses.class, s.flexibleHttpRequest(args(), null));
			// PB find_flexible_result: delivered at the first block with 9 OK responses, so 9, not 13.
			assertEquals(9, ok.responses().size());
			assertEquals(13, server.getRequestCount());
		}
	}

	@Test
	void eachValidationTextAtItsBoundary() {
		// TYPES generate_from_flexible_args, texts of dfinity/ic rs/https_outcalls/consensus/src/payload_builder/utils.rs; docs/flexible-and-non-replicated.md
		try (Subnet s = subnet()) {
			assertInvalid(s.flexibleHttpRequest(args(), new FlexibleReplication(0, 0, 0)), "total_requests (0) must be at least 1");
			assertInstanceOf(FlexibleOutcallResult.Responses.class, s.flexibleHttpRequest(args(), new FlexibleReplication(0, 1, 1)));
			assertInstanceOf(FlexibleOutcallResult.Responses.class, s.flexibleHttpRequest(args(), new FlexibleReplication(1, 1, 13)));
			assertInvalid(s.flexibleHttpRequest(args(), new FlexibleReplication(1, 1, 14)),
					"total_requests (14) must not exceed the number of available nodes (13)");
			assertInstanceOf(FlexibleOutcallResult.Responses.class, s.flexibleHttpRequest(args(), new FlexibleReplication(3, 3, 3)));
			assertInvalid(s.flexibleHttpRequest(args(), new FlexibleReplication(4, 3, 3)), "min_responses (4) must not exceed max_responses (3)");
			assertInvalid(s.flexibleHttpRequest(args(), new FlexibleReplication(1, 4, 3)), "max_responses (4) must not exceed total_requests (3)");
		}
	}

	@Test
	void perturbedReplicasComeBackIndividuallyWithoutConsensus() {
		try (Subnet s = subnet()) {
			FlexibleOutcallResult r = s.flexibleHttpRequest(args(), new FlexibleReplication(13, 13, 13),
					PerturbationPlan.on(Replicas.of(2, 7), Perturbation.replaceBody("{\"price\":999}")));
			FlexibleOutcallResult.Responses ok = assertInstanceOf(FlexibleOutcallResult.Responses.class, r);
			Set<String> bodies = new HashSet<>();
			for (FlexibleOutcallResult.ReplicaResponse x : ok.responses()) {
				bodies.add(x.response().bodyText());
				assertEquals(x.replica() == 2 || x.replica() == 7 ? "{\"price\":999}" : "{\"price\":1}", x.response().bodyText());
			}
			assertEquals(Set.of("{\"price\":1}", "{\"price\":999}"), bodies);
		}
	}

	@Test
	void aRandomCommitteeOfTotalRequestsFetches_andMinResponsesAreDeliveredOnceIn() {
		try (Subnet s = subnet()) {
			FlexibleOutcallResult.Responses ok = assertInstanceOf(FlexibleOutcallResult.Responses.class,
					s.flexibleHttpRequest(args(), new FlexibleReplication(2, 3, 5)));
			assertEquals(2, ok.responses().size(), "min reached early: fewer than max delivered");
			assertEquals(5, ok.trace().consensus().committee().size());
			assertEquals(5, server.getRequestCount());
		}
	}

	@Test
	void fireAndForgetReturnsNoResponse() {
		try (Subnet s = subnet()) {
			FlexibleOutcallResult.Responses ok = assertInstanceOf(FlexibleOutcallResult.Responses.class,
					s.flexibleHttpRequest(args(), new FlexibleReplication(0, 0, 2)));
			assertEquals(List.of(), ok.responses());
		}
	}

	@Test
	void tooManyRejectsIsTheErrorArmWithPerNodeDetails() {
		try (Subnet s = subnet()) {
			FlexibleOutcallResult r = s.flexibleHttpRequest(args(), new FlexibleReplication(9, 13, 13),
					PerturbationPlan.on(Replicas.random(5), Perturbation.reject(RejectCode.SYS_TRANSIENT, "boom")));
			FlexibleOutcallResult.Error err = assertInstanceOf(FlexibleOutcallResult.Error.class, r);
			assertEquals(FlexibleOutcallResult.FlexibleError.TOO_MANY_REJECTS, err.globalError());
			// 5 rejects > 13 − 9: PB flexible_error_into_consensus_response, one node_details entry per delivered reject.
			assertEquals("Too many rejects: 5 responses are rejects", err.message());
			assertEquals(5, err.nodeDetails().size());
			for (FlexibleOutcallResult.NodeDetail d : err.nodeDetails()) {
				assertEquals("SysTransient", d.code());
				assertEquals("boom", d.message());
			}
		}
	}

	@Test
	void flexibleIsAlwaysPricedPayAsYouGoWithTheFlexibleBase() {
		try (Subnet s = subnet()) {
			FlexibleOutcallResult r = s.flexibleHttpRequest(args(), new FlexibleReplication(2, 3, 3));
			assertEquals(PricingVersion.PAY_AS_YOU_GO, r.cost().pricing());
			// dfinity/ic rs/https_outcalls/pricing/src/payg.rs and fees.rs; docs/cost.md: base (flexible) = (1_000_000 + 50·req + 90_000·n + 2_000·n·m + 100_000·m)·n, computed here.
			long req = server.url("/").toString().length();
			long base = (1_000_000 + 50 * req + 90_000L * 13 + 2_000L * 13 * 2 + 100_000L * 2) * 13;
			assertEquals(base, r.cost().base() + r.cost().requestBytesPart());
			assertTrue(r.cost().usagePart() > 0);
			assertTrue(r.cost().consensusPart() > 0);
			assertEquals(r.cost().base() + r.cost().requestBytesPart() + r.cost().usagePart() + r.cost().consensusPart(), r.cost().total());
			assertEquals(PLENTY - r.cost().total(), r.refund());
		}
	}

	@Test
	void aNonReplicatedPostReachesTheServerExactlyOnce() {
		try (Subnet s = subnet()) {
			HttpRequestArgs post = HttpRequestArgs.post(server.url("/orders").toString(), "{\"item\":1}").nonReplicated().cycles(PLENTY).build();
			OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, s.httpRequest(post));
			assertEquals(1, reply.agreement());
			// v1 prices non-replicated exactly like replicated (dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md)
			assertEquals(s.cost(post.toBuilder().replicated(null).build()).total(), reply.cost().total());
		}
		assertEquals(1, server.getRequestCount());
	}

	@Test
	void payAsYouGoChargesBasePlusUsagePlusConsensusAndRefundsTheRest() {
		try (Subnet s = subnet()) {
			HttpRequestArgs v2 = args().toBuilder().pricingVersion(2).transform(Transform.of("t", (r, c) -> r.withHeaders(List.of()))).build();
			OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, s.httpRequest(v2));
			assertEquals(PricingVersion.PAY_AS_YOU_GO, reply.cost().pricing());
			long req = v2.urlLength() + 1; // URL + transform name "t"
			long base = (1_000_000 + 50 * req + 140_000L * 13 + 800L * 13 * 13) * 13; // §4.3 base (fully replicated)
			assertEquals(base, reply.cost().base() + reply.cost().requestBytesPart());
			assertEquals(PLENTY - reply.cost().total(), reply.refund());
			assertTrue(reply.cost().total() < s.cost(v2.toBuilder().pricingVersion(1).build()).total(),
					"a small response costs far less than v1's 2,000,000 priced response bytes");
		}
	}

	@Test
	void payAsYouGo_oneCyclePerNode_isOutOfCycles() {
		try (Subnet s = subnet()) {
			HttpRequestArgs probe = args().toBuilder().pricingVersion(2).build();
			long base = s.cost(probe).total();
			OutcallResult r = s.httpRequest(probe.toBuilder().cycles(base + 13).build());
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, r);
			assertEquals(RejectCode.CANISTER_REJECT, reject.code());
			// Allowance 1: deadline ⌊1/300⌋ = 0 ms, every node "Deadline Exceeded" (17 bytes), nothing spent; consensus_fee(17)
			// = 730·13·17 = 161,330 > 13 left (PB out_of_cycles_reject_message). Charge: the base; refund 13.
			assertEquals("Out of cycles: 9 of the assigned replicas reported a collective spend of 0 cycles, leaving 13 cycles of the attached "
					+ "payment (after base fee deduction). Delivering a response would cost at least 161_330 cycles.", reject.message());
			assertEquals(base, reject.cost().total());
			assertEquals(13, reject.refund());
		}
	}

	@Test
	void theSeedProfileSilentlyPricesVersionTwoAsVersionOne() {
		try (Subnet s = Subnet.builder().replicas(13).build()) {
			OutcallResult r = s.httpRequest(args().toBuilder().pricingVersion(2).build());
			assertEquals(PricingVersion.LEGACY, r.cost().pricing());
		}
	}
}
