package io.github.subnetsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.trace.Decision;
import io.github.subnetsim.trace.Stage;

/** Adapter timeout (virtual and real), connection failure, consensus timeout, and the refund in every outcome. */
@ExtendWith(TlsServerExtension.class)
class TimeoutsAndRefundsTest {

	private static final long ATTACHED = 100_000_000_000L;
	private MockWebServer server;

	@BeforeEach
	void start(MockWebServer server) {
		this.server = server;
	}

	private HttpRequestArgs.Builder get() {
		return HttpRequestArgs.get(server.url("/").toString()).cycles(ATTACHED);
	}

	@Test
	void latencyPastThirtySecondsIsTheAdaptersTimeoutInVirtualTime() {
		server.setDispatcher(Servers.always(Servers.json("{}")));
		try (Subnet subnet = Subnet.builder().replicas(13).build()) {
			OutcallResult r = subnet.httpRequest(get().build(), PerturbationPlan.on(Replicas.all(), Perturbation.latency(Duration.ofSeconds(31))));
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, r);
			// ADAPTER DEFAULT_HTTP_REQUEST_TIMEOUT_SECS = 30 -> SysFatal "Timeout expired" (dfinity/ic rs/https_outcalls/adapter/src/config.rs and rs/https_outcalls/client/src/client.rs; docs/limits-and-profiles.md)
			assertEquals(RejectCode.SYS_FATAL, reject.code());
			assertEquals("Timeout expired", reject.message());
			assertEquals(30_000, r.trace().consensus().decidedAtMillis());
			assertEquals(ATTACHED - r.cost().total(), r.refund());
		}
	}

	@Test
	void aSimulatedConnectionFailureNamesTheHostAsARealRefusalDoes() throws IOException {
		int closedPort;
		try (ServerSocket s = new ServerSocket(0)) {
			closedPort = s.getLocalPort();
		}
		String url = "https://localhost:" + closedPort + "/";
		for (ReplicaNetwork network : ReplicaNetwork.values()) {
			aSimulatedConnectionFailureNamesTheHostAsARealRefusalDoes(url, network);
		}
	}

	private static void aSimulatedConnectionFailureNamesTheHostAsARealRefusalDoes(String url, ReplicaNetwork network) {
		try (Subnet subnet = Subnet.builder().replicas(4).profile(ReplicaProfile.CURRENT_REPLICA).network(network).build()) {
			String real = assertInstanceOf(OutcallResult.Reject.class, subnet.httpRequest(HttpRequestArgs.get(url).cycles(ATTACHED).build()))
					.message();
			String simulated = assertInstanceOf(OutcallResult.Reject.class, subnet.httpRequest(HttpRequestArgs.get(url).cycles(ATTACHED).build(),
					PerturbationPlan.on(Replicas.all(), Perturbation.connectionFailure()))).message();
			// Uri::host() in the adapter's text: the host without its port, whether the refusal is real or simulated.
			assertEquals(real, simulated, network.name());
			// A URL the adapter refuses keeps that reject on a replica whose connection is made to fail.
			OutcallResult.Reject bad = assertInstanceOf(OutcallResult.Reject.class, subnet.httpRequest(HttpRequestArgs.get("http://localhost/")
					.cycles(ATTACHED).build(), PerturbationPlan.on(Replicas.all(), Perturbation.connectionFailure())));
			assertEquals("Url need to specify https scheme", bad.message());
		}
	}

	@Test
	void aStalledServerIsCutOffAfterTheRealTimeBoundWithTheSameReject() {
		server.setDispatcher(Servers.always(new MockResponse.Builder().body("{}").headersDelay(30, TimeUnit.SECONDS).build()));
		try (Subnet subnet = Subnet.builder().replicas(4).stallTimeout(Duration.ofMillis(300)).build()) {
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, subnet.httpRequest(get().build()));
			assertEquals(RejectCode.SYS_FATAL, reject.code());
			assertEquals("Timeout expired", reject.message());
		}
	}

	@Test
	void connectionRefusedIsSysTransientWithTheAdaptersConnectingText() throws IOException {
		int closedPort;
		try (ServerSocket s = new ServerSocket(0)) {
			closedPort = s.getLocalPort();
		}
		try (Subnet subnet = Subnet.builder().replicas(4).profile(ReplicaProfile.CURRENT_REPLICA).network(ReplicaNetwork.IPV4_PER_REPLICA).build();
				Subnet seed = Subnet.builder().replicas(4).build()) {
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class,
					subnet.httpRequest(HttpRequestArgs.get("https://localhost:" + closedPort + "/").cycles(ATTACHED).build()));
			assertEquals(RejectCode.SYS_TRANSIENT, reject.code());
			// The seeds' text (https-outcalls-detailed-overview.md, "Common errors") on the seed-documented profile.
			OutcallResult.Reject seedReject = assertInstanceOf(OutcallResult.Reject.class,
					seed.httpRequest(HttpRequestArgs.get("https://localhost:" + closedPort + "/").cycles(ATTACHED).build()));
			assertEquals(RejectCode.SYS_TRANSIENT, seedReject.code());
			assertEquals("Failed to connect: error trying to connect: tcp connect error: Connection refused (os error 111)", seedReject.message());
			// The newest adapter (dfinity/ic rs/https_outcalls/adapter/src/rpc_server.rs, https_outcall): newline + 36 spaces,
			// and the SOCKS error of a node without proxies (docs/network.md has the form with proxies).
			assertEquals("Connecting to localhost failed: direct connect hyper_util::client::legacy::Error(Connect, ConnectError(\"tcp connect error\", "
					+ "Os { code: 111, kind: ConnectionRefused, message: \"Connection refused\" }))\n" + " ".repeat(36)
					+ "and connect through socks \"No SOCKS proxy addresses provided\"", reject.message());
		}
	}

	@Test
	void theRefundIsAttachedMinusFeeWhateverTheOutcome() {
		server.setDispatcher(Servers.priceApiWithRequestIds());
		try (Subnet subnet = Subnet.builder().replicas(13).profile(ReplicaProfile.CURRENT_REPLICA).build()) {
			HttpRequestArgs agreed = get().maxResponseBytes(1_000L).transform(Transform.of("transform", (r, c) -> r.withHeaders(List.of()))).build();
			HttpRequestArgs diverges = get().maxResponseBytes(1_000L).build();
			OutcallResult reply = subnet.httpRequest(agreed);
			OutcallResult divergence = subnet.httpRequest(diverges);
			OutcallResult timeout = subnet.httpRequest(agreed, PerturbationPlan.on(Replicas.random(5), Perturbation.silent()));
			OutcallResult invalid = subnet.httpRequest(get().maxResponseBytes(3_000_000L).build());

			assertInstanceOf(OutcallResult.Reply.class, reply);
			assertEquals(Decision.DIVERGED, divergence.trace().consensus().decision());
			assertEquals(Decision.TIMED_OUT, timeout.trace().consensus().decision());
			assertEquals(Stage.VALIDATION, invalid.trace().stage());
			// v1 fee: (3_000_000 + 60_000·13 + 400·request + 800·1_000)·13 with request = URL + transform name,
			// computed here from dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md, not by the pricing code.
			long url = server.url("/").toString().length();
			long withTransform = (3_000_000 + 60_000L * 13 + 400 * (url + "transform".length()) + 800 * 1_000L) * 13;
			long withoutTransform = (3_000_000 + 60_000L * 13 + 400 * url + 800 * 1_000L) * 13;
			assertEquals(withTransform, reply.cost().total());
			assertEquals(ATTACHED - withTransform, reply.refund());
			assertEquals(ATTACHED - withoutTransform, divergence.refund(), "a divergence still costs the fee");
			assertEquals(ATTACHED - withTransform, timeout.refund(), "a timeout still costs the fee");
			assertEquals(ATTACHED, invalid.refund(), "a validation reject refunds everything");
		}
	}

	@Test
	void systemSubnetsChargeNothing() {
		server.setDispatcher(Servers.always(Servers.json("{}")));
		try (Subnet subnet = Subnet.builder().kind(SubnetKind.NNS).build()) {
			OutcallResult r = subnet.httpRequest(get().cycles(0).build());
			assertInstanceOf(OutcallResult.Reply.class, r);
			assertEquals(0, r.cost().total()); // dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md vector 13
			assertEquals(0, r.refund());
			assertEquals(40, r.trace().consensus().committee().size());
		}
	}
}
