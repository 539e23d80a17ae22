package io.github.subnetsim.properties;

import static io.github.subnetsim.assertions.OutcallMatchers.repliesWith;
import static io.github.subnetsim.assertions.ResponseMatchers.body;
import static io.github.subnetsim.assertions.ResponseMatchers.status;
import static org.hamcrest.Matchers.allOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.assertions.OutcallAssertions;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.property.From;
import io.github.subnetsim.property.Gen;
import io.github.subnetsim.property.Gens;
import io.github.subnetsim.property.SubnetProperty;
import io.github.subnetsim.replay.Recorder;
import io.github.subnetsim.server.MockServers;
import io.github.subnetsim.transform.Transforms;

/**
 * Issue 15: a 10,000-try property at n = 13 over replayed responses, offline. One outcall to a TLS server whose
 * request id header and timestamp field change on every request is recorded once; every try replays it on a
 * 13-replica subnet with up to f = 4 faulty replicas doing anything at all, and the honest transformed body must
 * win. Its wall time is in docs/benchmarks.md (a figure, not an assertion).
 */
class ReplayedHonestReplyPropertyTest {

	static final int N = 13;
	static final String HONEST = "{\"symbol\":\"ICP\",\"price\":12.34}";
	static final Transform STABLE = Transform.of("transform", Transforms.compose(Transforms.dropAllHeaders(), Transforms.dropJson("/ts")));

	private static Path fixture;
	private static Subnet replay;
	private static HttpRequestArgs args;

	@BeforeAll
	static void recordOnceThenReplay() throws IOException {
		Recorder recorder = Recorder.create();
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
			args = HttpRequestArgs.get(server.url("/price").toString()).cycles(Rig.CYCLES).transform(STABLE).build();
			try (Subnet live = Subnet.builder().replicas(N).seed(5).record(recorder).build()) {
				OutcallAssertions.assertThat(live.httpRequest(args), repliesWith(body(HONEST)));
			}
			assertEquals(N, count.get(), "the recording made one request per replica");
		}
		// The server is closed: from here on nothing can reach it, so every try below is a replay.
		fixture = recorder.write(Files.createTempDirectory("subnet-sim-replayed-property").resolve("price.json"));
		replay = Subnet.builder().replicas(N).seed(5).replay(fixture).build();
	}

	@AfterAll
	static void close() throws IOException {
		if (replay != null) {
			replay.close();
		}
		if (fixture != null) {
			Files.deleteIfExists(fixture);
			Files.deleteIfExists(fixture.getParent());
		}
	}

	static Gen<Faults> upToF() {
		int f = Limits.faultsTolerated(N);
		return Gen.combine(Gens.faultyReplicaSets(N, f), Gens.lists(Gens.faultyBehaviours(), f, f), (set, does) -> Faults.of(N, set, does));
	}

	@SubnetProperty(tries = 10_000)
	void theHonestReplayedResponseIsDelivered(@From("upToF") Faults faults) {
		OutcallResult r = replay.httpRequest(args, faults.plan());
		OutcallAssertions.assertThat(r, repliesWith(allOf(status(200), body(HONEST))));
		assertTrue(r instanceof OutcallResult.Reply reply && reply.agreement() >= N - faults.faulty().size(),
				() -> "every honest replica signs the delivered response: " + r);
	}
}
