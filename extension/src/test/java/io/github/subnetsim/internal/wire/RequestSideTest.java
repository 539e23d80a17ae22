package io.github.subnetsim.internal.wire;

import static io.github.subnetsim.internal.wire.WireTesting.CAP;
import static io.github.subnetsim.internal.wire.WireTesting.answer;
import static io.github.subnetsim.internal.wire.WireTesting.client;
import static io.github.subnetsim.internal.wire.WireTesting.request;
import static io.github.subnetsim.internal.wire.WireTesting.utf8;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** adapter-wire §3: what is checked and sent. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RequestSideTest {

	private static final String OK = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";

	private static List<WireHeader> headers(String... nv) {
		List<WireHeader> out = new ArrayList<>();
		for (int i = 0; i < nv.length; i += 2) {
			out.add(new WireHeader(nv[i], nv[i + 1]));
		}
		return out;
	}

	@Test
	void valueWithControlBytesOrDelIsInvalidAndNonAsciiIsAccepted() {
		for (String v : List.of("a\r\nb", "a\nb", "a\rb", "a\u0000b", "a\u001fb", "a\u007fb")) {
			assertThat(v, RequestHeaderCheck.check(headers("x-a", v)), is(RequestHeaderCheck.VALUE_INVALID));
		}
		assertThat(RequestHeaderCheck.check(headers("x-a", "tab\there")), is(RequestHeaderCheck.OK));
		assertThat(RequestHeaderCheck.check(headers("x-a", "Zürich ✓")), is(RequestHeaderCheck.OK));
	}

	@Test
	void emptyOrNonTokenNamesAreInvalidAndCheckedBeforeTheValue() {
		for (String n : List.of("", "a b", "a:b", "x\u00e9", "a\tb", "(x)")) {
			assertThat("[" + n + "]", RequestHeaderCheck.check(headers(n, "v")), is(RequestHeaderCheck.NAME_INVALID));
		}
		assertThat(RequestHeaderCheck.check(headers("bad name", "bad\r\n")), is(RequestHeaderCheck.NAME_INVALID));
		assertThat(RequestHeaderCheck.check(headers("X-Mixed_Case.1~", "v")), is(RequestHeaderCheck.OK));
	}

	@Test
	void countAndLengthLimitsComeFirst() {
		List<WireHeader> many = new ArrayList<>();
		for (int i = 0; i < 1025; i++) {
			many.add(new WireHeader("h" + i, "v"));
		}
		assertThat(RequestHeaderCheck.check(many), is(RequestHeaderCheck.TOO_MANY));
		assertThat(RequestHeaderCheck.check(headers("bad name", "x".repeat(8193))), is(RequestHeaderCheck.TOO_LONG));
	}

	@Test
	void fallbackUserAgentOnlyWhenAbsentInAnyCase() {
		assertThat(WireRequest.withFallbackUserAgent(headers("a", "1")), contains(new WireHeader("a", "1"), new WireHeader("user-agent", "ic/1.0")));
		assertThat(WireRequest.withFallbackUserAgent(headers("User-Agent", "me")), contains(new WireHeader("User-Agent", "me")));
	}

	@Test
	void namesLowercasedGroupedByFirstOccurrenceHostAndLengthAdded() {
		WireRequest r = request("POST", 8443, headers("X-B", "1", "Accept", "a", "x-b", "2", "X-b", "3"), "hello");
		List<String> lines = RequestEncoder.headersAsSent(r).stream().map(h -> h.name() + ": " + h.value()).toList();
		assertThat(lines, contains("x-b: 1", "x-b: 2", "x-b: 3", "accept: a", "host: localhost:8443", "content-length: 5"));
		String wire = utf8(RequestEncoder.encode(r));
		assertThat(wire.startsWith("POST /p?q=1 HTTP/1.1\r\n"), is(true));
		assertThat(wire.endsWith("\r\n\r\nhello"), is(true));
	}

	@Test
	void emptyBodyCarriesNoContentLengthForAnyMethodAndCanisterHostIsKept() {
		for (String m : List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH")) {
			List<WireHeader> sent = RequestEncoder.headersAsSent(request(m, 443, headers("Host", "example.org"), ""));
			assertThat(m, sent, contains(new WireHeader("host", "example.org")));
		}
	}

	@Test
	void transferEncodingFromTheCanisterChunksTheBody() {
		WireRequest r = request("POST", 443, headers("Transfer-Encoding", "gzip", "Content-Length", "5"), "hello");
		assertThat(utf8(RequestEncoder.encode(r)),
				equalTo("POST /p?q=1 HTTP/1.1\r\ntransfer-encoding: gzip, chunked\r\nhost: localhost\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
	}

	@Test
	void invalidRequestHeadersNeverReachTheServer() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(answer(OK)); WireClient client = client()) {
			for (List<WireHeader> bad : List.of(headers("x-a", "v\r\nx-injected: 1"), headers("x a", "v"), headers("x-a", "\u0001"))) {
				WireOutcome o = client.exchange(request("GET", server.port(), bad, ""), CAP);
				assertThat(o, instanceOf(WireOutcome.RequestInvalid.class));
			}
			Thread.sleep(100);
			assertThat(server.connections.get(), is(0));
		}
	}

	@Test
	void getWithBodyIsSentWithContentLengthAndNothingElseIsAdded() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(answer(OK)); WireClient client = client()) {
			List<WireHeader> given = WireRequest.withFallbackUserAgent(headers("X-Trace", "Zürich"));
			WireOutcome o = client.exchange(request("GET", server.port(), given, "{\"q\":1}"), CAP);
			assertThat(o, instanceOf(WireOutcome.Response.class));
			ScriptedTlsServer.Recorded seen = server.requests.get(0);
			assertThat(seen.requestLine(), equalTo("GET /p?q=1 HTTP/1.1"));
			assertThat(seen.headerLines(), contains("x-trace: Zürich", "user-agent: ic/1.0", "host: localhost:" + server.port(), "content-length: 7"));
			assertThat(utf8(seen.body()), equalTo("{\"q\":1}"));
			assertThat(seen.headerLines(), not(hasItem("accept-encoding: gzip")));
			assertThat(server.scriptErrors, empty());
		}
	}
}
