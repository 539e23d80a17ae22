package io.github.subnetsim.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;

/** Issue 15: {@code probe --record FILE} writes a fixture of the first outcall that replays offline. */
class ProbeRecordTest {

	@Test
	void probeRecordWritesAReplayableFixture(@TempDir Path dir) throws IOException {
		Path fixture = dir.resolve("demo.json");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		ProbeCommand.run(List.of("--replicas", "4", "--seed", "3", "--record", fixture.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		String log = err.toString(StandardCharsets.UTF_8);
		assertTrue(log.contains("recorded outcall 1 to " + fixture), log);
		String json = Files.readString(fixture);
		assertTrue(json.contains("\"format\" : \"subnet-sim-fixture\"") && json.contains("\"n\" : 4") && json.contains("\"seed\" : 3"), json);

		String url = json.replaceAll("(?s).*\"request\" : \\{\\s*\"method\" : \"GET\",\\s*\"url\" : \"([^\"]+)\".*", "$1");
		try (Subnet offline = Subnet.builder().replicas(4).seed(3).replay(fixture).build()) {
			OutcallResult r = offline.httpRequest(HttpRequestArgs.get(url).cycles(ProbeCommand.ATTACHED).build());
			assertTrue(r.trace().replicas().stream().allMatch(t -> t.status() != null), r.trace().toJson());
		}
	}
}
