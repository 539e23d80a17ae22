package io.github.subnetsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import io.github.subnetsim.cost.Cost;
import io.github.subnetsim.cost.Receipt;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.trace.Decision;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.trace.ReplicaTrace;

/**
 * Pay-as-you-go (v2) fully replicated and non-replicated outcalls over real HTTPS, n = 13: each ending's charge
 * computed by hand from dfinity/ic {@code rs/https_outcalls/pricing/src/fees.rs} and
 * {@code rs/https_outcalls/consensus/src/payload_builder.rs} ({@code into_messages}), and the texts of the per-node
 * limits ({@code rs/https_outcalls/pricing/src/payg.rs}, {@code rs/https_outcalls/client/src/client.rs}).
 *
 * <p>Endings whose charge holds no round-trip time (timeout, divergence of forced rejects, budgets so thin that the
 * deadline is below every virtual round trip, 20 ms or more) are exact by hand; a delivered reply is checked term by
 * term against its trace.
 */
@ExtendWith(TlsServerExtension.class)
class PayAsYouGoOverHttpsTest {

	static final long PLENTY = 1_000_000_000_000L;
	static final String CANISTER = "bkyz2-fmaaa-aaaaa-qaaaq-cai";
	private MockWebServer server;

	@BeforeEach
	void start(MockWebServer server) {
		this.server = server;
		server.setDispatcher(Servers.always(Servers.json("{\"price\":1}")));
	}

	private String url() {
		return server.url("/").toString();
	}

	private HttpRequestArgs.Builder v2(long cycles) {
		return HttpRequestArgs.get(url()).pricingVersion(2).cycles(cycles);
	}

	static Subnet subnet() {
		return Subnet.builder().replicas(13).seed(5).profile(ReplicaProfile.CURRENT_REPLICA).build();
	}

	/** (1,000,000 + 50·request + 140,000·13 + 800·13²)·13 = (2,955,200 + 50·request)·13. */
	private static long baseFullyReplicated(long request) {
		return (2_955_200 + 50 * request) * 13;
	}

	/** (1,000,000 + 50·request + 90,000·13 + 2,000·13·1 + 100,000·1)·13 = (2,296,000 + 50·request)·13. */
	private static long baseNonReplicated(long request) {
		return (2_296_000 + 50 * request) * 13;
	}

	private static void assertAdds(Cost c, long attached, long refund) {
		assertEquals(c.base() + c.requestBytesPart() + c.usagePart() + c.consensusPart(), c.total());
		assertEquals(attached, c.total() + refund);
	}

	@Test
	void timeout_chargesTheBaseOnly() {
		// 5 silent of 13: 8 < n − f = 9 can agree; the request times out. Timeout: base only, no spend report, no consensus.
		try (Subnet s = subnet()) {
			long base = baseFullyReplicated(url().length());
			OutcallResult r = s.httpRequest(v2(PLENTY).build(), PerturbationPlan.on(Replicas.of(0, 1, 2, 3, 4), Perturbation.silent()));
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, r);
			assertEquals("Canister http request timed out", reject.message()); // PB into_messages
			assertEquals(RejectCode.SYS_TRANSIENT, reject.code());
			assertEquals(base, r.cost().total());
			assertEquals(0, r.cost().consensusPart());
			assertEquals(List.of(), r.cost().receipts());
			assertEquals(PLENTY - base, r.refund());
		}
	}

	@Test
	void divergence_noConsensusFee_forcedRejectsSpendNothing() {
		// 7 replicas reject "a", 6 reject "b": 6 > f = 4 others → divergence. No replica fetched (receipts 0, no gossip
		// when fully replicated); divergence has no consensus fee: the charge is the base alone.
		try (Subnet s = subnet()) {
			long base = baseFullyReplicated(url().length());
			PerturbationPlan plan = PerturbationPlan.on(Replicas.of(0, 1, 2, 3, 4, 5, 6), Perturbation.reject(RejectCode.SYS_FATAL, "a"))
					.and(Replicas.of(7, 8, 9, 10, 11, 12), Perturbation.reject(RejectCode.SYS_FATAL, "b"));
			OutcallResult r = s.httpRequest(v2(PLENTY).build(), plan);
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, r);
			assertEquals(RejectReason.NO_CONSENSUS, reject.reason());
			assertEquals(base, r.cost().total());
			assertEquals(0, r.cost().consensusPart());
			assertEquals(13, r.cost().receipts().size());
			assertEquals(PLENTY - base, r.refund());
		}
	}

	@Test
	void thinBudget_deadlineExceededOnEveryNode_thenOutOfCycles_withItsNumbers() {
		// 5,799 cycles per node: deadline ⌊5,799/300⌋ = 19 ms < every round trip (≥ 20 ms) → "Deadline Exceeded"
		// (SysTransient), 300·19 = 5,700 spent each. The agreed 17-byte reject needs consensus_fee(17) = (10·13 + 600)·13·17
		// = 161,330. At the 9th share: 9·5,700 + 161,330 > 9·5,799, and 13·5,799 − 9·5,700 = 75,387 − 51,300 = 24,087 <
		// 161,330 → out of cycles (PB find_non_flexible_out_of_cycles, out_of_cycles_reject_message).
		// Charge: base + 13·5,700 = base + 74,100 (every node reports); refund 75,387 − 74,100 = 1,287.
		try (Subnet s = subnet()) {
			long base = baseFullyReplicated(url().length());
			long attached = base + 13 * 5_799;
			OutcallResult r = s.httpRequest(v2(attached).build());
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, r);
			assertEquals(RejectCode.CANISTER_REJECT, reject.code());
			assertEquals(RejectReason.OUT_OF_CYCLES, reject.reason());
			assertEquals("Out of cycles: 9 of the assigned replicas reported a collective spend of 51_300 cycles, leaving 24_087 cycles of the "
					+ "attached payment (after base fee deduction). Delivering a response would cost at least 161_330 cycles.", reject.message());
			assertEquals(Decision.OUT_OF_CYCLES, r.trace().consensus().decision());
			for (ReplicaTrace t : r.trace().replicas()) {
				assertEquals("reject 2: Deadline Exceeded", t.outcome()); // CLIENT execute_http_request
			}
			assertEquals(base + 74_100, r.cost().total());
			assertEquals(75_387, r.cost().withheld());
			assertEquals(1_287, r.refund());
			assertAdds(r.cost(), attached, r.refund());
		}
	}

	@Test
	void nonReplicated_thinBudget_insufficientCycles_thenOutOfCycles() {
		// One node, allowance 5,799: deadline 19 ms → "Deadline Exceeded", 5,700 spent; gossip 50·17·13 = 11,050 takes it
		// over → "Insufficient cycles" (19 bytes), receipt capped at 5,799. consensus_fee(19) = 730·13·19 = 180,310 >
		// 5,799 − 5,799 = 0 → out of cycles. Charge: base + 5,799; refund 0.
		try (Subnet s = subnet()) {
			long base = baseNonReplicated(url().length());
			long attached = base + 5_799;
			OutcallResult r = s.httpRequest(v2(attached).nonReplicated().build());
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, r);
			assertEquals("Out of cycles: 1 of the assigned replicas reported a collective spend of 5_799 cycles, leaving 0 cycles of the "
					+ "attached payment (after base fee deduction). Delivering a response would cost at least 180_310 cycles.", reject.message());
			ReplicaTrace node = r.trace().replicas().get(0);
			assertEquals("reject 4: Insufficient cycles", node.outcome()); // CLIENT PricingError::InsufficientCycles
			Receipt receipt = r.cost().receipts().get(0);
			assertEquals(new Receipt(node.replica(), 0, 5_700, 0, 11_050, 5_799), receipt);
			assertEquals(5_799, receipt.charged());
			assertEquals(base + 5_799, r.cost().total());
			assertEquals(0, r.refund());
		}
	}

	@Test
	void shrunkenDownloadCap_isTheNumberInTheBodyLimitText() {
		// 300,000 per node: cap min(2,000,000, 300,000/50) = 6,000 bytes; deadline 1,000 ms. A 10,000-byte body:
		// "Http body exceeds size limit of 6000 bytes." (ADAPTER rpc_server.rs), agreed and funded: the charge is base
		// + Σ 300·ms (a failed fetch reports no size) + consensus_fee(43) = 730·13·43 = 408,070.
		server.setDispatcher(Servers.always(new MockResponse.Builder().body("x".repeat(10_000)).build()));
		try (Subnet s = subnet()) {
			long base = baseFullyReplicated(url().length());
			long attached = base + 13 * 300_000;
			OutcallResult r = s.httpRequest(v2(attached).build());
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, r);
			assertEquals("Http body exceeds size limit of 6000 bytes.", reject.message());
			assertEquals(RejectCode.SYS_FATAL, reject.code());
			long time = 0;
			for (ReplicaTrace t : r.trace().replicas()) {
				time += 300 * t.arrivalMillis();
			}
			assertEquals(408_070, r.cost().consensusPart());
			assertEquals(base + time + 408_070, r.cost().total());
			assertAdds(r.cost(), attached, r.refund());
		}
	}

	@Test
	void reply_breakdown_isBasePlusEachReceiptPlusConsensusOnTheActualSize() {
		try (Subnet s = subnet()) {
			Transform t = Transform.of("t", (resp, ctx) -> resp.withHeaders(List.of())).withInstructions(26);
			HttpRequestArgs args = v2(PLENTY).transform(t).build();
			OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, s.httpRequest(args));
			long base = baseFullyReplicated(url().length() + 1);
			Cost c = reply.cost();
			assertEquals(base, c.base() + c.requestBytesPart());
			long usage = 0;
			for (Receipt receipt : c.receipts()) {
				ReplicaTrace tr = reply.trace().replicas().get(receipt.replica());
				long downloaded = tr.responseBodyBytes();
				for (HttpHeader h : tr.responseHeaders()) {
					downloaded += h.byteSize();
				}
				// fees.rs: 50·bytes + 300·ms + ⌊26/13⌋, no gossip when fully replicated
				assertEquals(new Receipt(receipt.replica(), 50 * downloaded, 300 * tr.arrivalMillis(), 2, 0, receipt.allowance()), receipt);
				usage += receipt.charged();
			}
			assertEquals(13, c.receipts().size());
			assertEquals(usage, c.usagePart());
			long content = reply.trace().replicas().get(0).transformedBytes();
			assertEquals(730L * 13 * content, c.consensusPart()); // (10·13 + 600)·13·size, no 1,025 floor
			assertTrue(c.total() <= s.quoteV2(args).total(), "the charge never exceeds the quote");
			assertAdds(c, PLENTY, reply.refund());
			assertTrue(c.describe().contains("replica 0"), c.describe());
		}
	}

	@Test
	void transformOverItsInstructionLimit_isIC0522() {
		// min(5·10⁹, remaining·13 + 12) = 5·10⁹ with a large allowance (payg.rs get_transform_limit); text from
		// rs/interfaces/src/execution_environment/errors.rs (HypervisorError Display, error_help), code 5.
		try (Subnet s = subnet()) {
			Transform t = Transform.of("t", (resp, ctx) -> resp).withInstructions(6_000_000_000L);
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, s.httpRequest(v2(PLENTY).transform(t).build()));
			assertEquals(RejectCode.CANISTER_ERROR, reject.code());
			assertEquals("IC0522: Error from Canister " + CANISTER + ": Canister exceeded the limit of 5000000000 instructions for single message "
					+ "execution..\nTry optimizing this method to consume fewer instructions or split the work across multiple messages. See "
					+ "documentation: https://docs.internetcomputer.org/references/execution-errors#instruction-limit-exceeded", reject.message());
		}
	}

	@Test
	void longRejectMessages_areEllipsizedTo1024Bytes() {
		// rs/utils/src/str.rs ellipsize(1,024, 90): 921 head bytes + "..." + 100 tail bytes, in the current replica.
		try (Subnet s = subnet()) {
			String text = "a".repeat(1_000) + "b".repeat(1_000);
			OutcallResult r = s.httpRequest(HttpRequestArgs.get(url()).cycles(PLENTY).build(),
					PerturbationPlan.on(Replicas.all(), Perturbation.reject(RejectCode.SYS_FATAL, text)));
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, r);
			assertEquals("a".repeat(921) + "..." + "b".repeat(100), reject.message());
		}
	}

	@Test
	void aTransformRejectLongerThanTheLimit_isTransformedTooLarge() {
		// CLIENT send measures the transform's reject text against the transformed limit too.
		try (Subnet s = subnet()) {
			Transform t = Transform.of("t", (resp, ctx) -> {
				throw new TransformRejectedException("r".repeat(300));
			});
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class,
					s.httpRequest(HttpRequestArgs.get(url()).maxResponseBytes(100).transform(t).cycles(PLENTY).build()));
			assertEquals(RejectCode.SYS_FATAL, reject.code());
			assertEquals("Transformed http response exceeds limit: 100", reject.message());
		}
	}

	@Test
	void untransformedResponse_traceShowsItsCandidSize() {
		try (Subnet s = subnet()) {
			OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, s.httpRequest(HttpRequestArgs.get(url()).cycles(PLENTY).build()));
			Long size = reply.trace().replicas().get(0).transformedBytes();
			assertNotNull(size);
			assertEquals(io.github.subnetsim.internal.charge.CandidEncoding.encodedLength(reply.response()), (long) size);
		}
	}
}
