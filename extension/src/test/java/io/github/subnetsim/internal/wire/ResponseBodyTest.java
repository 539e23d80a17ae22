package io.github.subnetsim.internal.wire;

import static io.github.subnetsim.internal.wire.WireTesting.CAP;
import static io.github.subnetsim.internal.wire.WireTesting.answer;
import static io.github.subnetsim.internal.wire.WireTesting.client;
import static io.github.subnetsim.internal.wire.WireTesting.get;
import static io.github.subnetsim.internal.wire.WireTesting.keepAnswering;
import static io.github.subnetsim.internal.wire.WireTesting.utf8;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** adapter-wire §5: the response body. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ResponseBodyTest {

	private static WireOutcome fetch(ScriptedTlsServer.Script script, long cap) throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(script); WireClient client = client()) {
			return client.exchange(get(server), cap);
		}
	}

	private static WireOutcome.Response response(WireOutcome o) {
		assertThat(o, instanceOf(WireOutcome.Response.class));
		return (WireOutcome.Response) o;
	}

	@Test
	void bodyWithinAndOverTheCapMinusHeaderBytes() throws Exception {
		String raw = "HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n0123456789"; // header bytes 16
		assertThat(utf8(response(fetch(answer(raw), 26)).body()), equalTo("0123456789"));
		assertThat(fetch(answer(raw), 25), equalTo(new WireOutcome.BodyFailed(25, 16, 16 + 10)));
	}

	@Test
	void endlessBodyStopsAtLimitPlusOne() throws Exception {
		ScriptedTlsServer.Script endless = c -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\n\r\n");
			byte[] k = new byte[1024];
			while (true) {
				c.write(k); // ends with an exception once the client has closed
			}
		};
		WireOutcome o = fetch(endless, 50_000);
		assertThat(o, equalTo(new WireOutcome.BodyFailed(50_000, 0, 50_001)));
	}

	@Test
	void shortBodyThenClose() throws Exception {
		assertThat(fetch(answer("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n01234"), CAP), instanceOf(WireOutcome.BodyFailed.class));
		assertThat(fetch(answer("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n"), CAP),
				instanceOf(WireOutcome.BodyFailed.class));
	}

	@Test
	void resetMidBody() throws Exception {
		ScriptedTlsServer.Script reset = c -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n" + "x".repeat(1000));
			Thread.sleep(100);
			c.reset();
		};
		assertThat(fetch(reset, CAP), instanceOf(WireOutcome.BodyFailed.class));
	}

	@Test
	void invalidChunking() throws Exception {
		for (String body : List.of("zz\r\nhello\r\n0\r\n\r\n", "5\r\nhelloX\r\n0\r\n\r\n", "5\nhello\r\n0\r\n\r\n", "5;a\nb\r\nhello\r\n0\r\n\r\n",
				"5 x\r\nhello\r\n0\r\n\r\n", "0\r\nbad trailer\r\n\r\n")) {
			WireOutcome o = fetch(answer("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n" + body), CAP);
			assertThat(body, o, instanceOf(WireOutcome.BodyFailed.class));
		}
	}

	@Test
	void validChunkedWithExtensionsAndTrailers() throws Exception {
		WireOutcome.Response r = response(fetch(answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
				+ "5;name=value\r\nhello\r\nA \r\n, world!!!\r\n0\r\nx-checksum: abc\r\nx-more: 1\r\n\r\n"), CAP));
		assertThat(utf8(r.body()), equalTo("hello, world!!!"));
	}

	@Test
	void http10AndConnectionCloseReadToEof() throws Exception {
		assertThat(utf8(response(fetch(answer("HTTP/1.0 200 OK\r\n\r\nuntil the end"), CAP)).body()), equalTo("until the end"));
		assertThat(utf8(response(fetch(answer("HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nuntil the end"), CAP)).body()),
				equalTo("until the end"));
		assertThat(((WireOutcome.ConnectFailed) fetch(answer("HTTP/1.0 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n"), CAP))
				.headProblem(), is(HeadProblem.TRANSFER_ENCODING_ON_HTTP10));
	}

	@Test
	void contentLengthShorterThanDataTruncatesAndTheNextExchangeUsesANewConnection() throws Exception {
		String longer = "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n" + "x".repeat(48);
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(keepAnswering(longer), keepAnswering("HTTP/1.1 200 OK\r\ncontent-length: 7\r\n\r\ncorrect"));
				WireClient client = client()) {
			assertThat(utf8(response(client.exchange(get(server), CAP)).body()), equalTo("xxxxx"));
			assertThat(client.idleConnections(), is(0));
			assertThat(utf8(response(client.exchange(get(server), CAP)).body()), equalTo("correct"));
			assertThat(server.connections.get(), is(2));
		}
	}

	@Test
	void noBodyFor204And304AndHeadWhateverTheHeadersSay() throws Exception {
		String noContent = "HTTP/1.1 204 No Content\r\ncontent-length: 5\r\n\r\n";
		String notModified = "HTTP/1.1 304 Not Modified\r\ncontent-length: 5\r\n\r\n";
		String forHead = "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n";
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(keepAnswering(noContent), keepAnswering(notModified), keepAnswering(forHead));
				WireClient a = client(); WireClient b = client(); WireClient c = client()) {
			assertThat(response(a.exchange(get(server), CAP)).body().length, is(0));
			assertThat(response(b.exchange(get(server), CAP)).body().length, is(0));
			WireRequest head = new WireRequest("HEAD", "localhost", server.port(), "/", List.of(), new byte[0]);
			WireOutcome.Response r = response(c.exchange(head, CAP));
			assertThat(r.body().length, is(0));
			assertThat(r.headersInWireOrder().get(0), equalTo(new WireHeader("content-length", "100")));
			assertThat(response(c.exchange(head, CAP)).status(), is(200));
			assertThat(server.connections.get(), is(3));
		}
	}

	@Test
	void gzipIsDeliveredRaw() throws Exception {
		ByteArrayOutputStream gz = new ByteArrayOutputStream();
		try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
			z.write(new byte[1_000_000]);
		}
		byte[] compressed = gz.toByteArray();
		ScriptedTlsServer.Script script = c -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\ncontent-encoding: gzip\r\ncontent-length: " + compressed.length + "\r\n\r\n");
			c.write(compressed);
		};
		WireOutcome.Response r = response(fetch(script, 10_000));
		assertThat(r.body(), equalTo(compressed));
		assertThat(r.headersInWireOrder().get(0), equalTo(new WireHeader("content-encoding", "gzip")));
	}
}
