package io.github.subnetsim.assertions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.replay.Recorder;
import io.github.subnetsim.server.MockServers;

/**
 * Issue 15, done when: record from a local TLS server that varies a header and a JSON field per request, replay, and
 * the divergence report and the trace are byte-identical to the live run's with the same seed.
 */
class ReplayedDivergenceReportTest {

	private static final long CYCLES = 100_000_000_000L;

	@Test
	void theReplayedDivergenceReportAndTraceAreTheLiveOnesByteForByte(@TempDir Path dir) {
		Recorder recorder = Recorder.create();
		OutcallResult live;
		HttpRequestArgs args;
		int requests;
		try (MockWebServer server = MockServers.startTls()) {
			AtomicInteger count = new AtomicInteger();
			server.setDispatcher(new Dispatcher() {
				@Override
				public MockResponse dispatch(RecordedRequest request) {
					int i = count.incrementAndGet();
					return new MockResponse.Builder().addHeader("Content-Type", "application/json").addHeader("X-Request-Id", "req-" + i)
							.body("{\"symbol\":\"ICP\",\"price\":12.34,\"ts\":" + (1_700_000_000 + i) + "}").build();
				}
			});
			args = HttpRequestArgs.get(server.url("/price?symbol=ICP").toString()).cycles(CYCLES).build();
			try (Subnet subnet = Subnet.builder().replicas(13).seed(21).record(recorder).build()) {
				live = subnet.httpRequest(args);
			}
			requests = count.get();
		}
		Path fixture = recorder.write(dir.resolve("price.json"));

		OutcallResult replayed;
		try (Subnet offline = Subnet.builder().replicas(13).seed(21).replay(fixture).build()) {
			replayed = offline.httpRequest(args);
		}

		DivergenceReport liveReport = DivergenceReport.of(live);
		DivergenceReport replayedReport = DivergenceReport.of(replayed);
		// The live run diverged on both varying fields, so the comparison below compares something.
		assertEquals(13, requests);
		assertTrue(liveReport.diverged(), liveReport::render);
		assertTrue(liveReport.variedHeaders().contains("x-request-id"), liveReport::render);
		assertTrue(liveReport.variedJsonPointers().contains("/ts"), liveReport::render);

		assertEquals(liveReport.render(), replayedReport.render());
		assertEquals(liveReport.toJson(), replayedReport.toJson());
		assertEquals(live.trace().toJson(), replayed.trace().toJson());
	}
}
