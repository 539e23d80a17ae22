package io.github.subnetsim.internal.wire;

import static io.github.subnetsim.internal.wire.WireTesting.CAP;
import static io.github.subnetsim.internal.wire.WireTesting.answer;
import static io.github.subnetsim.internal.wire.WireTesting.client;
import static io.github.subnetsim.internal.wire.WireTesting.get;
import static io.github.subnetsim.internal.wire.WireTesting.utf8;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** adapter-wire §4: the response head. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ResponseHeadTest {

	private static WireOutcome fetch(String raw, long cap) throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(answer(raw)); WireClient client = client()) {
			return client.exchange(get(server), cap);
		}
	}

	private static void assertMalformed(String raw, HeadProblem problem) throws Exception {
		WireOutcome o = fetch(raw, CAP);
		assertThat(raw.length() > 200 ? raw.substring(0, 200) : raw, o, instanceOf(WireOutcome.ConnectFailed.class));
		WireOutcome.ConnectFailed f = (WireOutcome.ConnectFailed) o;
		assertThat(f.kind(), is(ConnectFailure.MALFORMED_HEAD));
		assertThat(f.headProblem(), is(problem));
	}

	private static WireOutcome.Response response(WireOutcome o) {
		assertThat(o, instanceOf(WireOutcome.Response.class));
		return (WireOutcome.Response) o;
	}

	private static String headers(int n) {
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < n; i++) {
			b.append("x-h").append(i).append(": v\r\n");
		}
		return b.toString();
	}

	@Test
	void controlByteInValue() throws Exception {
		assertMalformed("HTTP/1.1 200 OK\r\nx-a: a\u0001b\r\ncontent-length: 0\r\n\r\n", HeadProblem.CONTROL_BYTE);
		assertMalformed("HTTP/1.1 200 OK\r\nx-a: a\u007fb\r\ncontent-length: 0\r\n\r\n", HeadProblem.CONTROL_BYTE);
	}

	@Test
	void obsFold() throws Exception {
		assertMalformed("HTTP/1.1 200 OK\r\nx-a: a\r\n continued\r\ncontent-length: 0\r\n\r\n", HeadProblem.OBS_FOLD);
	}

	@Test
	void lineWithoutColonOrWithSpaceBeforeColon() throws Exception {
		assertMalformed("HTTP/1.1 200 OK\r\nx-a\r\ncontent-length: 0\r\n\r\n", HeadProblem.NO_COLON);
		assertMalformed("HTTP/1.1 200 OK\r\nx-a : b\r\ncontent-length: 0\r\n\r\n", HeadProblem.BAD_HEADER_NAME);
	}

	@Test
	void badStatusLinesAndNonHttp() throws Exception {
		assertMalformed("HTTP/1.1 000 Zero\r\ncontent-length: 0\r\n\r\n", HeadProblem.BAD_STATUS);
		assertMalformed("HTTP/1.1 2x0 OK\r\ncontent-length: 0\r\n\r\n", HeadProblem.BAD_STATUS);
		assertMalformed("HTTP/1.1 20\r\n\r\n", HeadProblem.BAD_STATUS);
		assertMalformed("HTTP/2.0 200 OK\r\n\r\n", HeadProblem.NOT_HTTP);
		assertMalformed("SSH-2.0-OpenSSH_9.6\r\n", HeadProblem.NOT_HTTP);
	}

	@Test
	void conflictingOrInvalidContentLength() throws Exception {
		assertMalformed("HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\nhello!", HeadProblem.BAD_CONTENT_LENGTH);
		assertMalformed("HTTP/1.1 200 OK\r\ncontent-length: +5\r\n\r\nhello", HeadProblem.BAD_CONTENT_LENGTH);
		assertThat(utf8(response(fetch("HTTP/1.1 200 OK\r\ncontent-length: 5\r\nContent-Length: 5, 5\r\n\r\nhello", CAP)).body()), equalTo("hello"));
	}

	@Test
	void moreThan100HeaderLinesFailButAHundredAndSixtyFiveAreParsed() throws Exception {
		assertMalformed("HTTP/1.1 200 OK\r\n" + headers(101) + "\r\n", HeadProblem.TOO_MANY_HEADERS);
		assertThat(response(fetch("HTTP/1.1 200 OK\r\n" + headers(100) + "\r\n", CAP)).headersInWireOrder(), hasSize(100));
		// 65 headers: a reply here; the 64-header rule belongs to the pipeline (CLIENT validate_response).
		assertThat(response(fetch("HTTP/1.1 200 OK\r\n" + headers(64) + "content-length: 0\r\n\r\n", CAP)).headersInWireOrder(), hasSize(65));
	}

	@Test
	void headOver417792BytesFailsAndAHugeHeaderBelowItCountsAgainstTheCap() throws Exception {
		String huge = "x-big: " + "a".repeat(WireClient.MAX_HEAD_BYTES) + "\r\n";
		assertMalformed("HTTP/1.1 200 OK\r\n" + huge + "content-length: 0\r\n\r\n", HeadProblem.HEAD_TOO_LARGE);
		String big = "HTTP/1.1 200 OK\r\nx-big: " + "a".repeat(300 * 1024) + "\r\ncontent-length: 0\r\n\r\n";
		assertThat(response(fetch(big, CAP)).headerBytes(), is(5L + 300 * 1024 + 14 + 1));
		WireOutcome over = fetch(big, 100_000);
		assertThat(over, equalTo(new WireOutcome.HeadersExceedCap(100_000, 5L + 300 * 1024 + 15)));
	}

	@Test
	void closeBeforeAnyHead() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(c -> c.readRequest()); WireClient client = client()) {
			WireOutcome o = client.exchange(get(server), CAP);
			assertThat(o, instanceOf(WireOutcome.ConnectFailed.class));
			assertThat(((WireOutcome.ConnectFailed) o).kind(), is(ConnectFailure.CLOSED_BEFORE_HEAD));
		}
		WireOutcome partial = fetch("HTTP/1.1 200 OK\r\ncontent-le", CAP);
		assertThat(((WireOutcome.ConnectFailed) partial).kind(), is(ConnectFailure.CLOSED_BEFORE_HEAD));
	}

	@Test
	void nonAsciiValueComesBeforeTheSizeChecks() throws Exception {
		String raw = "HTTP/1.1 200 OK\r\ncontent-disposition: attachment; filename=Z\u00fcrich.txt\r\ncontent-length: 0\r\n\r\n";
		assertThat(fetch(raw, CAP), instanceOf(WireOutcome.HeaderNotVisibleAscii.class));
		assertThat(fetch(raw, 10), instanceOf(WireOutcome.HeaderNotVisibleAscii.class));
	}

	@Test
	void headersOverTheCap() throws Exception {
		String raw = "HTTP/1.1 200 OK\r\nx-a: 0123456789\r\ncontent-length: 0\r\n\r\n";
		// x-a + 0123456789 = 13, content-length + 0 = 15: 28 bytes
		assertThat(fetch(raw, 27), equalTo(new WireOutcome.HeadersExceedCap(27, 28)));
		assertThat(response(fetch(raw, 28)).headerBytes(), is(28L));
	}

	@Test
	void namesLowercasedValuesTrimmedInWireOrder() throws Exception {
		WireOutcome.Response r = response(fetch("\r\nHTTP/1.1 200 Fine\nX-B: 1  \r\nSet-Cookie: a=1\r\nx-b:\t2\r\nEmpty:\r\ncontent-length: 2\r\n\r\nok", CAP));
		assertThat(r.headersInWireOrder(), contains(new WireHeader("x-b", "1"), new WireHeader("set-cookie", "a=1"), new WireHeader("x-b", "2"),
				new WireHeader("empty", ""), new WireHeader("content-length", "2")));
		assertThat(r.headersGrouped().get(1), equalTo(new WireHeader("x-b", "2")));
		assertThat(r.headerBytes(), is(4L + 13 + 4 + 5 + 15));
		assertThat(r.downloadedBytes(), is(r.headerBytes() + 2));
	}

	@Test
	void informationalResponsesAreSkipped() throws Exception {
		WireOutcome.Response r = response(fetch("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n"
				+ "HTTP/1.1 103 Early Hints\r\nlink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok", CAP));
		assertThat(r.status(), is(200));
		assertThat(r.headersInWireOrder(), contains(new WireHeader("content-length", "2")));
	}

	@Test
	void redirectsAreRepliesAndNotFollowed() throws Exception {
		try (ScriptedTlsServer server = ScriptedTlsServer.tls(answer("HTTP/1.1 302 Found\r\nlocation: /elsewhere\r\ncontent-length: 0\r\n\r\n"));
				WireClient client = client()) {
			WireOutcome.Response r = response(client.exchange(get(server), CAP));
			assertThat(r.status(), is(302));
			assertThat(r.headersInWireOrder().get(0), equalTo(new WireHeader("location", "/elsewhere")));
			Thread.sleep(50);
			assertThat(server.requests, hasSize(1));
		}
	}
}
