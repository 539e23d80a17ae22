package io.github.subnetsim.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.TransformFunction;
import io.github.subnetsim.TransformRejectedException;

/** The transform helpers on single responses: what they keep, what they drop, and what they leave alone. */
class TransformsTest {

	private static final byte[] NO_CONTEXT = new byte[0];

	private static final HttpResponse PRICE = HttpResponse.of(200, List.of(
			HttpHeader.of("content-type", "application/json"),
			HttpHeader.of("X-Request-Id", "req-1"),
			HttpHeader.of("date", "Tue, 14 Nov 2023 22:13:20 GMT"),
			HttpHeader.of("x-request-id", "req-1b")),
			"{ \"symbol\": \"ICP\", \"data\": {\"price\": 12.340, \"ts\": 1700000000}, \"items\": [10, 20, 30], \"id\": \"a/b~c\" }");

	private static HttpResponse apply(TransformFunction f, HttpResponse r) {
		return f.apply(r, NO_CONTEXT);
	}

	private static String body(TransformFunction f, HttpResponse r) {
		return apply(f, r).bodyText();
	}

	@Test
	void dropHeadersMatchesNamesCaseInsensitivelyAndRemovesRepeats() {
		HttpResponse out = apply(Transforms.dropHeaders("x-REQUEST-id", "Date"), PRICE);
		assertEquals(List.of(HttpHeader.of("content-type", "application/json")), out.headers());
		assertArrayEquals(PRICE.body(), out.body(), "a header helper does not touch the body");
	}

	@Test
	void keepHeadersKeepsOnlyTheNamedOnesInTheirOrder() {
		HttpResponse out = apply(Transforms.keepHeaders("X-Request-Id", "content-type"), PRICE);
		assertEquals(List.of(HttpHeader.of("content-type", "application/json"), HttpHeader.of("X-Request-Id", "req-1"),
				HttpHeader.of("x-request-id", "req-1b")), out.headers());
	}

	@Test
	void dropAllHeadersKeepsStatusAndBody() {
		HttpResponse out = apply(Transforms.dropAllHeaders(), PRICE.withStatus(404));
		assertEquals(List.of(), out.headers());
		assertEquals(404, out.status());
		assertArrayEquals(PRICE.body(), out.body());
	}

	@Test
	void dropJsonRemovesFieldsAndWritesCompactlyKeepingOrderAndExactNumbers() {
		assertEquals("{\"symbol\":\"ICP\",\"data\":{\"price\":12.340},\"items\":[10,20,30],\"id\":\"a/b~c\"}",
				body(Transforms.dropJson("/data/ts"), PRICE));
	}

	@Test
	void dropJsonRemovesSeveralArrayElementsWithoutShifting() {
		assertEquals("{\"symbol\":\"ICP\",\"data\":{\"price\":12.340,\"ts\":1700000000},\"items\":[20],\"id\":\"a/b~c\"}",
				body(Transforms.dropJson("/items/0", "/items/2"), PRICE));
	}

	@Test
	void dropJsonIgnoresAbsentPointersButStillCompacts() {
		assertEquals("{\"a\":1}", body(Transforms.dropJson("/nope", "/a/b/c"), PRICE.withBody("{ \"a\" : 1 }")));
	}

	@Test
	void dropJsonUnderstandsEscapedPointerSegments() {
		HttpResponse r = PRICE.withBody("{\"a/b\":1,\"m~n\":2,\"k\":3}");
		assertEquals("{\"k\":3}", body(Transforms.dropJson("/a~1b", "/m~0n"), r));
	}

	@Test
	void keepJsonKeepsOnlyTheValuesAndTheirParents() {
		assertEquals("{\"data\":{\"price\":12.340},\"items\":[20]}", body(Transforms.keepJson("/data/price", "/items/1"), PRICE));
		assertEquals("{}", body(Transforms.keepJson("/absent"), PRICE));
		assertEquals("[]", body(Transforms.keepJson("/9"), PRICE.withBody("[1,2]")));
	}

	@Test
	void extractJsonReplacesTheBodyWithTheValue() {
		assertEquals("12.340", body(Transforms.extractJson("/data/price"), PRICE));
		assertEquals("\"ICP\"", body(Transforms.extractJson("/symbol"), PRICE));
		assertEquals("[10,20,30]", body(Transforms.extractJson("/items"), PRICE));
	}

	@Test
	void extractJsonRejectsWhenTheValueIsAbsent() {
		TransformRejectedException e = assertThrows(TransformRejectedException.class,
				() -> apply(Transforms.extractJson("/data/volume"), PRICE));
		assertEquals("extractJson: the response has no JSON value at /data/volume", e.getMessage());
	}

	@Test
	void canonicalJsonSortsFieldsAtEveryLevelAndRemovesWhitespace() {
		HttpResponse a = PRICE.withBody("{\"b\": {\"y\": 1, \"x\": [ {\"d\":1, \"c\":2} ]}, \"a\": true}");
		HttpResponse b = PRICE.withBody("{\"a\":true,\"b\":{\"x\":[{\"c\":2,\"d\":1}],\"y\":1}}");
		assertEquals("{\"a\":true,\"b\":{\"x\":[{\"c\":2,\"d\":1}],\"y\":1}}", body(Transforms.canonicalJson(), a));
		assertArrayEquals(apply(Transforms.canonicalJson(), a).body(), apply(Transforms.canonicalJson(), b).body());
		assertNotEquals(a.bodyText(), b.bodyText(), "the two inputs differ in bytes, so the check above means something");
	}

	@Test
	void jsonHelpersLeaveEmptyAndNonJsonBodiesAlone() {
		HttpResponse html = HttpResponse.of(503, List.of(), "<html>busy</html>".getBytes(StandardCharsets.UTF_8));
		HttpResponse empty = HttpResponse.of(204, List.of(), new byte[0]);
		for (TransformFunction f : List.of(Transforms.dropJson("/a"), Transforms.keepJson("/a"), Transforms.extractJson("/a"),
				Transforms.canonicalJson())) {
			assertEquals(html, apply(f, html), f.toString());
			assertEquals(empty, apply(f, empty), f.toString());
		}
	}

	@Test
	void composeAppliesInOrderAndPassesTheContext() {
		TransformFunction seesContext = (r, ctx) -> r.withBody(r.bodyText() + new String(ctx, StandardCharsets.UTF_8));
		TransformFunction f = Transforms.compose(Transforms.extractJson("/symbol"), seesContext);
		assertEquals("\"ICP\"-usd", f.apply(PRICE, "-usd".getBytes(StandardCharsets.UTF_8)).bodyText());
		TransformFunction returnsNull = (r, ctx) -> null;
		assertNull(Transforms.compose(returnsNull, Transforms.dropAllHeaders()).apply(PRICE, NO_CONTEXT),
				"null goes through so the replica reports the trap");
	}

	@Test
	void toStringIsThePasteableCode() {
		TransformFunction f = Transforms.compose(Transforms.dropHeaders("x-request-id", "date"), Transforms.dropJson("/data/ts"),
				Transforms.canonicalJson(), Transforms.extractJson("/say \"hi\""));
		assertEquals("Transforms.compose(Transforms.dropHeaders(\"x-request-id\", \"date\"), Transforms.dropJson(\"/data/ts\"), "
				+ "Transforms.canonicalJson(), Transforms.extractJson(\"/say \\\"hi\\\"\"))", f.toString());
	}

	@Test
	void badArgumentsFailWhenTheTransformIsBuilt() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transforms.dropJson("data/ts"));
		assertEquals("a JSON pointer starts with '/', got 'data/ts' (try '/data/ts')", e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Transforms.dropJson(""));
		assertThrows(IllegalArgumentException.class, () -> Transforms.dropHeaders(""));
		assertTrue(Transforms.keepJson("").apply(PRICE, NO_CONTEXT).bodyText().startsWith("{\"symbol\""), "'' keeps the whole document");
	}
}
