package io.github.subnetsim.internal.charge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link CyclesFormula} against the figures of dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md (v1) and §4.3 (v2). Expected values are
 * copied from the reference; where a test needs a figure the reference does not print, the derivation from the
 * reference's own components is written next to it.
 */
class CyclesFormulaTest {

	// ---- v1 vectors that give only request_size (dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md vectors 7, 9, 10) ----

	@Test
	void v1Vector7_n1_request100_response2000() {
		assertEquals(4_700_000L, CyclesFormula.currentV1(1, 100, 2_000));
	}

	@Test
	void v1Vector9_n13_request200_response4000_matchesSkill() {
		assertEquals(91_780_000L, CyclesFormula.currentV1(13, 200, 4_000));
	}

	@Test
	void v1Vector10_n13_request200_responseDefault2000000_matchesSkill() {
		assertEquals(20_850_180_000L, CyclesFormula.currentV1(13, 200, 2_000_000));
	}

	// ---- components per n (dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md, developer-docs cycle-costs.md) ----

	@Test
	void v1Components_n13_base49140000_perRequestByte5200_perResponseByte10400() {
		assertEquals(49_140_000L, CyclesFormula.currentV1(13, 0, 0));
		assertEquals(5_200L, CyclesFormula.currentV1(13, 1, 0) - CyclesFormula.currentV1(13, 0, 0));
		assertEquals(10_400L, CyclesFormula.currentV1(13, 0, 1) - CyclesFormula.currentV1(13, 0, 0));
	}

	@Test
	void v1Components_n34_base171360000_perRequestByte13600_perResponseByte27200() {
		assertEquals(171_360_000L, CyclesFormula.currentV1(34, 0, 0));
		assertEquals(13_600L, CyclesFormula.currentV1(34, 1, 0) - CyclesFormula.currentV1(34, 0, 0));
		assertEquals(27_200L, CyclesFormula.currentV1(34, 0, 1) - CyclesFormula.currentV1(34, 0, 0));
	}

	// ---- seed documents: the 13-node components scaled by n/13 ----

	@Test
	void seedDocumented_n13_equalsCurrentV1_forTheVectorShapesOf42() {
		// dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md vectors 1, 2, 3, 5, 8, 9, 10, 12: at n = 13 both formulas agree.
		assertEquals(20_849_238_800L, CyclesFormula.seedDocumented(13, 19, 2_000_000));
		assertEquals(59_638_800L, CyclesFormula.seedDocumented(13, 19, 1_000));
		assertEquals(153_738_000L, CyclesFormula.seedDocumented(13, 115, 10_000));
		assertEquals(569_878_400L, CyclesFormula.seedDocumented(13, 142, 50_000));
		assertEquals(31_244_038_800L, CyclesFormula.seedDocumented(13, 1_999_019, 2_000_000));
		assertEquals(91_780_000L, CyclesFormula.seedDocumented(13, 200, 4_000));
		assertEquals(20_850_180_000L, CyclesFormula.seedDocumented(13, 200, 2_000_000));
		assertEquals(101_540_400L, CyclesFormula.seedDocumented(13, 77, 5_000));
	}

	@Test
	void seedDocumented_n13_components49140000_5200_10400() {
		// dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md "Components per n", n = 13.
		assertEquals(49_140_000L, CyclesFormula.seedDocumented(13, 0, 0));
		assertEquals(5_200L, CyclesFormula.seedDocumented(13, 1, 0) - CyclesFormula.seedDocumented(13, 0, 0));
		assertEquals(10_400L, CyclesFormula.seedDocumented(13, 0, 1) - CyclesFormula.seedDocumented(13, 0, 0));
	}

	@Test
	void seedDocumented_n34_isLinearNotQuadratic() {
		// 49,140,000 · 34/13 = 128,520,000, not the quadratic 171,360,000 of §4.2 n = 34.
		assertEquals(128_520_000L, CyclesFormula.seedDocumented(34, 0, 0));
		// 34 · (3,780,000 + 400·19 + 800·1,000) = 34 · 4,587,600.
		assertEquals(155_978_400L, CyclesFormula.seedDocumented(34, 19, 1_000));
	}

	@Test
	void seedDocumented_defaultResponse2MiB_n13() {
		// 49,140,000 + 5,200·19 + 10,400·2,097,152 (dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md components, seed default 2 MiB §8.1).
		assertEquals(21_859_619_600L, CyclesFormula.seedDocumented(13, 19, 2_097_152));
	}

	// ---- overflow and monotonicity ----

	@Test
	void v1Overflow_throwsInsteadOfWrapping() {
		assertThrows(ArithmeticException.class, () -> CyclesFormula.currentV1(13, Long.MAX_VALUE / 400, 0));
		assertThrows(ArithmeticException.class, () -> CyclesFormula.currentV1(13, 0, Long.MAX_VALUE / 800));
		// The product by n overflows even though the per-node sum fits.
		assertThrows(ArithmeticException.class, () -> CyclesFormula.currentV1(13, 0, Long.MAX_VALUE / 801));
		assertThrows(ArithmeticException.class, () -> CyclesFormula.seedDocumented(13, Long.MAX_VALUE / 400, 0));
		assertThrows(ArithmeticException.class, () -> CyclesFormula.v2ConsensusFee(13, Long.MAX_VALUE / 100));
	}

	@Test
	void negativeSizesAndNonPositiveN_areRejected() {
		assertThrows(IllegalArgumentException.class, () -> CyclesFormula.currentV1(0, 0, 0));
		assertThrows(IllegalArgumentException.class, () -> CyclesFormula.currentV1(13, -1, 0));
		assertThrows(IllegalArgumentException.class, () -> CyclesFormula.v2ReplicaUsage(0, -1, 0));
	}

	@Test
	void v1_isStrictlyMonotoneInRequestAndResponseBytes() {
		long[] sizes = {0, 1, 2, 127, 128, 1_000, 65_535, 1_999_999, 2_000_000};
		for (int n : new int[] {1, 13, 28, 34, 40}) {
			for (int i = 1; i < sizes.length; i++) {
				assertTrue(CyclesFormula.currentV1(n, sizes[i], 100) > CyclesFormula.currentV1(n, sizes[i - 1], 100));
				assertTrue(CyclesFormula.currentV1(n, 100, sizes[i]) > CyclesFormula.currentV1(n, 100, sizes[i - 1]));
				assertTrue(CyclesFormula.seedDocumented(n, sizes[i], 100) > CyclesFormula.seedDocumented(n, sizes[i - 1], 100));
				assertTrue(CyclesFormula.seedDocumented(n, 100, sizes[i]) > CyclesFormula.seedDocumented(n, 100, sizes[i - 1]));
			}
		}
	}

	// ---- v2 (dfinity/ic rs/https_outcalls/pricing/src/payg.rs and fees.rs; docs/cost.md: n = 13, request 100 B, 1,000 raw bytes, 2,000 ms, 26 instructions, transformed 2,000 B) ----

	@Test
	void v2FullyReplicated_icOutcalls43_parts_total74348183() {
		long base = CyclesFormula.v2BaseFullyReplicated(13, 100);
		long usage = CyclesFormula.v2ReplicaUsage(1_000, 2_000, 26);
		long consensus = CyclesFormula.v2FullyReplicatedConsensusReserve(13, 2_000);
		assertEquals(38_482_600L, base);
		assertEquals(650_002L, usage);
		assertEquals(27_415_557L, consensus);
		assertEquals(74_348_183L, base + 13 * usage + consensus);
	}

	@Test
	void v2NonReplicated_icOutcalls43_parts_total50843002() {
		long base = CyclesFormula.v2BaseNonReplicated(13, 100);
		long usage = CyclesFormula.v2ReplicaUsage(1_000, 2_000, 26) + CyclesFormula.v2Gossip(13, 2_000);
		long consensus = CyclesFormula.v2ConsensusFee(13, 2_000);
		assertEquals(29_913_000L, base);
		assertEquals(1_950_002L, usage);
		assertEquals(18_980_000L, consensus);
		assertEquals(50_843_002L, base + usage + consensus);
	}

	@Test
	void v2Flexible_icOutcalls43_total3_min2_max3_parts_total101132076() {
		long base = CyclesFormula.v2BaseFlexible(13, 100, 2);
		long perReplica = CyclesFormula.v2ReplicaUsage(1_000, 2_000, 26) + CyclesFormula.v2Gossip(13, 2_000);
		long usage = 3 * perReplica;
		long consensus = CyclesFormula.v2FlexibleConsensus(13, List.of(2_000L, 2_000L, 2_000L), 2);
		assertEquals(31_551_000L, base);
		assertEquals(5_850_006L, usage);
		// 62,093,070 (consensus_fee of 3·(181 + 2,000)) + 1,638,000 (one response beyond min).
		assertEquals(62_093_070L + 1_638_000L, consensus);
		assertEquals(62_093_070L, CyclesFormula.v2ConsensusFee(13, 3 * (181 + 2_000)));
		assertEquals(101_132_076L, base + usage + consensus);
	}

	@Test
	void v2RejectFloor1025_appliesToReserveAndGossip() {
		// FEES MAX_CANISTER_HTTP_REJECT_BYTES = 1,025 (dfinity/ic rs/https_outcalls/pricing/src/payg.rs and fees.rs; docs/cost.md): a 100-byte content is priced as 1,025.
		// Reserve: ceil((10·13 + 600)·13·1,025 / 9)·13 = ceil(9,727,250 / 9)·13 = 1,080,806·13.
		assertEquals(14_050_478L, CyclesFormula.v2FullyReplicatedConsensusReserve(13, 100));
		// Gossip: 50·1,025·13.
		assertEquals(65_000L, CyclesFormula.v2Gossip(13, 100)); // 50·100·13: gossip is charged on the actual size (fees.rs)
		assertEquals(666_250L, CyclesFormula.v2Gossip(13, CyclesFormula.quotedContentBytes(100))); // a quote floors at 1,025
	}

	@Test
	void v2Reserve_usesThresholdNMinusF_n34() {
		// threshold(34) = 34 − 11 = 23 (dfinity/ic rs/https_outcalls/consensus/src/payload_builder.rs; docs/how-a-subnet-processes-an-outcall.md); (10·34 + 600)·34·2,000 = 63,920,000;
		// ceil(63,920,000 / 23) = 2,779,131; ·34.
		assertEquals(94_490_454L, CyclesFormula.v2FullyReplicatedConsensusReserve(34, 2_000));
	}

	@Test
	void v2TransformInstructions_areFlooredByReferenceSize13() {
		// FEES TRANSFORM_INSTRUCTION_DIVISOR = 13: 25 instructions cost 1, 26 cost 2 (dfinity/ic rs/https_outcalls/pricing/src/payg.rs and fees.rs; docs/cost.md).
		assertEquals(1L, CyclesFormula.v2ReplicaUsage(0, 0, 25));
		assertEquals(2L, CyclesFormula.v2ReplicaUsage(0, 0, 26));
	}
}
