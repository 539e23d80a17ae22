package io.github.subnetsim.internal.charge;

import static io.github.subnetsim.profile.ReplicaProfile.CURRENT_REPLICA;
import static io.github.subnetsim.profile.ReplicaProfile.SEED_DOCUMENTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.Transform;
import io.github.subnetsim.TransformFunction;
import io.github.subnetsim.cost.Cost;
import io.github.subnetsim.cost.PricingVersion;
import io.github.subnetsim.cost.RequestSize;
import io.github.subnetsim.internal.charge.OutcallPricing.ReplicaUsage;
import io.github.subnetsim.profile.ReplicaProfile;

/**
 * {@link OutcallPricing} on real {@link HttpRequestArgs}: the v1 vectors of dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md (vectors 7, 9 and 10
 * give only a request size and are in {@link CyclesFormulaTest}), and the v2 vectors of §4.3 through settle.
 */
class OutcallPricingTest {

	private static final TransformFunction IDENTITY = (r, c) -> r;

	private static long v1(int n, HttpRequestArgs args) {
		return OutcallPricing.of(CURRENT_REPLICA, n, false).upFront(args).total();
	}

	private static HttpRequestArgs.Builder exampleCom() {
		return HttpRequestArgs.get("https://example.com");
	}

	/** dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md vectors 4 and 5: 142 request bytes. */
	private static HttpRequestArgs httpbinPost() {
		return HttpRequestArgs.post("https://httpbin.org/post", "{\"test\": \"hello\"}")
				.header("Content-Type", "application/json")
				.header("User-Agent", "ic-canister")
				.header("Idempotency-Key", "unique-request-id-12345")
				.transform(Transform.of("transform_post", IDENTITY))
				.maxResponseBytes(50_000)
				.build();
	}

	@Test
	void v1Vector1_n13_url19_noMaxResponseBytes() {
		assertEquals(20_849_238_800L, v1(13, exampleCom().build()));
	}

	@Test
	void v1Vector2_n13_url19_max1000() {
		assertEquals(59_638_800L, v1(13, exampleCom().maxResponseBytes(1_000).build()));
	}

	@Test
	void v1Vector3_n13_coingecko_request115_max10000() {
		HttpRequestArgs args = HttpRequestArgs.get("https://api.coingecko.com/api/v3/simple/price?ids=internet-computer&vs_currencies=usd")
				.header("User-Agent", "ic-canister")
				.transform(Transform.of("transform", IDENTITY))
				.maxResponseBytes(10_000)
				.build();
		assertEquals(115, RequestSize.of(args).total());
		assertEquals(153_738_000L, v1(13, args));
	}

	@Test
	void v1Vector4_n34_httpbinPost_request142_max50000() {
		assertEquals(142, RequestSize.of(httpbinPost()).total());
		assertEquals(1_533_291_200L, v1(34, httpbinPost()));
	}

	@Test
	void v1Vector5_n13_httpbinPost_request142_max50000() {
		assertEquals(569_878_400L, v1(13, httpbinPost()));
	}

	@Test
	void v1Vector6_n28_url11_max0() {
		assertEquals(131_163_200L, v1(28, HttpRequestArgs.get("https://a.b").maxResponseBytes(0).build()));
	}

	@Test
	void v1Vector8_n13_url19_body1999000_max2000000() {
		HttpRequestArgs args = exampleCom().body(new byte[1_999_000]).maxResponseBytes(2_000_000).build();
		assertEquals(1_999_019, RequestSize.of(args).total());
		assertEquals(31_244_038_800L, v1(13, args));
	}

	@Test
	void v1Vector11_n34_url19_noMaxResponseBytes() {
		assertEquals(54_571_618_400L, v1(34, exampleCom().build()));
	}

	@Test
	void v1Vector12_n13_apiKeyHeader_transformWithContext_request77_max5000() {
		HttpRequestArgs args = exampleCom()
				.header("X-Api-Key", "0123456789abcdef0123456789abcdef")
				.transform(Transform.of("transform", IDENTITY).withContext("12345678"))
				.maxResponseBytes(5_000)
				.build();
		assertEquals(101_540_400L, v1(13, args));
	}

	@Test
	void v1Vector13_systemSubnetOrFreeSchedule_isZero() {
		for (ReplicaProfile profile : ReplicaProfile.values()) {
			Cost c = OutcallPricing.of(profile, 13, true).upFront(exampleCom().build());
			assertEquals(0L, c.total());
			assertEquals(true, c.free());
			assertEquals(0L, OutcallPricing.of(profile, 40, true).settle(exampleCom().pricingVersion(2).build(),
					List.of(new ReplicaUsage(1_000, 2_000, 26)), 2_000).total());
		}
	}

	@Test
	void v1_nonReplicatedPricedLikeReplicated_icOutcalls41() {
		assertEquals(59_638_800L, v1(13, exampleCom().maxResponseBytes(1_000).nonReplicated().build()));
	}

	@Test
	void v1Parts_n13_vector2_base49140000_request19x5200_response1000x10400() {
		Cost c = OutcallPricing.of(CURRENT_REPLICA, 13, false).upFront(exampleCom().maxResponseBytes(1_000).build());
		assertEquals(PricingVersion.LEGACY, c.pricing());
		assertEquals(49_140_000L, c.base());
		assertEquals(98_800L, c.requestBytesPart()); // 19 · 5,200 (§4.2 components)
		assertEquals(10_400_000L, c.responseBytesPart()); // 1,000 · 10,400 (§4.2 components)
		assertEquals(1_000L, c.responseSizePriced());
		assertEquals(59_638_800L, c.total());
	}

	@Test
	void v1Settle_isTheUpFrontFee_nothingRefundedForUnusedBytes_icOutcalls41() {
		OutcallPricing pricing = OutcallPricing.of(CURRENT_REPLICA, 13, false);
		HttpRequestArgs args = exampleCom().maxResponseBytes(1_000).build();
		assertEquals(pricing.upFront(args), pricing.settle(args, List.of(new ReplicaUsage(10, 1, 0)), 60));
	}

	@Test
	void seedProfile_defaultResponse2097152_linearFormula() {
		Cost c = OutcallPricing.of(SEED_DOCUMENTED, 13, false).upFront(exampleCom().build());
		assertEquals(2_097_152L, c.responseSizePriced());
		// 49,140,000 + 5,200·19 + 10,400·2,097,152 (§4.2 components with the seed's 2 MiB default).
		assertEquals(21_859_619_600L, c.total());
		// n = 34: 34·(3,780,000 + 400·19 + 800·1,000), linear in n.
		assertEquals(155_978_400L, OutcallPricing.of(SEED_DOCUMENTED, 34, false).upFront(exampleCom().maxResponseBytes(1_000).build()).total());
	}

	@Test
	void seedProfile_pricingVersion2_isLegacy() {
		HttpRequestArgs args = exampleCom().maxResponseBytes(1_000).pricingVersion(2).build();
		Cost c = OutcallPricing.of(SEED_DOCUMENTED, 13, false).upFront(args);
		assertEquals(PricingVersion.LEGACY, c.pricing());
		// At n = 13 the seed fee equals §4.2 vector 2.
		assertEquals(59_638_800L, c.total());
	}

	@Test
	void v1Overflow_saturatesAsTheReplicasCyclesDo() {
		// A huge max_response_bytes fits a nat64 but not the fee: the replica's Cycles saturate, and validation refuses
		// such a request (range reject) before the fee is ever compared, so the pipeline must not throw.
		HttpRequestArgs args = exampleCom().maxResponseBytes(Long.MAX_VALUE / 100).build();
		assertEquals(Long.MAX_VALUE, OutcallPricing.of(CURRENT_REPLICA, 13, false).upFront(args).total());
		assertEquals(Long.MAX_VALUE, OutcallPricing.of(CURRENT_REPLICA, 13, false).quoteV2Defaults(args).total());
	}

	// ---- v2 through upFront / settle (dfinity/ic rs/https_outcalls/pricing/src/payg.rs and fees.rs; docs/cost.md) ----

	/** A 100-byte URL: the request size of the §4.3 vectors. */
	private static HttpRequestArgs.Builder request100() {
		return HttpRequestArgs.get("https://example.com/" + "a".repeat(80)).pricingVersion(2);
	}

	@Test
	void v2UpFront_fullyReplicated_isTheBaseFee38482600() {
		Cost c = OutcallPricing.of(CURRENT_REPLICA, 13, false).upFront(request100().build());
		assertEquals(PricingVersion.PAY_AS_YOU_GO, c.pricing());
		assertEquals(38_482_600L, c.total());
		assertEquals(38_482_600L, c.base() + c.requestBytesPart());
		assertEquals(65_000L, c.requestBytesPart()); // 50 · 100 · 13 (FEES HTTP_REQUEST_PER_BYTE_FEE)
	}

	@Test
	void v2UpFront_nonReplicated_isTheBaseFee29913000() {
		assertEquals(29_913_000L, OutcallPricing.of(CURRENT_REPLICA, 13, false).upFront(request100().nonReplicated().build()).total());
	}

	@Test
	void v2Settle_fullyReplicated_icOutcalls43_total65912626() {
		// dfinity/ic rs/https_outcalls/pricing/src/fees.rs non_flexible_initial_spent: base + Σ receipts + consensus_fee(actual size).
		// 38,482,600 + 13·650,002 = 8,450,026 + (10·13 + 600)·13·2,000 = 18,980,000 → 65,912,626 (no reserve, no 1,025 floor).
		Cost c = OutcallPricing.of(CURRENT_REPLICA, 13, false)
				.settle(request100().build(), Collections.nCopies(13, new ReplicaUsage(1_000, 2_000, 26)), 2_000);
		assertEquals(38_482_600L, c.base() + c.requestBytesPart());
		assertEquals(8_450_026L, c.usagePart());
		assertEquals(18_980_000L, c.consensusPart());
		assertEquals(65_912_626L, c.total());
	}

	/** The 19-byte GET: every replica 1,000 B / 2,000 ms / 26 instructions, 2,000 bytes of content. */
	private static long settle19ByteGet(int n) {
		return OutcallPricing.of(CURRENT_REPLICA, n, false).settle(exampleCom().maxResponseBytes(1_000).pricingVersion(2).build(),
				Collections.nCopies(n, new ReplicaUsage(1_000, 2_000, 26)), 2_000).total();
	}

	@Test
	void v2Settle_19ByteGet_n13_65859976() {
		// dfinity/ic rs/https_outcalls/pricing/src/fees.rs: base (1,000,000 + 50·19 + 140,000·13 + 800·169)·13 = 2,956,150·13 = 38,429,950;
		// receipts 13·(50·1,000 + 300·2,000 + ⌊26/13⌋) = 13·650,002 = 8,450,026; consensus (10·13 + 600)·13·2,000 = 18,980,000.
		assertEquals(65_859_976L, settle19ByteGet(13));
	}

	@Test
	void v2Settle_19ByteGet_n28_222828256() {
		// base (1,000,000 + 950 + 140,000·28 + 800·784)·28 = 5,548,150·28 = 155,348,200; receipts 28·650,002 = 18,200,056;
		// consensus (280 + 600)·28·2,000 = 49,280,000 → 222,828,256.
		assertEquals(222_828_256L, settle19ByteGet(28));
	}

	@Test
	void v2Settle_19ByteGet_n34_313335568() {
		// base (1,000,000 + 950 + 4,760,000 + 800·1,156 = 924,800)·34 = 6,685,750·34 = 227,315,500; receipts 34·650,002 = 22,100,068;
		// consensus (340 + 600)·34·2,000 = 63,920,000 → 313,335,568.
		assertEquals(313_335_568L, settle19ByteGet(34));
	}

	@Test
	void v2Settle_19ByteGet_n40_421238080() {
		// base (1,000,000 + 950 + 5,600,000 + 800·1,600 = 1,280,000)·40 = 7,880,950·40 = 315,238,000; receipts 40·650,002 = 26,000,080;
		// consensus (400 + 600)·40·2,000 = 80,000,000 → 421,238,080.
		assertEquals(421_238_080L, settle19ByteGet(40));
	}

	@Test
	void v2Settle_19ByteGet_nonReplicated_n34_211754302() {
		// base (1,000,000 + 950 + 90,000·34 + 2,000·34·1 + 100,000·1)·34 = 4,228,950·34 = 143,784,300;
		// receipt 650,002 + gossip 50·2,000·34 = 3,400,000 → 4,050,002; consensus (340 + 600)·34·2,000 = 63,920,000 → 211,754,302.
		Cost c = OutcallPricing.of(CURRENT_REPLICA, 34, false).settle(exampleCom().maxResponseBytes(1_000).pricingVersion(2).nonReplicated().build(),
				List.of(new ReplicaUsage(1_000, 2_000, 26)), 2_000);
		assertEquals(211_754_302L, c.total());
	}

	@Test
	void v2Settle_smallDelivery_chargesConsensusOnActualSize_noFloor() {
		// n = 13, 19-byte GET, one 48-byte delivered response (an empty 200, dfinity/candid spec): consensus 730·13·48 = 455,520,
		// not 730·13·1,025. Receipts 13·(50·48 + 300·100) = 13·32,400 = 421,200. 38,429,950 + 421,200 + 455,520 = 39,306,670.
		Cost c = OutcallPricing.of(CURRENT_REPLICA, 13, false).settle(exampleCom().maxResponseBytes(1_000).pricingVersion(2).build(),
				Collections.nCopies(13, new ReplicaUsage(48, 100, 0)), 48);
		assertEquals(455_520L, c.consensusPart());
		assertEquals(39_306_670L, c.total());
	}

	@Test
	void v2Settle_nonReplicated_icOutcalls43_total50843002() {
		Cost c = OutcallPricing.of(CURRENT_REPLICA, 13, false)
				.settle(request100().nonReplicated().build(), List.of(new ReplicaUsage(1_000, 2_000, 26)), 2_000);
		assertEquals(29_913_000L, c.base() + c.requestBytesPart());
		assertEquals(1_950_002L, c.usagePart());
		assertEquals(18_980_000L, c.consensusPart());
		assertEquals(50_843_002L, c.total());
	}

	@Test
	void v2UsageRecord_icOutcalls43_650002() {
		assertEquals(650_002L, new ReplicaUsage(1_000, 2_000, 26).cycles());
	}

	// ---- the CDK quote (the interface spec, management-canister.md cost_http_request_v2; docs/cost.md); figures derived by hand from the §4.3 formulas ----

	@Test
	void quoteV2Defaults_fullyReplicated_max1000_noTransform() {
		Cost c = OutcallPricing.of(CURRENT_REPLICA, 13, false).quoteV2Defaults(exampleCom().maxResponseBytes(1_000).build());
		// base (1,000,000 + 50·19 + 140,000·13 + 800·169)·13
		assertEquals(38_429_950L, c.base() + c.requestBytesPart());
		// 13 · (50·1,000 + 300·60,000 + 0)
		assertEquals(234_650_000L, c.usagePart());
		// ceil((10·13 + 600)·13·(1,000 + 1,024) / 9)·13
		assertEquals(27_744_548L, c.consensusPart());
		assertEquals(300_824_498L, c.total());
		assertEquals(2_024L, c.responseSizePriced());
	}

	@Test
	void quoteV2Defaults_withTransform_adds5BInstructionsPerReplica() {
		HttpRequestArgs args = exampleCom().maxResponseBytes(1_000).transform(Transform.of("transform", IDENTITY)).build();
		Cost c = OutcallPricing.of(CURRENT_REPLICA, 13, false).quoteV2Defaults(args);
		// 13 · (50·1,000 + 300·60,000 + floor(5,000,000,000 / 13) = 384,615,384)
		assertEquals(5_234_649_992L, c.usagePart());
		assertEquals(5_300_830_340L, c.total());
	}

	@Test
	void quoteV2Defaults_nonReplicated_noMax_oneReplicaPlusGossip() {
		Cost c = OutcallPricing.of(CURRENT_REPLICA, 13, false).quoteV2Defaults(exampleCom().nonReplicated().build());
		// base (1,000,000 + 50·19 + 90,000·13 + 2,000·13 + 100,000)·13
		assertEquals(29_860_350L, c.base() + c.requestBytesPart());
		// 50·2,000,000 + 300·60,000 + gossip 50·2,001,024·13
		assertEquals(1_418_665_600L, c.usagePart());
		// (10·13 + 600)·13·2,001,024
		assertEquals(18_989_717_760L, c.consensusPart());
		assertEquals(20_438_243_710L, c.total());
	}

	@Test
	void invalidArguments_areRejected() {
		assertThrows(IllegalArgumentException.class, () -> OutcallPricing.of(CURRENT_REPLICA, 0, false));
		assertThrows(IllegalArgumentException.class, () -> new ReplicaUsage(-1, 0, 0));
		assertThrows(IllegalArgumentException.class,
				() -> OutcallPricing.of(CURRENT_REPLICA, 13, false).settle(exampleCom().build(), List.of(), -1));
	}
}
