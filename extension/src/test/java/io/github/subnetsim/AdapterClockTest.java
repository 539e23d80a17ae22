package io.github.subnetsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.server.MockServers;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.trace.ReplicaTrace;

/**
 * The replica's real clock (dfinity/ic adapter {@code config.rs}: 2 s connect, 30 s request): a server answering after
 * 15 s gets a reply, one that never answers gets "Timeout expired" after 30 s by default, or after a lowered bound,
 * and the trace says which. Virtual latency adds to the measured real time.
 */
class AdapterClockTest {

	private static final long ATTACHED = 100_000_000_000L;

	private static HttpRequestArgs get(MockWebServer server, String path) {
		return HttpRequestArgs.get(server.url(path).toString()).cycles(ATTACHED).build();
	}

	@Test
	@Timeout(value = 90, unit = TimeUnit.SECONDS)
	void defaultClockRepliesAfterFifteenSecondsAndTimesOutAfterThirty() throws Exception {
		try (MockWebServer server = MockServers.startTls()) {
			server.setDispatcher(Servers.dispatcher(r -> r.getUrl().encodedPath().startsWith("/slow")
					? new MockResponse.Builder().body("late").headersDelay(15, TimeUnit.SECONDS).build()
					: new MockResponse.Builder().body("never").headersDelay(10, TimeUnit.MINUTES).build()));
			try (Subnet slow = Subnet.builder().replicas(4).build(); Subnet silent = Subnet.builder().replicas(4).build()) {
				CompletableFuture<OutcallResult> late = CompletableFuture.supplyAsync(() -> slow.httpRequest(get(server, "/slow")));
				long start = System.nanoTime();
				OutcallResult never = silent.httpRequest(get(server, "/silent"));
				long tookMillis = (System.nanoTime() - start) / 1_000_000;

				OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, late.get(60, TimeUnit.SECONDS));
				assertEquals("late", reply.response().bodyText());
				for (ReplicaTrace t : reply.trace().replicas()) {
					assertTrue(t.realMillis() >= 15_000, "real time measured: " + t.realMillis());
					assertEquals(t.realMillis(), t.realArrivalMillis());
				}

				OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, never);
				assertEquals(RejectCode.SYS_FATAL, reject.code());
				assertEquals("Timeout expired", reject.message());
				assertEquals(RejectReason.TIMEOUT, reject.reason());
				assertTrue(tookMillis >= 30_000 && tookMillis < 45_000, "the adapter's 30 s: " + tookMillis);
				for (ReplicaTrace t : never.trace().replicas()) {
					assertTrue(t.realMillis() >= 29_900, "real: " + t.realMillis());
					assertEquals(List.of(), t.perturbations(), "the default bound is mainnet's: no note");
					assertEquals(null, t.loweredTimeoutMillis());
				}
			}
		}
	}

	@Test
	@Timeout(value = 30, unit = TimeUnit.SECONDS)
	void aLoweredBoundFiresEarlyAndTheTraceSaysSo() throws Exception {
		try (MockWebServer server = MockServers.startTls()) {
			server.setDispatcher(Servers.always(new MockResponse.Builder().body("never").headersDelay(10, TimeUnit.MINUTES).build()));
			try (Subnet subnet = Subnet.builder().replicas(4).requestTimeout(Duration.ofSeconds(1)).build()) {
				long start = System.nanoTime();
				OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, subnet.httpRequest(get(server, "/")));
				long tookMillis = (System.nanoTime() - start) / 1_000_000;
				assertEquals("Timeout expired", reject.message());
				assertTrue(tookMillis < 10_000, "lowered bound: " + tookMillis);
				for (ReplicaTrace t : reject.trace().replicas()) {
					assertEquals(List.of("request timeout lowered to 1 s; mainnet allows 30 s"), t.perturbations());
					assertTrue(t.realMillis() >= 990, "real: " + t.realMillis());
				}
				assertTrue(reject.trace().toJson().contains("request timeout lowered to 1 s; mainnet allows 30 s"));
				assertTrue(reject.trace().replicas().stream().allMatch(t -> Long.valueOf(1_000).equals(t.loweredTimeoutMillis())));
			}
		}
	}

	@Test
	@Timeout(value = 30, unit = TimeUnit.SECONDS)
	void theOlderStallTimeoutNameIsTheSameSetting() throws Exception {
		try (MockWebServer server = MockServers.startTls()) {
			server.setDispatcher(Servers.always(new MockResponse.Builder().body("never").headersDelay(10, TimeUnit.MINUTES).build()));
			try (Subnet subnet = Subnet.builder().replicas(2).stallTimeout(Duration.ofMillis(300)).build()) {
				OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, subnet.httpRequest(get(server, "/")));
				assertEquals(List.of("request timeout lowered to 300 ms; mainnet allows 30 s"), reject.trace().replicas().get(0).perturbations());
			}
		}
	}

	@Test
	@Timeout(value = 30, unit = TimeUnit.SECONDS)
	void virtualLatencyAddsToTheMeasuredRealTime() throws Exception {
		try (MockWebServer server = MockServers.startTls()) {
			server.setDispatcher(Servers.always(new MockResponse.Builder().body("{}").headersDelay(1_500, TimeUnit.MILLISECONDS).build()));
			try (Subnet subnet = Subnet.builder().replicas(4).build()) {
				// 29 s of virtual latency alone stays under 30 s; with the server's real 1.5 s it is past the adapter's bound.
				OutcallResult r = subnet.httpRequest(get(server, "/"), PerturbationPlan.on(Replicas.all(), Perturbation.latency(Duration.ofSeconds(29))));
				OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, r);
				assertEquals("Timeout expired", reject.message());
				for (ReplicaTrace t : r.trace().replicas()) {
					assertTrue(t.arrivalMillis() < 30_000, "virtual arrival: " + t.arrivalMillis());
					assertTrue(t.realMillis() >= 1_400, "real: " + t.realMillis());
					assertEquals(t.realMillis() + 29_000, t.realArrivalMillis());
				}
				// 20 s of latency on top of 1.5 s real is still a reply, and the trace shows both times.
				OutcallResult ok = subnet.httpRequest(get(server, "/"), PerturbationPlan.on(Replicas.all(), Perturbation.latency(Duration.ofSeconds(20))));
				assertTrue(ok.isReply(), ok::toString);
				String json = ok.trace().toJson();
				assertTrue(json.contains("\"realMillis\"") && json.contains("\"realArrivalMillis\"") && json.contains("\"arrivalMillis\""), json);
				assertFalse(ok.trace().replicas().get(0).perturbations().stream().anyMatch(p -> p.contains("lowered")));
			}
		}
	}
}
