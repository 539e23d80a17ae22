package io.github.subnetsim.assertions;

import static io.github.subnetsim.assertions.OutcallMatchers.reachesConsensus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.server.MockServers;

/**
 * The README's price feed without a transform, on 13 replicas: the failure leads with what varied and the fix,
 * fits in 15 lines before the details, and keeps this layout. Replicas race for the request numbers, so which
 * replica lands in which group varies; the lines are pinned by pattern.
 */
class DivergenceMessageLayoutTest {

	private static MockWebServer server;
	private static OutcallResult result;

	@BeforeAll
	static void outcall() {
		server = MockServers.startTls();
		AtomicInteger requests = new AtomicInteger();
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				// As in the README: a Date that ticks every 4 requests, a request id and a timestamp per answer.
				int i = requests.incrementAndGet();
				Instant now = Instant.parse("2026-11-22T12:00:00Z").plusMillis(250L * i);
				return new MockResponse.Builder().addHeader("Content-Type", "application/json")
						.addHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC)))
						.addHeader("X-Request-Id", "req-" + i)
						.body("{\"pair\":\"ICP/USD\",\"price\":\"12.3456\",\"timestamp\":" + now.toEpochMilli() + "}").build();
			}
		});
		try (Subnet subnet = Subnet.builder().replicas(13).seed(42).build()) {
			result = subnet.httpRequest(HttpRequestArgs.get(server.url("/rates").toString()).maxResponseBytes(2_000L).cycles(100_000_000_000L).build());
		}
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void theFailureLeadsWithWhatVariedAndTheFixInAtMostFifteenLines() {
		AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertThat(result, reachesConsensus()));
		List<String> lines = e.getMessage().lines().toList();
		int details = lines.indexOf("Details:");
		assertTrue(details > 0 && details <= 15, "at most 15 lines before the details, got " + details + ":\n" + e.getMessage());

		String date = "\"(Sun|Mon), 22 Nov 2026 12:00:0\\d GMT\"";
		String group = "  groups? [A-M, –]+ \\(\\d+ replicas?: [\\d, –]+\\)  (hash [0-9a-f]{12}  )?differs? from group A only in ";
		List<String> expected = List.of(
				Pattern.quote("No consensus: the replicas' responses vary in date, x-request-id, /timestamp (13 distinct responses, 9 of 13 must agree). "
						+ "Fix: add the transform below."),
				Pattern.quote("Expected: agreed by ≥ 9 of 13"),
				Pattern.quote("Actual:   13 distinct responses"),
				Pattern.quote("What varied between replicas:"),
				"  header date: [2-5] distinct values, e\\.g\\. " + date + ", " + date,
				"  header x-request-id: 13 distinct values, e\\.g\\. \"req-\\d+\", \"req-\\d+\"",
				"  body /timestamp: 13 distinct values, e\\.g\\. 17953488\\d{5}, 17953488\\d{5}",
				Pattern.quote("Fix: add this transform:"),
				Pattern.quote("  Transforms.compose(Transforms.dropHeaders(\"date\", \"x-request-id\"), Transforms.dropJson(\"/timestamp\"))"),
				Pattern.quote("Replicas grouped by transformed response (threshold 9 of 13):"),
				"  group A \\(1 replica: \\d+\\)  hash [0-9a-f]{12}");
		for (int i = 0; i < expected.size(); i++) {
			assertTrue(lines.get(i).matches(expected.get(i)), "line " + i + " is '" + lines.get(i) + "', expected /" + expected.get(i) + "/\n" + e.getMessage());
		}
		// The twelve one-replica groups collapse by the fields they differ in: with or without the Date, at most two lines.
		List<String> groupLines = lines.subList(expected.size(), details);
		assertTrue(groupLines.size() >= 1 && groupLines.size() <= 2, e.getMessage());
		for (String l : groupLines) {
			assertTrue(l.matches(group + "(date, )?x-request-id, /timestamp"), "group line '" + l + "'\n" + e.getMessage());
		}
		assertTrue(lines.get(details + 1).startsWith("  SysTransient (2): No consensus could be reached."), e.getMessage());
		assertTrue(lines.contains("Differences from group A:"), e.getMessage());
		assertEquals("Seed: 42 (replay with Subnet.builder().seed(42))", lines.get(lines.size() - 1));
	}

	@Test
	void theSameRendererServesTheReportAloneWithoutColour() {
		DivergenceReport report = DivergenceReport.of(result);
		String summary = report.renderSummary();
		assertTrue(summary.startsWith("What varied between replicas:\n  header date: "), summary);
		assertTrue(report.render().startsWith(summary + "\nDifferences from group A:\n"), report.render());
		assertFalse(report.render().contains("\u001b"), "no ANSI escapes");
		AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertThat(result, reachesConsensus()));
		assertTrue(e.getMessage().contains("\n" + summary + "\nDetails:\n"), "the failure embeds the same summary");

		DivergenceReport.VariedField requestId = report.variedFields().get(1);
		assertEquals("header x-request-id", requestId.field());
		assertEquals(13, requestId.distinctValues());
		assertEquals(2, requestId.examples().size());
	}
}
