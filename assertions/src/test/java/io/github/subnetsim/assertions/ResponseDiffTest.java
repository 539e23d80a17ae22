package io.github.subnetsim.assertions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;

/** The structural diff on hand-made responses, where every expected line can be written down. */
class ResponseDiffTest {

	private static List<String> lines(HttpResponse a, HttpResponse b) {
		List<String> out = new ArrayList<>();
		ResponseDiff.between(a, b).forEach(d -> out.add(d.line()));
		return out;
	}

	private static HttpResponse json(String body, HttpHeader... headers) {
		return HttpResponse.of(200, List.of(headers), body);
	}

	@Test
	void repeatedHeadersAreComparedPositionByPositionAndNamesCaseInsensitively() {
		HttpResponse a = json("{}", HttpHeader.of("Set-Cookie", "a=1"), HttpHeader.of("set-cookie", "b=2"), HttpHeader.of("x-gone", "g"));
		HttpResponse b = json("{}", HttpHeader.of("set-cookie", "a=1"), HttpHeader.of("set-cookie", "b=3"), HttpHeader.of("set-cookie", "c=4"));
		assertEquals(List.of("header set-cookie: \"b=2\" -> \"b=3\"", "header set-cookie: added \"c=4\"", "header x-gone: removed (was \"g\")"),
				lines(a, b));
	}

	@Test
	void headerOrderAloneIsReported() {
		HttpResponse a = json("{}", HttpHeader.of("a", "1"), HttpHeader.of("b", "2"));
		HttpResponse b = json("{}", HttpHeader.of("b", "2"), HttpHeader.of("a", "1"));
		assertEquals(List.of("headers: the same headers in another order"), lines(a, b));
	}

	@Test
	void jsonDifferencesAreReportedAtTheirPointersIncludingArraysAndEscapes() {
		HttpResponse a = json("{\"a/b\":1,\"items\":[1,2],\"m\":{\"x\":\"s\"},\"kind\":[1]}");
		HttpResponse b = json("{\"a/b\":2,\"items\":[1,2,3],\"m\":{},\"kind\":{\"k\":1},\"new\":null}");
		assertEquals(List.of("body /a~1b: 1 -> 2", "body /items/2: (absent) -> 3", "body /m/x: \"s\" -> (absent)",
				"body /kind: [1] -> {\"k\":1}", "body /new: (absent) -> null"), lines(a, b));
	}

	@Test
	void numbersCompareExactlyAsTheirDigits() {
		assertEquals(List.of("body /p: 1.50 -> 1.5"), lines(json("{\"p\":1.50}"), json("{\"p\":1.5}")));
		assertEquals(List.of("body: the same JSON data, other bytes (field order or whitespace)"),
				lines(json("{\"p\":1.5,\"q\":2}"), json("{ \"q\": 2, \"p\": 1.5 }")));
	}

	@Test
	void statusAndEmptyBodiesAndJsonAgainstTextFallBackToBytes() {
		HttpResponse a = HttpResponse.of(200, List.of(), new byte[0]);
		HttpResponse b = HttpResponse.of(404, List.of(), "{\"e\":1}");
		assertEquals(List.of("status: 200 -> 404", "body differs from byte 0 (0 vs 7 bytes): \"\" -> \"{\\\"e\\\":1}\""), lines(a, b));
		assertEquals(List.of(), lines(a, a));
	}
}
