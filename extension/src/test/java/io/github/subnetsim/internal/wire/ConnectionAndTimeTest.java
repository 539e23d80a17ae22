package io.github.subnetsim.internal.wire;

import static io.github.subnetsim.internal.wire.WireTesting.CAP;
import static io.github.subnetsim.internal.wire.WireTesting.answer;
import static io.github.subnetsim.internal.wire.WireTesting.client;
import static io.github.subnetsim.internal.wire.WireTesting.get;
import static io.github.subnetsim.internal.wire.WireTesting.keepAnswering;
import static io.github.subnetsim.internal.wire.WireTesting.utf8;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** adapter-wire §2 (reuse), §6 (TLS) and §7 (time). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ConnectionAndTimeTest {

	private static final String OK = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
	private static final Duration SHORT = Duration.ofMillis(300);

	private static ConnectFailure failure(WireOutcome o) {
		assertThat(o, instanceOf(WireOutcome.ConnectFailed.class));
		return ((WireOutcome.ConnectFailed) o).kind();
	}

	@Test
	void keepAliveConnectionIsReused() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(keepAnswering(OK)); WireClient client = client()) {
			assertThat(client.exchange(get(server), CAP), instanceOf(WireOutcome.Response.class));
			assertThat(client.idleConnections(), is(1));
			assertThat(client.exchange(get(server), CAP), instanceOf(WireOutcome.Response.class));
			assertThat(server.connections.get(), is(1));
			assertThat(server.requests.size(), is(2));
		}
	}

	@Test
	void idleConnectionClosedByTheServerIsNotReused() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(answer(OK), keepAnswering(OK)); WireClient client = client()) {
			assertThat(client.exchange(get(server), CAP), instanceOf(WireOutcome.Response.class));
			Thread.sleep(200);
			assertThat(client.exchange(get(server), CAP), instanceOf(WireOutcome.Response.class));
			assertThat(server.connections.get(), is(2));
		}
	}

	@Test
	void staleKeepAliveClosedBeforeAnyResponseByteIsRetriedOnceOnANewConnection() throws Exception {
		ScriptedTlsServer.Script oneThenDrop = c -> {
			c.readRequest();
			c.write(OK);
			c.readRequest(); // the second request arrives, then the server closes without a byte
		};
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(oneThenDrop, keepAnswering(OK)); WireClient client = client()) {
			assertThat(client.exchange(get(server), CAP), instanceOf(WireOutcome.Response.class));
			assertThat(utf8(((WireOutcome.Response) client.exchange(get(server), CAP)).body()), equalTo("ok"));
			assertThat(server.connections.get(), is(2));
			assertThat(server.requests.size(), is(3));
		}
	}

	@Test
	void closeAfterAFreshConnectionIsNotRetried() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(c -> c.readRequest()); WireClient client = client()) {
			assertThat(failure(client.exchange(get(server), CAP)), is(ConnectFailure.CLOSED_BEFORE_HEAD));
			assertThat(server.connections.get(), is(1));
		}
	}

	@Test
	void untrustedCertificateAndPlainHttpAnswerAreTlsFailures() throws Exception {
		HeldCertificate otherCa = new HeldCertificate.Builder().certificateAuthority(0).build();
		HandshakeCertificates other = new HandshakeCertificates.Builder().addTrustedCertificate(otherCa.certificate()).build();
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(answer(OK));
				WireClient client = new WireClient(other.sslSocketFactory(), null, Duration.ofSeconds(2), Duration.ofSeconds(5))) {
			assertThat(failure(client.exchange(get(server), CAP)), is(ConnectFailure.TLS));
			assertThat(server.requests.size(), is(0));
		}
		try (ScriptedTlsServer plain = ScriptedTlsServer.plain(c -> c.write("HTTP/1.1 400 Bad Request\r\n\r\n")); WireClient client = client()) {
			assertThat(failure(client.exchange(get(plain), CAP)), is(ConnectFailure.TLS));
		}
	}

	@Test
	void refusedPort() throws Exception {
		int port;
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = s.getLocalPort();
		}
		try (WireClient client = client()) {
			WireRequest r = new WireRequest("GET", "127.0.0.1", port, "/", java.util.List.of(), new byte[0]);
			assertThat(failure(client.exchange(r, CAP)), is(ConnectFailure.REFUSED));
		}
	}

	private static long timedOutAfterMillis(ScriptedTlsServer server, Duration timeout) {
		try (WireClient client = client(timeout)) {
			long t0 = System.nanoTime();
			WireOutcome o = client.exchange(get(server), CAP);
			long ms = (System.nanoTime() - t0) / 1_000_000;
			assertThat(o, instanceOf(WireOutcome.TimedOut.class));
			return ms;
		}
	}

	@Test
	void silentServerTimesOutAtTheDeadline() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(c -> {
			c.readRequest();
			c.awaitClose();
		})) {
			long ms = timedOutAfterMillis(server, SHORT);
			assertThat(ms, greaterThanOrEqualTo(290L));
			assertThat(ms, lessThan(2000L));
		}
	}

	@Test
	void handshakeThatNeverCompletesTimesOutAtTheDeadline() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.plain(ScriptedTlsServer.Conn::awaitClose)) {
			long ms = timedOutAfterMillis(server, SHORT);
			assertThat(ms, greaterThanOrEqualTo(290L));
			assertThat(ms, lessThan(2000L));
		}
	}

	@Test
	void endlessInformationalResponsesAndShortBodyThenSilenceTimeOut() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(c -> {
			c.readRequest();
			while (true) {
				c.write("HTTP/1.1 102 Processing\r\n\r\n");
				Thread.sleep(50);
			}
		})) {
			timedOutAfterMillis(server, SHORT);
		}
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(c -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n01234");
			c.awaitClose();
		})) {
			timedOutAfterMillis(server, SHORT);
		}
	}

	@Test
	void dripThatCompletesBeforeTheDeadlineIsAReplyAndOnePastItTimesOut() throws Exception {
		byte[] raw = "HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n0123456789".getBytes(StandardCharsets.US_ASCII);
		ScriptedTlsServer.Script drip = c -> {
			c.readRequest();
			c.drip(raw, 4, Duration.ofMillis(60)); // 13 pieces, about 0.8 s, no gap above 60 ms
		};
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(drip); WireClient client = client(Duration.ofSeconds(3))) {
			WireOutcome o = client.exchange(get(server), CAP);
			assertThat(utf8(((WireOutcome.Response) o).body()), equalTo("0123456789"));
		}
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(drip)) {
			timedOutAfterMillis(server, SHORT);
		}
	}

	@Test
	void closeFromAnotherThreadEndsAnExchangeInFlight() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(c -> {
			c.readRequest();
			c.awaitClose();
		})) {
			WireClient client = client(Duration.ofSeconds(10));
			Thread closer = new Thread(() -> {
				try {
					Thread.sleep(300);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				client.close();
			});
			closer.start();
			long t0 = System.nanoTime();
			WireOutcome o = client.exchange(get(server), CAP);
			closer.join();
			assertThat((System.nanoTime() - t0) / 1_000_000, lessThan(5000L));
			assertThat(o, instanceOf(WireOutcome.ConnectFailed.class));
		}
	}
}
