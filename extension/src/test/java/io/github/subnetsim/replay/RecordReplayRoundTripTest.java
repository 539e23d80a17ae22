package io.github.subnetsim.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.TlsServerExtension;
import io.github.subnetsim.Transform;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.trace.Decision;
import io.github.subnetsim.transform.Transforms;

/** Issue 15, done-when 1: record from a live TLS server, replay offline, and get the same outcome and trace. */
@ExtendWith(TlsServerExtension.class)
class RecordReplayRoundTripTest {

	private static final long CYCLES = 100_000_000_000L;

	/** A header and a JSON field that change on every request, as a real API's request id and timestamp do. */
	private static Dispatcher varyingPerRequest() {
		AtomicInteger count = new AtomicInteger();
		return new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				int i = count.incrementAndGet();
				return new MockResponse.Builder().addHeader("Content-Type", "application/json").addHeader("X-Request-Id", "req-" + i)
						.body("{\"symbol\":\"ICP\",\"price\":12.340,\"ts\":" + (1_700_000_000 + i) + "}").build();
			}
		};
	}

	private static OutcallResult replay(Path fixture, long seed, HttpRequestArgs args) {
		try (Subnet offline = Subnet.builder().replicas(13).seed(seed).replay(fixture).build()) {
			return offline.httpRequest(args);
		}
	}

	@Test
	void aDivergingOutcallReplaysToTheSameRejectAndTrace(MockWebServer server, @TempDir Path dir) {
		server.setDispatcher(varyingPerRequest());
		HttpRequestArgs args = HttpRequestArgs.get(server.url("/price?symbol=ICP").toString()).cycles(CYCLES).build();
		Recorder recorder = Recorder.create();
		OutcallResult live;
		try (Subnet subnet = Subnet.builder().replicas(13).seed(11).record(recorder).build()) {
			live = subnet.httpRequest(args);
		}
		Path fixture = recorder.write(dir.resolve("fixtures/price.json"));
		int requestsBefore = server.getRequestCount();

		OutcallResult replayed = replay(fixture, 11, args);

		assertEquals(Decision.DIVERGED, live.trace().consensus().decision());
		assertEquals(live, replayed);
		assertEquals(live.trace().toJson(), replayed.trace().toJson());
		assertEquals(requestsBefore, server.getRequestCount(), "replay sends nothing");
	}

	@Test
	void aTransformedPerturbedOutcallReplaysToTheSameReplyAndTrace(MockWebServer server, @TempDir Path dir) {
		server.setDispatcher(varyingPerRequest());
		HttpRequestArgs args = HttpRequestArgs.get(server.url("/price").toString()).cycles(CYCLES)
				.transform(Transform.of("transform", Transforms.compose(Transforms.dropAllHeaders(), Transforms.dropJson("/ts")))).build();
		Recorder recorder = Recorder.create();
		OutcallResult live;
		try (Subnet subnet = Subnet.builder().replicas(13).seed(3).perturb(Replicas.of(2, 5), Perturbation.replaceBody("garbage"))
				.record(recorder).build()) {
			live = subnet.httpRequest(args);
		}
		Path fixture = recorder.write(dir.resolve("price.json"));

		OutcallResult replayed;
		try (Subnet offline = Subnet.builder().replicas(13).seed(3).perturb(Replicas.of(2, 5), Perturbation.replaceBody("garbage"))
				.replay(fixture).build()) {
			replayed = offline.httpRequest(args);
		}

		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, live);
		assertEquals("{\"symbol\":\"ICP\",\"price\":12.340}", reply.response().bodyText());
		assertEquals(live, replayed);
		assertEquals(live.trace().toJson(), replayed.trace().toJson());
	}

	@Test
	void aSmallerSubnetReplaysThePrefixOfTheRecording(MockWebServer server, @TempDir Path dir) {
		server.setDispatcher(varyingPerRequest());
		HttpRequestArgs args = HttpRequestArgs.get(server.url("/p").toString()).cycles(CYCLES).build();
		Recorder recorder = Recorder.create();
		OutcallResult live;
		try (Subnet subnet = Subnet.builder().replicas(13).seed(1).record(recorder).build()) {
			live = subnet.httpRequest(args);
		}
		Path fixture = recorder.write(dir.resolve("p.json"));
		try (Subnet offline = Subnet.builder().replicas(4).seed(1).replay(fixture).build()) {
			OutcallResult four = offline.httpRequest(args);
			for (int i = 0; i < 4; i++) {
				assertEquals(live.trace().replicas().get(i).responseHeaders(), four.trace().replicas().get(i).responseHeaders(),
						"replica " + i + " replays recorded response " + i);
			}
		}
	}

	@Test
	void theFixtureHoldsTheRequestAsSentAndTheRawResponses(MockWebServer server) {
		server.setDispatcher(varyingPerRequest());
		HttpRequestArgs args = HttpRequestArgs.get(server.url("/p").toString()).header("Accept", "application/json").cycles(CYCLES).build();
		Recorder recorder = Recorder.create();
		try (Subnet subnet = Subnet.builder().replicas(4).seed(9).record(recorder).build()) {
			subnet.httpRequest(args);
		}
		String json = recorder.toJson();
		assertTrue(json.contains("\"format\" : \"subnet-sim-fixture\""), json);
		assertTrue(json.contains("\"version\" : 1"), json);
		assertTrue(json.contains("\"seed\" : 9"), json);
		assertTrue(json.contains("\"n\" : 4"), json);
		assertTrue(json.contains("\"profile\" : \"SEED_DOCUMENTED\""), json);
		assertTrue(json.contains("\"name\" : \"Accept\""), json);
		assertTrue(json.contains("\"name\" : \"user-agent\""), "the header the adapter adds is recorded as sent: " + json);
		assertTrue(json.contains("\"name\" : \"x-request-id\""), "raw header names as received (lowercased by the adapter): " + json);
		assertTrue(json.contains("\"fetchMillis\""), json);
		assertEquals(4, recorder.fetches());
		assertTrue(json.contains("\"redacted\" : \"nothing found to redact"), json);
		List.of(0, 1, 2, 3).forEach(i -> assertTrue(json.contains("\"replica\" : " + i), json));
	}
}
