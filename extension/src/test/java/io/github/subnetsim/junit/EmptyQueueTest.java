package io.github.subnetsim.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.internal.report.OutcallReportListener;
import io.github.subnetsim.server.MockServers;

/**
 * The MockWebServer habit of enqueueing one response meets 13 replicas: the 12 that find the queue empty get a 503 at
 * once, and the test fails saying so, instead of waiting out the stall timeout and passing on an agreed reject.
 */
class EmptyQueueTest {

	/** Run through the test kit: a test that enqueues one response and asserts nothing. */
	@SimulatedSubnet(seed = 3)
	static class OneResponse {
		@Test
		void enqueuesOne(Subnet subnet, MockWebServer server) {
			server.enqueue(new MockResponse.Builder().body("{\"price\":1}").build());
			subnet.httpRequest(HttpRequestArgs.get(server.url("/price").toString()).cycles(100_000_000_000L).build());
		}

		/** The same outcall with one response per replica: the yardstick for "at once" on a loaded machine. */
		@Test
		void enqueuesThirteen(Subnet subnet, MockWebServer server) {
			for (int i = 0; i < subnet.replicas(); i++) {
				server.enqueue(new MockResponse.Builder().body("{\"price\":1}").build());
			}
			subnet.httpRequest(HttpRequestArgs.get(server.url("/price").toString()).cycles(100_000_000_000L).build());
			throw new AssertionError("expected"); // fails on purpose, so runOne finds one failed test
		}

		@Test
		void enqueuesOneAndFailsItself(Subnet subnet, MockWebServer server) {
			server.enqueue(new MockResponse.Builder().body("{\"price\":1}").build());
			OutcallResult r = subnet.httpRequest(HttpRequestArgs.get(server.url("/price").toString()).cycles(100_000_000_000L).build());
			assertTrue(r.isReply() && ((OutcallResult.Reply) r).response().status() == 200, "expected a 200 reply, got " + r);
		}
	}

	@Test
	void oneEnqueuedResponseOnThirteenReplicasFailsWithinASecond(@TempDir Path reports) {
		runOne("enqueuesOne", reports); // warms the JVM's TLS and the test kit, so the timed runs measure the outcall
		Event full = runOne("enqueuesThirteen", reports);
		Duration fullQueue = Duration.between(started.getTimestamp(), full.getTimestamp());
		Event finished = runOne("enqueuesOne", reports);
		Duration took = Duration.between(started.getTimestamp(), finished.getTimestamp());
		Throwable failure = finished.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
		String message = failure.getMessage();
		assertTrue(message.startsWith("12 requests found the injected MockWebServer's queue empty"), message);
		assertTrue(message.contains("enqueue one response per replica"), message);
		assertTrue(message.contains("server.setDispatcher("), message);
		// Within a second, or (on a machine busy enough that 13 handshakes take longer) no slower than a full queue:
		// either way nowhere near the 10 s stall timeout the stock dispatcher would wait out.
		Duration bound = Duration.ofSeconds(1).compareTo(fullQueue.multipliedBy(2)) > 0 ? Duration.ofSeconds(1) : fullQueue.multipliedBy(2);
		assertTrue(took.compareTo(bound) < 0, "took " + took + " (a full queue took " + fullQueue + "); the stall timeout is 10 s");
	}

	@Test
	void aTestThatFailsOnItsOwnLeadsWithTheEmptyQueue(@TempDir Path reports) {
		Event finished = runOne("enqueuesOneAndFailsItself", reports);
		String message = finished.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage();
		assertTrue(message.startsWith("12 requests found the injected MockWebServer's queue empty"), message);
		assertTrue(message.contains("The test's own failure, which follows from it:\nexpected a 200 reply"), message);
	}

	@Test
	void theEmptyQueueAnswerIsA503ThatSaysWhy() throws Exception {
		try (MockWebServer server = MockServers.startTls(); Subnet subnet = Subnet.builder().replicas(4).seed(1).build()) {
			server.enqueue(new MockResponse.Builder().body("ok").build());
			OutcallResult r = subnet.httpRequest(HttpRequestArgs.get(server.url("/x").toString()).cycles(100_000_000_000L).build());
			assertEquals(3, MockServers.emptyQueueRequests(server).size());
			assertEquals("GET /x", MockServers.emptyQueueRequests(server).get(0));
			OutcallResult.Reply reply = (OutcallResult.Reply) r; // three identical 503s outvote the one 200
			assertEquals(503, reply.response().status());
			assertTrue(reply.response().bodyText().contains("response queue was empty (1 response enqueued in all)"), reply.response().bodyText());
			assertEquals("empty-mockwebserver-queue", reply.response().header("x-subnet-sim").orElseThrow());
		}
	}

	/** The start event of the last {@link #runOne} call. */
	private Event started;

	private Event runOne(String method, Path reports) {
		var events = EngineTestKit.engine("junit-jupiter").selectors(selectMethod(OneResponse.class, method, "io.github.subnetsim.Subnet,mockwebserver3.MockWebServer"))
				.configurationParameter(OutcallReportListener.REPORT_DIR_PROPERTY, reports.toString()).execute().testEvents();
		assertEquals(1, events.failed().count(), events.list().toString());
		started = events.started().list().get(0);
		return events.failed().list().get(0);
	}
}
