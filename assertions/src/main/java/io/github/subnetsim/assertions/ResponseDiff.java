package io.github.subnetsim.assertions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.TransformFunction;
import io.github.subnetsim.internal.json.JsonBodies;
import io.github.subnetsim.transform.Transforms;

/**
 * The structural diff of two transformed responses: status, headers by lowercased name, and the body — by JSON
 * pointer when both bodies are JSON, otherwise the first differing byte with some context.
 */
final class ResponseDiff {

	/** Bytes of context either side of the first differing byte. */
	private static final int CONTEXT = 16;

	/** Decimals keep their digits (1.50 stays 1.50): the replicas hash bytes, so the diff compares what was written. */
	static final ObjectMapper JSON = JsonBodies.mapper();

	private ResponseDiff() {
	}

	/** Every difference from {@code reference} to {@code other}, in the order status, headers, body. */
	static List<Difference> between(HttpResponse reference, HttpResponse other) {
		List<Difference> out = new ArrayList<>();
		if (reference.status() != other.status()) {
			out.add(new Difference.StatusChanged(reference.status(), other.status()));
		}
		headers(reference.headers(), other.headers(), out);
		body(reference.body(), other.body(), out);
		return out;
	}

	private static void headers(List<HttpHeader> reference, List<HttpHeader> other, List<Difference> out) {
		Map<String, List<String>> ref = byName(reference);
		Map<String, List<String>> oth = byName(other);
		Set<String> names = new LinkedHashSet<>(ref.keySet());
		names.addAll(oth.keySet());
		int before = out.size();
		for (String name : names) {
			List<String> a = ref.getOrDefault(name, List.of());
			List<String> b = oth.getOrDefault(name, List.of());
			// Repeated headers are compared position by position within their name.
			for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
				if (i >= a.size()) {
					out.add(new Difference.HeaderAdded(name, b.get(i)));
				}
				else if (i >= b.size()) {
					out.add(new Difference.HeaderRemoved(name, a.get(i)));
				}
				else if (!a.get(i).equals(b.get(i))) {
					out.add(new Difference.HeaderChanged(name, a.get(i), b.get(i)));
				}
			}
		}
		if (out.size() == before && !lowered(reference).equals(lowered(other))) {
			out.add(new Difference.HeadersReordered());
		}
	}

	private static Map<String, List<String>> byName(List<HttpHeader> headers) {
		Map<String, List<String>> m = new LinkedHashMap<>();
		for (HttpHeader h : headers) {
			m.computeIfAbsent(h.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.value());
		}
		return m;
	}

	private static List<HttpHeader> lowered(List<HttpHeader> headers) {
		List<HttpHeader> out = new ArrayList<>(headers.size());
		for (HttpHeader h : headers) {
			out.add(new HttpHeader(h.name().toLowerCase(Locale.ROOT), h.value()));
		}
		return out;
	}

	private static void body(byte[] reference, byte[] other, List<Difference> out) {
		if (Arrays.equals(reference, other)) {
			return;
		}
		JsonNode a = parse(reference);
		JsonNode b = parse(other);
		if (a != null && b != null) {
			List<Difference> values = new ArrayList<>();
			json(JsonPointer.empty(), a, b, values);
			out.addAll(values);
			if (layoutDiffers(reference, other, values)) {
				out.add(new Difference.JsonLayoutChanged());
			}
			return;
		}
		int offset = 0;
		int common = Math.min(reference.length, other.length);
		while (offset < common && reference[offset] == other[offset]) {
			offset++;
		}
		out.add(new Difference.BodyBytesChanged(offset, reference.length, other.length, context(reference, offset), context(other, offset)));
	}

	/**
	 * Whether the bodies still differ once the differing values are dropped the way the suggested
	 * {@code Transforms.dropJson} drops them (it also writes compactly, so whitespace alone does not count then):
	 * if so, field order differs too and the suggestion needs {@code canonicalJson()}.
	 */
	private static boolean layoutDiffers(byte[] reference, byte[] other, List<Difference> values) {
		List<String> pointers = new ArrayList<>();
		for (Difference d : values) {
			String p = ((Difference.JsonValueChanged) d).pointer();
			if (p.isEmpty()) {
				return false; // the whole document differs; there is no layout left to compare
			}
			pointers.add(p);
		}
		if (pointers.isEmpty()) {
			return true; // the same data in other bytes
		}
		TransformFunction drop = Transforms.dropJson(pointers.toArray(String[]::new));
		byte[] none = new byte[0];
		return !Arrays.equals(drop.apply(HttpResponse.of(200, List.of(), reference), none).body(),
				drop.apply(HttpResponse.of(200, List.of(), other), none).body());
	}

	static JsonNode parse(byte[] body) {
		return JsonBodies.parse(body);
	}

	/** Walks both trees together; a value that differs in kind or in content is reported at its pointer. */
	private static void json(JsonPointer at, JsonNode a, JsonNode b, List<Difference> out) {
		if (a.isObject() && b.isObject()) {
			Set<String> names = new LinkedHashSet<>();
			a.fieldNames().forEachRemaining(names::add);
			b.fieldNames().forEachRemaining(names::add);
			for (String name : names) {
				child(at.appendProperty(name), a.get(name), b.get(name), out);
			}
			return;
		}
		if (a.isArray() && b.isArray()) {
			for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
				child(at.appendIndex(i), a.get(i), b.get(i), out);
			}
			return;
		}
		// Compared as written, not as values: 1.50 and 1.5 are equal numbers but other bytes, and bytes are hashed.
		String x = a.toString();
		String y = b.toString();
		if (!x.equals(y)) {
			out.add(new Difference.JsonValueChanged(at.toString(), x, y));
		}
	}

	private static void child(JsonPointer at, JsonNode a, JsonNode b, List<Difference> out) {
		if (a == null || b == null) {
			out.add(new Difference.JsonValueChanged(at.toString(), a == null ? null : a.toString(), b == null ? null : b.toString()));
		}
		else {
			json(at, a, b, out);
		}
	}

	/** Up to {@link #CONTEXT} bytes either side of the offset, as escaped text with ellipses where cut. */
	private static String context(byte[] body, int offset) {
		int from = Math.max(0, offset - CONTEXT);
		int to = Math.min(body.length, offset + CONTEXT);
		String text = Text.escape(new String(body, from, to - from, StandardCharsets.UTF_8));
		return (from > 0 ? "…" : "") + '"' + text + '"' + (to < body.length ? "…" : "");
	}
}
