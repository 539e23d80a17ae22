package io.github.subnetsim.internal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class BaselineGateTest {

	private static OutcallRecord reply(String test, long cost) {
		return new OutcallRecord("[engine]/[method:" + test + "]", test, 0, "GET", "https://localhost/x", 13, "SEED_DOCUMENTED", "reply", 200,
				13, cost, 100, 1000, 500, "");
	}

	private static OutcallRecord diverged(String test, long cost) {
		return new OutcallRecord("[engine]/[method:" + test + "]", test, 0, "GET", "https://localhost/x", 13, "SEED_DOCUMENTED", "reject:2", 0,
				0, cost, 100, 1000, 0, "No consensus could be reached. Replicas had different responses.");
	}

	@Test
	void anOutcallThatNoLongerAgreesFailsTheGate() {
		BaselineGate.Result r = BaselineGate.compare(new OutcallReport(List.of(reply("price()", 1_000))),
				new OutcallReport(List.of(diverged("price()", 1_000))), 0.05);
		assertTrue(r.failed());
		assertEquals(BaselineGate.ChangeKind.NO_LONGER_AGREES, r.changes().get(0).kind());
		assertTrue(r.toMarkdown().contains("| NO_LONGER_AGREES | price() | https://localhost/x | reply 200, 13/13, 1_000 cycles | reject:2 No consensus"),
				r.toMarkdown());
	}

	@Test
	void costGrowthBeyondTheToleranceFailsWithinItPasses() {
		OutcallReport base = new OutcallReport(List.of(reply("a()", 1_000_000)));
		assertFalse(BaselineGate.compare(base, new OutcallReport(List.of(reply("a()", 1_050_000))), 0.05).failed());
		BaselineGate.Result grew = BaselineGate.compare(base, new OutcallReport(List.of(reply("a()", 1_050_001))), 0.05);
		assertTrue(grew.failed());
		assertEquals("1_050_001 cycles (+5.0%)", grew.changes().get(0).after());
	}

	@Test
	void newGoneCheaperAndNowAgreeingOutcallsAreListedButPass() {
		BaselineGate.Result r = BaselineGate.compare(new OutcallReport(List.of(reply("gone()", 5), diverged("fixed()", 9), reply("cheap()", 10))),
				new OutcallReport(List.of(reply("new()", 5), reply("fixed()", 9), reply("cheap()", 8))), 0.0);
		assertFalse(r.failed());
		assertEquals(List.of(BaselineGate.ChangeKind.NEW, BaselineGate.ChangeKind.NOW_AGREES, BaselineGate.ChangeKind.COST_FELL,
				BaselineGate.ChangeKind.GONE), r.changes().stream().map(BaselineGate.Change::kind).toList());
	}
}
