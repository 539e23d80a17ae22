package io.github.subnetsim.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.Subnet;

/** Issue 15, bad input: each a clear error naming the file and the fix. */
class FixtureErrorsTest {

	private static final long CYCLES = 100_000_000_000L;
	private static final String URL = "https://api.example.com/rates?base=USD";

	@TempDir
	Path dir;
	private Path fixture;
	private String json;

	@BeforeEach
	void record() throws IOException {
		Recorder recorder = Recorder.create();
		Responder r = (i, req, s) -> HttpResponse.of(200, List.of(HttpHeader.of("content-type", "application/json")), "{\"rate\":1.08}");
		try (Subnet s = Subnet.builder().replicas(4).seed(2).responder(r).record(recorder).build()) {
			s.httpRequest(HttpRequestArgs.get(URL).cycles(CYCLES).build());
		}
		fixture = recorder.write(dir.resolve("rates.json"));
		json = Files.readString(fixture);
	}

	private Path edited(String from, String to) throws IOException {
		assertTrue(json.contains(from), from + " in " + json);
		Path p = dir.resolve("edited.json");
		Files.writeString(p, json.replace(from, to));
		return p;
	}

	private static FixtureException refused(Path p, int n) {
		return assertThrows(FixtureException.class, () -> Subnet.builder().replicas(n).replay(p).build().close());
	}

	private static void mentions(Exception e, String... parts) {
		for (String part : parts) {
			assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
		}
	}

	@Test
	void aNewerFormatVersion() throws IOException {
		Path p = edited("\"version\" : 1", "\"version\" : 2");
		FixtureException e = refused(p, 4);
		mentions(e, p.toString(), "version 2", "newer subnet-sim", "upgrade subnet-sim");
		assertEquals(p, e.file());
	}

	@Test
	void aTruncatedFixture() throws IOException {
		Path p = dir.resolve("truncated.json");
		Files.writeString(p, json.substring(0, json.length() / 2));
		mentions(refused(p, 4), p.toString(), "not complete JSON", "line", "truncated", "re-record");
	}

	@Test
	void aHandEditedBody() throws IOException {
		String body = java.util.Base64.getEncoder().encodeToString("{\"rate\":1.08}".getBytes());
		String other = java.util.Base64.getEncoder().encodeToString("{\"rate\":9.99}".getBytes());
		mentions(refused(edited(body, other), 4), "bodySha256", "edited", "delete \"bodySha256\"");
	}

	@Test
	void aMissingField() throws IOException {
		mentions(refused(edited("\"status\" : 200,", ""), 4), "replicas[0].response.status", "missing", "re-record");
	}

	@Test
	void notAFixture() throws IOException {
		Path p = dir.resolve("other.json");
		Files.writeString(p, "{\"hello\":1}");
		mentions(refused(p, 4), p.toString(), "not a subnet-sim fixture");
	}

	@Test
	void aMissingFile() {
		Path p = dir.resolve("nope.json");
		mentions(refused(p, 4), p.toString(), "does not exist", "working directory");
	}

	@Test
	void bodiesOverTheLimits() throws IOException {
		byte[] huge = new byte[2 * 1024 * 1024 + 1];
		String body = java.util.Base64.getEncoder().encodeToString("{\"rate\":1.08}".getBytes());
		Path p = dir.resolve("huge.json");
		Files.writeString(p, json.replace(body, java.util.Base64.getEncoder().encodeToString(huge)).replaceAll("\"bodySha256\" : \"[0-9a-f]+\",", "")
				.replaceAll("\"bodyLength\" : \\d+,", ""));
		mentions(refused(p, 4), p.toString(), "more than any replica accepts", "2097152");
	}

	@Test
	void moreReplicasThanRecorded() {
		mentions(refused(fixture, 13), fixture.toString(), "recorded 4 replicas, but the subnet has 13", "replicas(4)", "--replicas 13");
	}

	@Test
	void aRequestThatDoesNotMatchShowsTheDifference() {
		try (Subnet s = Subnet.builder().replicas(4).replay(fixture).build()) {
			ReplayMismatchException m = assertThrows(ReplayMismatchException.class,
					() -> s.httpRequest(HttpRequestArgs.post("https://api.example.com/rates?base=EUR", "{}").cycles(CYCLES).build()));
			mentions(m, fixture.toString(), "method: recorded GET, sent POST", "recorded https://api.example.com/rates?base=USD",
					"sent     https://api.example.com/rates?base=EUR", "body:   recorded 0 bytes", "sent     2 bytes \"{}\"", "Re-record");
		}
	}
}
