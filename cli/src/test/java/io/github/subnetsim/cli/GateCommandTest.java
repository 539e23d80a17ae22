package io.github.subnetsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.subnetsim.internal.report.OutcallRecord;
import io.github.subnetsim.internal.report.OutcallReport;

/** The gate command: exit codes, update, usage errors. */
class GateCommandTest {

	private static OutcallRecord reply(String test, long cost) {
		return new OutcallRecord("[engine]/[method:" + test + "]", test, 0, "GET", "https://localhost/x", 13, "SEED_DOCUMENTED", "reply", 200,
				13, cost, 100, 1000, 500, "");
	}

	private static OutcallRecord diverged(String test, long cost) {
		return new OutcallRecord("[engine]/[method:" + test + "]", test, 0, "GET", "https://localhost/x", 13, "SEED_DOCUMENTED", "reject:2", 0,
				0, cost, 100, 1000, 0, "No consensus could be reached. Replicas had different responses.");
	}

	@Test
	void theCommandExitsOneOnFailureAndUpdateRewritesTheBaseline(@TempDir Path dir) throws Exception {
		Path baseline = dir.resolve("baseline.json");
		Path report = dir.resolve("report.json");
		Files.writeString(baseline, new OutcallReport(List.of(reply("a()", 100))).toJson());
		Files.writeString(report, new OutcallReport(List.of(diverged("a()", 100))).toJson());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		String[] args = { "--baseline", baseline.toString(), "--report", report.toString() };
		assertEquals(1, GateCommand.run(args, new PrintStream(out), new PrintStream(err)));
		assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("subnet-sim gate FAILED: 1 failing change(s)"), err.toString(StandardCharsets.UTF_8));

		String[] update = { "--baseline", baseline.toString(), "--report", report.toString(), "--update" };
		assertEquals(0, GateCommand.run(update, new PrintStream(out), new PrintStream(err)));
		assertEquals(0, GateCommand.run(args, new PrintStream(out), new PrintStream(err)));
		assertEquals(Files.readString(report), Files.readString(baseline));
	}

	@Test
	void theGatesVerdictGoesIntoReportHtmlNextToTheReport(@TempDir Path dir) throws Exception {
		Path baseline = dir.resolve("baseline.json");
		Path report = dir.resolve("report.json");
		Path page = dir.resolve("report.html");
		Files.writeString(baseline, new OutcallReport(List.of(reply("a()", 100))).toJson());
		Files.writeString(report, new OutcallReport(List.of(diverged("a()", 100))).toJson());
		Files.writeString(page, io.github.subnetsim.internal.report.HtmlReport.render(List.of()));
		assertTrue(Files.readString(page).contains("data-gate=\"not-run\""));
		String[] args = { "--baseline", baseline.toString(), "--report", report.toString() };
		assertEquals(1, GateCommand.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
		String html = Files.readString(page);
		assertTrue(html.contains("<p id=\"gate\" class=\"failed\" data-gate=\"failed\">Gate FAILED: 1 failing change(s)"), html);
		assertTrue(html.contains("NO_LONGER_AGREES"), html);

		Files.writeString(baseline, Files.readString(report));
		assertEquals(0, GateCommand.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
		assertTrue(Files.readString(page).contains("data-gate=\"passed\">Gate passed"), "the verdict is replaced, not added");
		assertFalse(Files.readString(page).contains("data-gate=\"failed\""));
	}

	@Test
	void updateComesFromTheSystemPropertyAndTheOptionOverridesIt(@TempDir Path dir) throws Exception {
		Path baseline = dir.resolve("baseline.json");
		Path report = dir.resolve("report.json");
		Files.writeString(baseline, new OutcallReport(List.of(reply("a()", 100))).toJson());
		Files.writeString(report, new OutcallReport(List.of(diverged("a()", 100))).toJson());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		String[] gate = { "--baseline", baseline.toString(), "--report", report.toString() };
		String[] noUpdate = { "--baseline", baseline.toString(), "--report", report.toString(), "--update", "false" };
		System.setProperty("subnet-sim.baseline.update", "true");
		try {
			// -Dsubnet-sim.baseline.update=true is how `mvn verify` accepts a change (the examples module's exec:java gate).
			assertEquals(1, GateCommand.run(noUpdate, new PrintStream(out), new PrintStream(err)));
			assertEquals(0, GateCommand.run(gate, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err)));
			assertTrue(out.toString(StandardCharsets.UTF_8).contains("subnet-sim gate: baseline rewritten at " + baseline + " with 1 outcalls"),
					out.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.clearProperty("subnet-sim.baseline.update");
		}
		assertEquals(Files.readString(report), Files.readString(baseline));
	}

	@Test
	void missingReportOrBadOptionIsAUsageError(@TempDir Path dir) {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		assertEquals(2, GateCommand.run(new String[] { "--report", dir.resolve("none.json").toString() }, System.out, new PrintStream(err)));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("run the tests first"));
		assertEquals(2, GateCommand.run(new String[] { "--tolerance" }, System.out, new PrintStream(err)));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("subnet-sim gate: --tolerance needs a value\nusage: subnet-sim gate "),
				err.toString(StandardCharsets.UTF_8));
		assertEquals(2, GateCommand.run(new String[] { "--update", "maybe" }, System.out, new PrintStream(err)));
	}
}
