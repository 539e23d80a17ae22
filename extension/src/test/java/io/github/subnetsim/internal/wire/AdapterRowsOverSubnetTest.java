package io.github.subnetsim.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.profile.ReplicaProfile;

/**
 * One test per row of dfinity/ic rs/https_outcalls/adapter/src/rpc_server.rs (and the §4–§5 rows it summarises), over real sockets: a scripted raw TLS
 * server answers 13 replicas of the current-replica profile, with {@code max_response_bytes} set (2,000) and unset
 * (2,000,000), and the agreed reject code and text (or the reply) is asserted exactly. After the hostile answer the
 * same subnet makes a normal outcall on the same server, which must be agreed by all 13: no connection whose
 * framing was wrong is reused.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AdapterRowsOverSubnetTest {

	static final int N = 13;
	static final long SET = 2_000;
	static final long UNSET = 2_000_000;
	static final String GOOD = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";

	/** What the server does for the hostile request; true to keep serving on the same connection afterwards. */
	@FunctionalInterface
	interface Hostile {
		boolean answer(ScriptedTlsServer.Conn c) throws Exception;
	}

	/** An expected outcome for one cap: a reply (status and body) or a reject (code and text). */
	record Expect(Integer status, byte[] body, RejectCode code, String text) {
		static Expect reply(int status, byte[] body) {
			return new Expect(status, body, null, null);
		}

		static Expect reply(int status, String body) {
			return reply(status, body.getBytes(StandardCharsets.ISO_8859_1));
		}

		static Expect reject(RejectCode code, String text) {
			return new Expect(null, null, code, text);
		}

		@Override
		public String toString() {
			return code == null ? "reply " + status : "reject " + code.code() + " " + text.replace("\n", "\\n");
		}
	}

	static String connect(String debug) {
		return "Connecting to localhost failed: direct connect hyper_util::client::legacy::Error(" + debug + ")\n" + " ".repeat(36)
				+ "and connect through socks \"No SOCKS proxy addresses provided\"";
	}

	static String head(String debug) {
		return connect("SendRequest, hyper::Error(" + debug + ")");
	}

	static Hostile raw(String bytes) {
		return c -> {
			c.write(bytes);
			return true;
		};
	}

	static Hostile rawThenClose(String bytes) {
		return c -> {
			c.write(bytes);
			return false;
		};
	}

	static String headers(int n) {
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < n; i++) {
			b.append("x-h").append(i).append(": v\r\n");
		}
		return b.toString();
	}

	static byte[] gzip(String s) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream z = new GZIPOutputStream(out)) {
			z.write(s.getBytes(StandardCharsets.UTF_8));
		}
		return out.toByteArray();
	}

	static Arguments row(String name, Hostile hostile, Expect withCap, Expect withoutCap) {
		return Arguments.of(name, hostile, withCap, withoutCap);
	}

	static Stream<Arguments> rows() throws IOException {
		byte[] gz = gzip("{\"price\":1}".repeat(50));
		String gzHead = "HTTP/1.1 200 OK\r\ncontent-encoding: gzip\r\ncontent-length: " + gz.length + "\r\n\r\n";
		byte[] gzResponse = new byte[gzHead.length() + gz.length];
		System.arraycopy(gzHead.getBytes(StandardCharsets.ISO_8859_1), 0, gzResponse, 0, gzHead.length());
		System.arraycopy(gz, 0, gzResponse, gzHead.length(), gz.length);
		String big = "x".repeat(3_000);
		String bodyTooLarge = "Http body exceeds size limit of ";
		List<Arguments> rows = new ArrayList<>();
		rows.add(row("200, valid, within cap", raw("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello"),
				Expect.reply(200, "hello"), Expect.reply(200, "hello")));
		rows.add(row("3xx with Location: reply, not followed",
				raw("HTTP/1.1 302 Found\r\nlocation: https://elsewhere.invalid/\r\ncontent-length: 0\r\n\r\n"),
				Expect.reply(302, ""), Expect.reply(302, "")));
		rows.add(row("1xx then 200", raw("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n"
				+ "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nhi"), Expect.reply(200, "hi"), Expect.reply(200, "hi")));
		rows.add(row("HTTP/1.0, no length, close", rawThenClose("HTTP/1.0 200 OK\r\n\r\nuntil eof"),
				Expect.reply(200, "until eof"), Expect.reply(200, "until eof")));
		rows.add(row("Content-Length shorter than the data", raw("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhelloEXTRA BYTES THE NEXT OUTCALL MUST NOT SEE"),
				Expect.reply(200, "hello"), Expect.reply(200, "hello")));
		rows.add(row("gzip body: raw compressed bytes", c -> {
			c.write(gzResponse);
			return true;
		}, Expect.reply(200, gz), Expect.reply(200, gz)));
		rows.add(row("204: empty body", raw("HTTP/1.1 204 No Content\r\n\r\n"), Expect.reply(204, ""), Expect.reply(204, "")));
		rows.add(row("body over cap", raw("HTTP/1.1 200 OK\r\ncontent-length: 3000\r\n\r\n" + big),
				Expect.reject(RejectCode.SYS_FATAL, bodyTooLarge + SET + " bytes."), Expect.reply(200, big)));
		rows.add(row("endless body", c -> {
			c.write("HTTP/1.1 200 OK\r\n\r\n");
			byte[] chunk = new byte[16 * 1024];
			while (true) {
				c.write(chunk); // until the replica stops reading and closes
			}
		}, Expect.reject(RejectCode.SYS_FATAL, bodyTooLarge + SET + " bytes."), Expect.reject(RejectCode.SYS_FATAL, bodyTooLarge + UNSET + " bytes.")));
		rows.add(row("reset mid-body", c -> {
			c.write("HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n" + "y".repeat(100));
			Thread.sleep(50);
			c.reset();
			return false;
		}, Expect.reject(RejectCode.SYS_FATAL, bodyTooLarge + SET + " bytes."), Expect.reject(RejectCode.SYS_FATAL, bodyTooLarge + UNSET + " bytes.")));
		rows.add(row("bad chunk", raw("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
				Expect.reject(RejectCode.SYS_FATAL, bodyTooLarge + SET + " bytes."), Expect.reject(RejectCode.SYS_FATAL, bodyTooLarge + UNSET + " bytes.")));
		rows.add(row("short body + close", rawThenClose("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort"),
				Expect.reject(RejectCode.SYS_FATAL, bodyTooLarge + SET + " bytes."), Expect.reject(RejectCode.SYS_FATAL, bodyTooLarge + UNSET + " bytes.")));
		rows.add(row("headers over cap", raw("HTTP/1.1 200 OK\r\nx-big: " + "h".repeat(2_500) + "\r\ncontent-length: 0\r\n\r\n"),
				Expect.reject(RejectCode.SYS_FATAL, "Header size exceeds specified response size limit " + SET), Expect.reply(200, "")));
		rows.add(row("65-100 headers within cap", raw("HTTP/1.1 200 OK\r\n" + headers(69) + "content-length: 0\r\n\r\n"),
				Expect.reject(RejectCode.SYS_FATAL, "number of all http headers 70 exceeds 64"),
				Expect.reject(RejectCode.SYS_FATAL, "number of all http headers 70 exceeds 64")));
		rows.add(row("one 300 KiB header", raw("HTTP/1.1 200 OK\r\nx-big: " + "h".repeat(300 * 1024) + "\r\ncontent-length: 0\r\n\r\n"),
				Expect.reject(RejectCode.SYS_FATAL, "Header size exceeds specified response size limit " + SET),
				Expect.reject(RejectCode.SYS_FATAL, "number of bytes to represent some http header value 307200 exceeds 8192")));
		rows.add(row("> 100 headers", raw("HTTP/1.1 200 OK\r\n" + headers(101) + "content-length: 0\r\n\r\n"),
				Expect.reject(RejectCode.SYS_TRANSIENT, head("Parse(TooLarge)")), Expect.reject(RejectCode.SYS_TRANSIENT, head("Parse(TooLarge)"))));
		rows.add(row("head > 417,792 B", raw("HTTP/1.1 200 OK\r\nx-big: " + "h".repeat(420_000) + "\r\ncontent-length: 0\r\n\r\n"),
				Expect.reject(RejectCode.SYS_TRANSIENT, head("Parse(TooLarge)")), Expect.reject(RejectCode.SYS_TRANSIENT, head("Parse(TooLarge)"))));
		rows.add(row("control byte in a header value", raw("HTTP/1.1 200 OK\r\nx-a: a\u0001b\r\ncontent-length: 0\r\n\r\n"),
				Expect.reject(RejectCode.SYS_TRANSIENT, head("Parse(Header(Token))")), Expect.reject(RejectCode.SYS_TRANSIENT, head("Parse(Header(Token))"))));
		rows.add(row("obs-fold", raw("HTTP/1.1 200 OK\r\nx-a: a\r\n continued\r\ncontent-length: 0\r\n\r\n"),
				Expect.reject(RejectCode.SYS_TRANSIENT, head("Parse(Header(Token))")), Expect.reject(RejectCode.SYS_TRANSIENT, head("Parse(Header(Token))"))));
		rows.add(row("header line without a colon", raw("HTTP/1.1 200 OK\r\nx-a\r\ncontent-length: 0\r\n\r\n"),
				Expect.reject(RejectCode.SYS_TRANSIENT, head("Parse(Header(Token))")), Expect.reject(RejectCode.SYS_TRANSIENT, head("Parse(Header(Token))"))));
		rows.add(row("status 000", raw("HTTP/1.1 000 Zero\r\ncontent-length: 0\r\n\r\n"),
				Expect.reject(RejectCode.SYS_TRANSIENT, head("Parse(Status)")), Expect.reject(RejectCode.SYS_TRANSIENT, head("Parse(Status)"))));
		rows.add(row("conflicting Content-Length", raw("HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\nhello!"),
				Expect.reject(RejectCode.SYS_TRANSIENT, head("Parse(Header(ContentLengthInvalid))")),
				Expect.reject(RejectCode.SYS_TRANSIENT, head("Parse(Header(ContentLengthInvalid))"))));
		rows.add(row("garbage", rawThenClose("SSH-2.0-OpenSSH_9.6\r\n"),
				Expect.reject(RejectCode.SYS_TRANSIENT, head("Parse(Version)")), Expect.reject(RejectCode.SYS_TRANSIENT, head("Parse(Version)"))));
		rows.add(row("close before head", c -> false,
				Expect.reject(RejectCode.SYS_TRANSIENT, head("IncompleteMessage")), Expect.reject(RejectCode.SYS_TRANSIENT, head("IncompleteMessage"))));
		rows.add(row("non-ASCII header value", raw("HTTP/1.1 200 OK\r\ncontent-disposition: attachment; filename=Z\u00fcrich\r\ncontent-length: 0\r\n\r\n"),
				Expect.reject(RejectCode.SYS_TRANSIENT, "Failed to parse headers: failed to convert header to a str"),
				Expect.reject(RejectCode.SYS_TRANSIENT, "Failed to parse headers: failed to convert header to a str")));
		return rows.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rows")
	void rowOverThirteenReplicas(String name, Hostile hostile, Expect withCap, Expect withoutCap) throws Exception {
		ScriptedTlsServer.Script script = c -> {
			try {
				ScriptedTlsServer.Recorded r;
				while ((r = c.readRequest()) != null) {
					if (r.requestLine().contains("/hostile")) {
						if (!hostile.answer(c)) {
							return;
						}
					}
					else {
						c.write(GOOD);
					}
				}
			}
			catch (IOException e) {
				// the replica closed the connection
			}
		};
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(script);
				Subnet subnet = Subnet.builder().replicas(N).profile(ReplicaProfile.CURRENT_REPLICA).network(ReplicaNetwork.IPV4_PER_REPLICA).trust(ScriptedTlsServer.caCertificate())
						.build()) {
			String base = "https://localhost:" + server.port();
			for (Long cap : new Long[] { SET, null }) {
				HttpRequestArgs.Builder b = HttpRequestArgs.get(base + "/hostile").cycles(1_000_000_000_000L);
				if (cap != null) {
					b.maxResponseBytes(cap);
				}
				OutcallResult r = subnet.httpRequest(b.build());
				check(cap == null ? withoutCap : withCap, r, name + (cap == null ? " (unset)" : " (cap " + cap + ")"));
				// The next outcall on the same subnet and server is unaffected.
				OutcallResult next = subnet.httpRequest(HttpRequestArgs.get(base + "/ok").cycles(1_000_000_000_000L).build());
				OutcallResult.Reply ok = assertInstanceOf(OutcallResult.Reply.class, next, () -> name + ": next outcall " + next);
				assertEquals(N, ok.agreement(), name);
				assertEquals("ok", new String(ok.response().body(), StandardCharsets.UTF_8), name);
			}
		}
	}

	static void check(Expect e, OutcallResult r, String name) {
		if (e.code() != null) {
			OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, r, () -> name + ": " + r);
			assertEquals(e.text(), reject.message(), name);
			assertEquals(e.code(), reject.code(), name);
			long signed = r.trace().replicas().stream().filter(t -> t.outcome().equals("reject " + e.code().code() + ": " + e.text())).count();
			assertEquals(N, signed, name + ": every replica signs the same reject");
			return;
		}
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, r, () -> name + ": " + r);
		assertEquals(N, reply.agreement(), name);
		assertEquals(e.status(), reply.response().status(), name);
		assertArrayEquals(e.body(), reply.response().body(), name);
		if (e.status() == 302) {
			assertTrue(reply.response().headers().contains(new HttpHeader("location", "https://elsewhere.invalid/")), name);
		}
	}
}
