package io.github.subnetsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as {@code ./subnet-sim} runs it ({@code java -jar}): its manifest's main class and version. Run by
 * surefire's {@code shaded-jar} execution after {@code package}, which passes the jar and the project version.
 */
class SubnetSimJarIT {

	record Run(int exit, String out, String err) {
	}

	@TempDir
	Path tmp;

	private Run java(String... args) throws Exception {
		List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				System.getProperty("subnet-sim.cli.jar")));
		cmd.addAll(List.of(args));
		Path out = tmp.resolve("out.txt");
		Path err = tmp.resolve("err.txt");
		Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		if (!p.waitFor(60, TimeUnit.SECONDS)) {
			p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			throw new AssertionError("did not finish within 60 s: " + cmd);
		}
		return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
	}

	@Test
	void versionComesFromTheJarManifest() throws Exception {
		Run r = java("--version");
		assertEquals(0, r.exit(), r.err());
		assertEquals("subnet-sim " + System.getProperty("subnet-sim.cli.version"), r.out().strip());
	}

	@Test
	void anUnknownCommandExitsTwo() throws Exception {
		Run r = java("probes");
		assertEquals(2, r.exit());
		assertEquals("", r.out());
		assertTrue(r.err().startsWith("subnet-sim: unknown command probes; use probe, gate, demo, ledger-proxy or help (did you mean probe?)\n"
				+ "usage: subnet-sim [-hV] [COMMAND]"), r.err());
	}
}
