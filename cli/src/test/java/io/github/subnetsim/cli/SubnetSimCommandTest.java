package io.github.subnetsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpMethod;
import io.github.subnetsim.profile.ReplicaProfile;

/** The picocli command line in-process: version, help on every command, usage errors and their exit code 2. */
class SubnetSimCommandTest {

	record Run(int exit, String out, String err) {

		List<String> outLines() {
			return out.lines().toList();
		}

		List<String> errLines() {
			return err.lines().toList();
		}
	}

	private static Run run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = SubnetSimCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private static void assertLine(List<String> lines, String expected) {
		assertTrue(lines.contains(expected), () -> "no line '" + expected + "' in:\n" + String.join("\n", lines));
	}

	@Test
	void versionIsTheManifestVersionOrDevFromClasses() {
		// Tests run from target/classes, which has no manifest: "dev". SubnetSimJarIT checks the jar's version.
		Run r = run("--version");
		assertEquals(0, r.exit());
		assertEquals(List.of("subnet-sim dev"), r.outLines());
		assertEquals("", r.err());
		assertEquals(List.of("subnet-sim dev"), run("-V").outLines());
	}

	@Test
	void topLevelHelpListsTheCommandsAndExitCodes() {
		Run r = run("--help");
		assertEquals(0, r.exit());
		List<String> lines = r.outLines();
		assertEquals("usage: subnet-sim [-hV] [COMMAND]", lines.get(0));
		assertLine(lines, "  probe         Probes a URL from N simulated replicas and says how its outcall will fare on a subnet.");
		assertLine(lines, "  gate          Compares a test run's outcall report with a baseline checked into the repository.");
		assertLine(lines, "  demo          Serves the embedded demo exchange-rate API on loopback until interrupted (Ctrl+C).");
		assertLine(lines, "  ledger-proxy  A TLS reverse proxy on loopback that applies each idempotency key once upstream, until Ctrl+C.");
		assertLine(lines, "  -V, --version   Print version information and exit.");
		assertLine(lines, "exit codes:");
		assertLine(lines, "  0  success");
		assertLine(lines, "  1  the verdict failed (probe: no consensus; gate: the gate failed)");
		assertLine(lines, "  2  usage or input error (a short reason, and for usage errors the usage, on stderr)");
		assertEquals(r.out(), run("-h").out());
		assertEquals(r.out(), run("help").out());
	}

	@Test
	void probeHelpKeepsTheOptionsAndDefaults() {
		Run r = run("probe", "--help");
		assertEquals(0, r.exit());
		List<String> lines = r.outLines();
		assertEquals("usage: subnet-sim probe [URL] [options]", lines.get(0));
		assertLine(lines, "Without URL it probes an embedded demo exchange-rate API.");
		assertLine(lines, "      --replicas N             replicas per outcall (default 13, an application subnet)");
		assertLine(lines, "      --method M               GET, HEAD, POST, PUT, DELETE or PATCH (default GET)");
		assertLine(lines, "      --header 'Name: value'   a request header; repeat for more");
		assertLine(lines, "      --body @file|text        the request body");
		assertLine(lines, "      --max-response-bytes N   the max_response_bytes to use");
		assertLine(lines, "      --profile P              seed-documented (default) or current-replica");
		assertLine(lines, "      --seed S                 the seed (default 0)");
		assertLine(lines, "      --json                   print one JSON document instead of text");
		assertLine(lines, "      --cacert FILE            also trust this PEM certificate (a local service's own CA); repeat for more");
		assertLine(lines, "  -h, --help                   Show this help message and exit.");
		assertEquals("exit codes: 0 consensus reached, 1 no consensus, 2 usage or input error", lines.get(lines.size() - 1));
		assertEquals(r.out(), run("probe", "-h").out());
		assertEquals(r.out(), run("help", "probe").out());
	}

	@Test
	void gateHelpKeepsTheOptionsAndDefaults() {
		Run r = run("gate", "--help");
		assertEquals(0, r.exit());
		List<String> lines = r.outLines();
		assertEquals("usage: subnet-sim gate [--baseline FILE] [--report FILE] [--summary FILE] [--tolerance 0.05] [--update]", lines.get(0));
		assertLine(lines, "      --baseline FILE         the baseline (default subnet-sim-baseline.json)");
		assertLine(lines, "      --report FILE           the test run's report (default target/subnet-sim/report.json)");
		assertLine(lines, "      --tolerance 0.05        how much more an outcall may cost than its baseline (default 0.05, 5 %)");
		assertLine(lines, "      --update [true|false]   rewrite the baseline from the report (default: -Dsubnet-sim.baseline.update)");
		assertEquals("exit codes: 0 passed (or baseline written), 1 the gate failed, 2 usage or input error", lines.get(lines.size() - 1));
		assertEquals(r.out(), run("gate", "-h").out());
	}

	@Test
	void demoHelp() {
		Run r = run("demo", "--help");
		assertEquals(0, r.exit());
		List<String> lines = r.outLines();
		assertEquals("usage: subnet-sim demo [--seed S]", lines.get(0));
		assertLine(lines, "      --seed S    the seed of the nonces it serves (default 0)");
		assertEquals("exit codes: 2 usage error; otherwise it runs until interrupted", lines.get(lines.size() - 1));
		assertEquals(r.out(), run("demo", "-h").out());
	}

	@Test
	void aUsageErrorExitsTwoWithTheReasonAndTheUsageOnStderr() {
		Run r = run("probe", "--replicas");
		assertEquals(2, r.exit());
		assertEquals("", r.out());
		assertEquals("subnet-sim probe: --replicas needs a value", r.errLines().get(0));
		assertEquals("usage: subnet-sim probe [URL] [options]", r.errLines().get(1));

		Run method = run("probe", "--method", "FETCH");
		assertEquals(2, method.exit());
		assertEquals("subnet-sim probe: --method must be GET, HEAD, POST, PUT, DELETE or PATCH, got FETCH", method.errLines().get(0));

		Run twoUrls = run("probe", "https://localhost/a", "https://localhost/b");
		assertEquals(2, twoUrls.exit());
		assertEquals("subnet-sim probe: one URL only, got https://localhost/a and https://localhost/b", twoUrls.errLines().get(0));

		Run tooMany = run("probe", "--replicas", "1001");
		assertEquals(2, tooMany.exit());
		assertEquals("subnet-sim probe: --replicas 1001 is more than the probe will run (at most 1000)", tooMany.errLines().get(0));

		Run tolerance = run("gate", "--tolerance", "lots");
		assertEquals(2, tolerance.exit());
		assertEquals("subnet-sim gate: Invalid value for option '--tolerance': 'lots' is not a double", tolerance.errLines().get(0));
		assertEquals("usage: subnet-sim gate [--baseline FILE] [--report FILE] [--summary FILE] [--tolerance 0.05] [--update]",
				tolerance.errLines().get(1));

		Run gateArg = run("gate", "report.json");
		assertEquals(2, gateArg.exit());
		assertEquals("subnet-sim gate: unexpected argument report.json", gateArg.errLines().get(0));

		Run demoSeed = run("demo", "--seed", "x");
		assertEquals(2, demoSeed.exit());
		assertEquals("usage: subnet-sim demo [--seed S]", demoSeed.errLines().get(1));
	}

	@Test
	void anUnknownCommandOrOptionExitsTwoNamingTheValidOnes() {
		Run r = run("prob");
		assertEquals(2, r.exit());
		assertEquals("", r.out());
		assertEquals("subnet-sim: unknown command prob; use probe, gate, demo, ledger-proxy or help (did you mean probe?)", r.errLines().get(0));
		assertEquals("usage: subnet-sim [-hV] [COMMAND]", r.errLines().get(1));
		assertLine(r.errLines(), "  gate          Compares a test run's outcall report with a baseline checked into the repository.");

		// Not "xyzzy": picocli's bigram similarity would suggest ledger-proxy ("xy").
		Run far = run("zzz");
		assertEquals(2, far.exit());
		assertEquals("subnet-sim: unknown command zzz; use probe, gate, demo, ledger-proxy or help", far.errLines().get(0));

		Run option = run("--verbose");
		assertEquals(2, option.exit());
		assertEquals("subnet-sim: unknown option --verbose", option.errLines().get(0));

		Run none = run();
		assertEquals(2, none.exit());
		assertEquals("subnet-sim: missing command; use probe, gate, demo, ledger-proxy or help", none.errLines().get(0));
	}

	@Test
	void bodyFromAFileAndNegativeNumbersAreValuesNotOptions(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
		// picocli would read "@file" as a file of arguments; the probe reads it as the request body.
		Path body = dir.resolve("body.json");
		java.nio.file.Files.writeString(body, "{\"a\":1}");
		ProbeOptions o = ProbeOptions.parse(List.of("https://localhost/x", "--body", "@" + body, "--seed", "-5"));
		assertEquals("{\"a\":1}", new String(o.body(), StandardCharsets.UTF_8));
		assertEquals(-5L, o.seed());
		assertEquals("--max-response-bytes cannot be negative, got -1", assertThrows(ProbeOptions.UsageException.class,
				() -> ProbeOptions.parse(List.of("--max-response-bytes", "-1"))).getMessage());
		Run missing = run("probe", "--body", "@" + dir.resolve("none.json"));
		assertEquals(2, missing.exit());
		assertTrue(missing.errLines().get(0).startsWith("subnet-sim probe: --body @" + dir.resolve("none.json") + ": cannot read"), missing.err());
	}

	@Test
	void probeOptionsParseWithPicocli() {
		ProbeOptions o = ProbeOptions.parse(List.of("https://localhost:8443/price", "--replicas", "34", "--method", "post", "--header",
				"X-A: 1", "--header", "X-B: 2", "--body", "hi", "--max-response-bytes", "2_048", "--profile", "current", "--seed", "1_000",
				"--json", "--allow-remote", "--cacert", "a.pem", "--cacert", "b.pem"));
		assertEquals("https://localhost:8443/price", o.url());
		assertEquals(34, o.replicas());
		assertEquals(HttpMethod.POST, o.method());
		assertEquals(2, o.headers().size());
		assertEquals("X-B", o.headers().get(1).name());
		assertEquals("hi", new String(o.body(), StandardCharsets.UTF_8));
		assertEquals(2048L, o.maxResponseBytes());
		assertEquals(ReplicaProfile.CURRENT_REPLICA, o.profile());
		assertEquals(1000L, o.seed());
		assertTrue(o.json() && o.allowRemote());
		assertEquals(List.of(Path.of("a.pem"), Path.of("b.pem")), o.caCertificates());

		ProbeOptions defaults = ProbeOptions.parse(List.of());
		assertEquals(null, defaults.url());
		assertEquals(13, defaults.replicas());
		assertEquals(HttpMethod.GET, defaults.method());
		assertEquals(ReplicaProfile.SEED_DOCUMENTED, defaults.profile());
		assertEquals(0L, defaults.seed());

		assertEquals("unknown option --replicaz",
				assertThrows(ProbeOptions.UsageException.class, () -> ProbeOptions.parse(List.of("--replicaz", "3"))).getMessage());
		assertEquals("--header needs 'Name: value', got nocolon",
				assertThrows(ProbeOptions.UsageException.class, () -> ProbeOptions.parse(List.of("--header", "nocolon"))).getMessage());
	}
}
