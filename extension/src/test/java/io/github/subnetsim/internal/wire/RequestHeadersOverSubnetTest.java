package io.github.subnetsim.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpMethod;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.trace.RejectReason;

/**
 * adapter-wire §3 over a subnet: CR, LF and other control bytes in request header names and values never reach the
 * server (the replica rejects before sending), and a body is sent on every method.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequestHeadersOverSubnetTest {

	private static final String OK = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";

	private static Subnet subnet() {
		return Subnet.builder().replicas(13).network(ReplicaNetwork.IPV4_PER_REPLICA).trust(ScriptedTlsServer.caCertificate()).build();
	}

	@Test
	void controlBytesInHeadersNeverReachTheServer() throws Exception {
		String value = "Failed to parse header value failed to parse header value";
		String name = "Failed to parse header name invalid HTTP header name";
		List<List<Object>> cases = List.of(
				List.of(new HttpHeader("x-a", "a\r\nx-injected: yes"), value),
				List.of(new HttpHeader("x-a", "a\nb"), value),
				List.of(new HttpHeader("x-a", "a\rb"), value),
				List.of(new HttpHeader("x-a", "a\u0000b"), value),
				List.of(new HttpHeader("x-a", "a\u007fb"), value),
				List.of(new HttpHeader("x-a\r\nx-injected", "yes"), name),
				List.of(new HttpHeader("x a", "b"), name),
				List.of(new HttpHeader("x:a", "b"), name),
				List.of(new HttpHeader("", "b"), name));
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(WireTesting.keepAnswering(OK)); Subnet subnet = subnet()) {
			for (List<Object> c : cases) {
				HttpHeader h = (HttpHeader) c.get(0);
				OutcallResult r = subnet.httpRequest(HttpRequestArgs.get("https://localhost:" + server.port() + "/")
						.header(h.name(), h.value()).cycles(1_000_000_000_000L).build());
				OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, r, () -> h + ": " + r);
				assertEquals(RejectCode.SYS_FATAL, reject.code(), h.toString());
				assertEquals(RejectReason.REQUEST_HEADER_INVALID, reject.reason(), h.toString());
				assertEquals(c.get(1), reject.message(), h.toString());
			}
			assertEquals(0, server.connections.get(), "nothing was sent");
			assertEquals(0, server.requests.size());
			// A UTF-8 value is sent as raw bytes (HeaderValue::from_str accepts bytes >= 0x80).
			OutcallResult ok = subnet.httpRequest(HttpRequestArgs.get("https://localhost:" + server.port() + "/")
					.header("x-city", "Zürich").cycles(1_000_000_000_000L).build());
			assertTrue(ok.isReply(), ok::toString);
			for (ScriptedTlsServer.Recorded rec : server.requests) {
				assertTrue(rec.headerLines().contains("x-city: Zürich"), rec.head()); // the server reads the head as UTF-8
				assertTrue(rec.headerLines().contains("user-agent: ic/1.0"), rec.head());
				assertTrue(rec.headerLines().stream().noneMatch(l -> l.startsWith("accept-encoding") || l.startsWith("connection")), rec.head());
			}
		}
	}

	@Test
	void aBodyIsSentOnGetAndHead() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(WireTesting.keepAnswering(OK)); Subnet subnet = subnet()) {
			for (HttpMethod m : new HttpMethod[] { HttpMethod.GET, HttpMethod.HEAD }) {
				server.requests.clear();
				OutcallResult r = subnet.httpRequest(HttpRequestArgs.builder(m, "https://localhost:" + server.port() + "/q")
						.body("{\"q\":1}".getBytes(StandardCharsets.UTF_8)).cycles(1_000_000_000_000L).build());
				assertTrue(r.isReply(), () -> m + ": " + r);
				assertEquals(13, server.requests.size(), m.name());
				for (ScriptedTlsServer.Recorded rec : server.requests) {
					assertTrue(rec.requestLine().startsWith(m.name() + " /q "), rec.head());
					assertEquals("{\"q\":1}", new String(rec.body(), StandardCharsets.UTF_8), m.name());
				}
			}
		}
	}
}
