package io.github.subnetsim.property;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;

/** JSON documents and responses with volatile parts, as real price and status APIs return them. */
final class JsonGens {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance; // keeps a BigDecimal's scale: 12.30 stays 12.30
	private static final String HEX = "0123456789abcdef";

	/** Volatile values every request changes. Every kind is one a jitter always changes (large number or id). */
	private static final List<String> VOLATILE_NAMES = List.of("ts", "requestId", "nonce", "updatedAt");
	private static final List<String> STABLE_NAMES = List.of("symbol", "price", "volume", "active", "name");
	private static final List<String> VOLATILE_HEADERS = List.of("x-request-id", "date", "etag", "x-trace-id");

	private JsonGens() {
	}

	/** One field: where it goes (top level or under {@code data}) and its value. */
	private record Field(String pointer, JsonNode value) {
	}

	static Gen<JsonBody> bodies() {
		// Each field's value comes from its own seed, so shrinking the list of fields leaves the others' values alone.
		Gen<Field> stable = Gen.combine(Gens.elements(STABLE_NAMES), Gens.booleans(), Gens.longs(0, Long.MAX_VALUE),
				(name, nested, seed) -> new Field((nested ? "/data/" : "/") + name, stableValue(name, new SplittableRandom(seed))));
		Gen<Field> varying = Gen.combine(Gens.elements(VOLATILE_NAMES), Gens.booleans(), Gens.longs(0, Long.MAX_VALUE),
				(name, nested, seed) -> new Field((nested ? "/data/" : "/") + name, volatileValue(name, new SplittableRandom(seed))));
		return Gen.combine(Basics.lists(stable, 1, 4), Basics.lists(varying, 1, 3), JsonGens::document);
	}

	private static JsonNode stableValue(String name, RandomGenerator rng) {
		switch (name) {
			case "symbol":
				return NODES.textNode(List.of("ICP", "BTC", "ETH", "USDC").get(rng.nextInt(4)));
			case "price":
				return NODES.numberNode(BigDecimal.valueOf(100 + rng.nextInt(1_000_000), 2));
			case "volume":
				return NODES.numberNode(rng.nextInt(1_000_000));
			case "active":
				return NODES.booleanNode(rng.nextBoolean());
			default:
				return NODES.textNode("Internet Computer");
		}
	}

	private static JsonNode volatileValue(String name, RandomGenerator rng) {
		switch (name) {
			case "ts":
				return NODES.numberNode(1_700_000_000L + rng.nextInt(100_000_000));
			case "updatedAt":
				return NODES.numberNode(1_700_000_000_000L + rng.nextLong(100_000_000_000L));
			case "nonce":
				return NODES.numberNode(1_000_000_000L + rng.nextLong(9_000_000_000L));
			default:
				return NODES.textNode(hex(16, rng));
		}
	}

	/** The document: the first field at a pointer wins, so duplicates collapse and the pointer lists stay exact. */
	private static JsonBody document(List<Field> stable, List<Field> varying) {
		Map<String, Field> fields = new LinkedHashMap<>();
		List<String> stablePointers = new ArrayList<>();
		List<String> volatilePointers = new ArrayList<>();
		for (Field f : stable) {
			if (fields.putIfAbsent(f.pointer(), f) == null) {
				stablePointers.add(f.pointer());
			}
		}
		for (Field f : varying) {
			if (fields.putIfAbsent(f.pointer(), f) == null) {
				volatilePointers.add(f.pointer());
			}
		}
		ObjectNode root = NODES.objectNode();
		for (Field f : fields.values()) {
			String[] parts = f.pointer().substring(1).split("/");
			ObjectNode parent = parts.length == 2 ? root.withObjectProperty(parts[0]) : root;
			parent.set(parts[parts.length - 1], f.value());
		}
		return new JsonBody(root.toString(), volatilePointers, stablePointers);
	}

	static Gen<VolatileResponse> responses() {
		Gen<List<String>> volatileHeaders = Basics.lists(Gens.elements(VOLATILE_HEADERS), 0, 3).map(JsonGens::distinct);
		Gen<VolatileResponse> random = Gen.combine(bodies(), volatileHeaders, Gens.longs(0, Long.MAX_VALUE), JsonGens::response);
		return random.withEdgeCases(List.of(emptyBody(), manyHeaders()));
	}

	private static List<String> distinct(List<String> names) {
		return List.copyOf(new java.util.LinkedHashSet<>(names));
	}

	private static VolatileResponse response(JsonBody body, List<String> volatileHeaders, long seed) {
		SplittableRandom rng = new SplittableRandom(seed);
		List<HttpHeader> headers = new ArrayList<>();
		headers.add(HttpHeader.of("content-type", "application/json"));
		headers.add(HttpHeader.of("cache-control", "no-cache"));
		for (String name : volatileHeaders) {
			headers.add(HttpHeader.of(name, headerValue(name, rng)));
		}
		return new VolatileResponse(HttpResponse.of(200, headers, body.json()), volatileHeaders, body.volatilePointers());
	}

	private static String headerValue(String name, RandomGenerator rng) {
		if (name.equals("date")) {
			Instant t = Instant.ofEpochSecond(1_700_000_000L + rng.nextInt(100_000_000));
			return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
		}
		return name.equals("etag") ? "\"" + hex(12, rng) + "\"" : hex(16, rng);
	}

	private static VolatileResponse emptyBody() {
		return new VolatileResponse(HttpResponse.of(200, List.of(HttpHeader.of("cache-control", "no-cache")), new byte[0]), List.of(), List.of());
	}

	/**
	 * 63 stable headers: with the {@code content-length} a server adds, the replica sees exactly the 64 it accepts
	 * (dfinity/ic {@code MAX_CANISTER_HTTP_HEADER_NUM}, dfinity/ic rs/types/types/src/canister_http.rs; docs/limits-and-profiles.md).
	 */
	private static VolatileResponse manyHeaders() {
		List<HttpHeader> headers = new ArrayList<>();
		for (int i = 0; i < 63; i++) {
			headers.add(HttpHeader.of(String.format(Locale.ROOT, "x-h%02d", i), "v"));
		}
		return new VolatileResponse(HttpResponse.of(200, headers, "{\"ok\":true}"), List.of(), List.of());
	}

	static String hex(int length, RandomGenerator rng) {
		StringBuilder b = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			b.append(HEX.charAt(rng.nextInt(16)));
		}
		return b.toString();
	}
}
