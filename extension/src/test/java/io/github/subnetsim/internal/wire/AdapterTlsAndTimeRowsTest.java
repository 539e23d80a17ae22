package io.github.subnetsim.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import okhttp3.tls.HeldCertificate;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.trace.ReplicaTrace;

/**
 * The TLS rows (adapter-wire §6) and the time rows (§5, §7) over 13 replicas, with {@code max_response_bytes} set and
 * unset: certificate and handshake failures are the connect text, a server that is silent, drips past the bound, keeps
 * sending 1xx or never completes the handshake is "Timeout expired" (here on a lowered 2 s bound, which the trace
 * names), and a drip that completes in time is a reply.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AdapterTlsAndTimeRowsTest {

	private static final int N = 13;
	private static final String OK = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
	private static final Duration LOWERED = Duration.ofSeconds(2);

	private static Subnet subnet(Duration requestTimeout) {
		Subnet.Builder b = Subnet.builder().replicas(N).profile(ReplicaProfile.CURRENT_REPLICA).network(ReplicaNetwork.IPV4_PER_REPLICA).trust(ScriptedTlsServer.caCertificate());
		return requestTimeout == null ? b.build() : b.requestTimeout(requestTimeout).build();
	}

	private static OutcallResult call(Subnet subnet, int port, Long cap) {
		HttpRequestArgs.Builder b = HttpRequestArgs.get("https://localhost:" + port + "/").cycles(1_000_000_000_000L);
		if (cap != null) {
			b.maxResponseBytes(cap);
		}
		return subnet.httpRequest(b.build());
	}

	private static void assertReject(OutcallResult r, RejectCode code, String text) {
		OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, r, r::toString);
		assertEquals(text, reject.message());
		assertEquals(code, reject.code());
		long signed = r.trace().replicas().stream().filter(t -> t.outcome().equals("reject " + code.code() + ": " + text)).count();
		assertEquals(N, signed);
	}

	private static String tls(String rustls) {
		return AdapterRowsOverSubnetTest.connect("Connect, Custom { kind: InvalidData, error: " + rustls + " }");
	}

	private static void assertTlsRow(ScriptedTlsServer server, String rustls) {
		try (Subnet subnet = subnet(null)) {
			for (Long cap : new Long[] { 2_000L, null }) {
				assertReject(call(subnet, server.port(), cap), RejectCode.SYS_TRANSIENT, tls(rustls));
			}
		}
		assertEquals(0, server.requests.size(), "no request is sent over a failed handshake");
	}

	@Test
	void untrustedCertificate() throws Exception {
		HeldCertificate otherCa = new HeldCertificate.Builder().certificateAuthority(0).build();
		HeldCertificate cert = new HeldCertificate.Builder().signedBy(otherCa).addSubjectAlternativeName("localhost").build();
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(cert, otherCa, WireTesting.keepAnswering(OK))) {
			assertTlsRow(server, "InvalidCertificate(UnknownIssuer)");
		}
	}

	@Test
	void certificateForAnotherHostName() throws Exception {
		HeldCertificate cert = new HeldCertificate.Builder().signedBy(ScriptedTlsServer.ca()).addSubjectAlternativeName("elsewhere.example").build();
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(cert, ScriptedTlsServer.ca(), WireTesting.keepAnswering(OK))) {
			assertTlsRow(server, "InvalidCertificate(NotValidForName)");
		}
	}

	@Test
	void expiredCertificate() throws Exception {
		long day = TimeUnit.DAYS.toMillis(1);
		HeldCertificate cert = new HeldCertificate.Builder().signedBy(ScriptedTlsServer.ca()).addSubjectAlternativeName("localhost")
				.validityInterval(System.currentTimeMillis() - 10 * day, System.currentTimeMillis() - day).build();
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(cert, ScriptedTlsServer.ca(), WireTesting.keepAnswering(OK))) {
			assertTlsRow(server, "InvalidCertificate(Expired)");
		}
	}

	@Test
	void plainHttpAnswerOnTheTlsPort() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.plain(c -> c.write("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n"))) {
			assertTlsRow(server, "InvalidMessage(InvalidContentType)");
		}
	}

	@Test
	void refusedPort() throws Exception {
		int closed;
		try (ServerSocket s = new ServerSocket(0)) {
			closed = s.getLocalPort();
		}
		try (Subnet subnet = subnet(null)) {
			for (Long cap : new Long[] { 2_000L, null }) {
				assertReject(call(subnet, closed, cap), RejectCode.SYS_TRANSIENT, AdapterRowsOverSubnetTest.connect(
						"Connect, ConnectError(\"tcp connect error\", Os { code: 111, kind: ConnectionRefused, message: \"Connection refused\" })"));
			}
		}
	}

	/** A timeout row on the lowered bound: "Timeout expired" on all 13, and every trace names the lowered bound. */
	private static void assertTimeoutRow(ScriptedTlsServer server) {
		try (Subnet subnet = subnet(LOWERED)) {
			for (Long cap : new Long[] { 2_000L, null }) {
				long start = System.nanoTime();
				OutcallResult r = call(subnet, server.port(), cap);
				assertReject(r, RejectCode.SYS_FATAL, "Timeout expired");
				assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20));
				for (ReplicaTrace t : r.trace().replicas()) {
					assertEquals(2_000L, t.loweredTimeoutMillis());
					assertTrue(t.perturbations().contains("request timeout lowered to 2 s; mainnet allows 30 s"), t.perturbations()::toString);
				}
			}
		}
	}

	@Test
	void handshakeThatNeverCompletes() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.plain(ScriptedTlsServer.Conn::awaitClose)) {
			assertTimeoutRow(server);
		}
	}

	@Test
	void silentServer() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(c -> {
			c.readRequest();
			c.awaitClose();
		})) {
			assertTimeoutRow(server);
		}
	}

	@Test
	void endlessInformationalResponses() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(c -> {
			c.readRequest();
			try {
				while (true) {
					c.write("HTTP/1.1 102 Processing\r\n\r\n");
					Thread.sleep(100);
				}
			}
			catch (IOException e) {
				// the replica gave up
			}
		})) {
			assertTimeoutRow(server);
		}
	}

	@Test
	void shortBodyThenSilence() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(c -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort");
			c.awaitClose();
		})) {
			assertTimeoutRow(server);
		}
	}

	@Test
	void dripPastTheBound() throws Exception {
		byte[] slow = ("HTTP/1.1 200 OK\r\ncontent-length: 40\r\n\r\n" + "d".repeat(40)).getBytes(StandardCharsets.US_ASCII);
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(c -> {
			c.readRequest();
			try {
				c.drip(slow, 1, Duration.ofMillis(200)); // about 16 s
			}
			catch (IOException e) {
				// the replica gave up
			}
		})) {
			assertTimeoutRow(server);
		}
	}

	@Test
	void dripThatCompletesInTimeIsAReply() throws Exception {
		byte[] drip = ("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello").getBytes(StandardCharsets.US_ASCII);
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(c -> {
			while (c.readRequest() != null) {
				c.drip(drip, 8, Duration.ofMillis(100)); // about 0.6 s: no idle or per-read timeout
			}
		}); Subnet subnet = subnet(Duration.ofSeconds(10))) {
			for (Long cap : new Long[] { 2_000L, null }) {
				OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, call(subnet, server.port(), cap));
				assertEquals(N, reply.agreement());
				assertEquals("hello", reply.response().bodyText());
			}
		}
	}
}
