package io.github.subnetsim.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.TransformFunction;
import io.github.subnetsim.TransformRejectedException;
import io.github.subnetsim.internal.json.JsonBodies;

/**
 * Ready-made transform functions for the parts of a response that differ between replicas: headers (a fresh
 * {@code date} or {@code x-request-id} per request) and JSON fields (a timestamp, a nonce). Compose them to build a
 * canister's transform, or paste the one a divergence report suggests.
 *
 * <pre>{@code
 * Transform transform = Transform.of("transform", Transforms.compose(
 *         Transforms.dropAllHeaders(),
 *         Transforms.dropJson("/data/ts", "/requestId"),
 *         Transforms.canonicalJson()));
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 * <li>Header names match case-insensitively (the replica delivers them lowercased anyway).</li>
 * <li>The JSON helpers only touch a body that parses as JSON. An empty or non-JSON body (an HTML error page, a
 * {@code 204}) passes through unchanged, so an error still reaches the canister as a reply with its status;
 * a transform should not turn every upstream hiccup into a reject. Compose with your own status check to reject.</li>
 * <li>A JSON body that a helper touches is written back compactly: whitespace goes, field order and numbers stay
 * exactly as received ({@link #canonicalJson()} also sorts the fields).</li>
 * <li>A pointer that is absent is ignored, except by {@link #extractJson(String)}, which has nothing to return and
 * rejects (the canister then gets a {@code CanisterReject} agreed by every replica).</li>
 * <li>Headers are never adjusted to the new body: {@code content-length} is the server's. Drop it with the rest.</li>
 * </ul>
 *
 * <p>Every function's {@code toString()} is the Java expression that builds it, so messages can show it verbatim.
 */
public final class Transforms {

	private Transforms() {
	}

	/**
	 * Removes every header with one of these names.
	 *
	 * @param names header names, matched case-insensitively
	 * @return a transform function that drops those headers
	 * @throws IllegalArgumentException if a name is null or empty
	 */
	public static TransformFunction dropHeaders(String... names) {
		Set<String> lowered = lowercase("dropHeaders", names);
		return named("Transforms.dropHeaders(" + quoted(names) + ")", r -> r.withHeaders(filter(r.headers(), lowered, false)));
	}

	/**
	 * Keeps only the headers with one of these names, in their order.
	 *
	 * @param names header names, matched case-insensitively
	 * @return a transform function that drops every other header
	 * @throws IllegalArgumentException if a name is null or empty
	 */
	public static TransformFunction keepHeaders(String... names) {
		Set<String> lowered = lowercase("keepHeaders", names);
		return named("Transforms.keepHeaders(" + quoted(names) + ")", r -> r.withHeaders(filter(r.headers(), lowered, true)));
	}

	/**
	 * Removes every header: the most common transform, since most headers (date, ids, caching) vary.
	 *
	 * @return a transform function that leaves the response with no headers
	 */
	public static TransformFunction dropAllHeaders() {
		return named("Transforms.dropAllHeaders()", r -> r.withHeaders(List.of()));
	}

	/**
	 * Removes the JSON values at these pointers (RFC 6901, e.g. {@code /data/ts}, {@code /items/0}).
	 *
	 * @param pointers JSON pointers below the root
	 * @return a transform function that drops those values from a JSON body
	 * @throws IllegalArgumentException if a pointer is malformed or is the root ({@code ""})
	 */
	public static TransformFunction dropJson(String... pointers) {
		List<JsonPointer> ps = pointers("dropJson", pointers);
		for (JsonPointer p : ps) {
			if (p.matches()) {
				throw new IllegalArgumentException("dropJson(\"\") would drop the whole document; use a pointer below the root, "
						+ "or a transform that replaces the body");
			}
		}
		return named("Transforms.dropJson(" + quoted(pointers) + ")", json(root -> JsonBodies.drop(root, ps)));
	}

	/**
	 * Keeps only the JSON values at these pointers and the objects and arrays that lead to them; everything else
	 * goes. When none of them is present the body becomes {@code {}} (or {@code []} for an array).
	 *
	 * @param pointers JSON pointers to keep
	 * @return a transform function that trims a JSON body to those values
	 */
	public static TransformFunction keepJson(String... pointers) {
		List<JsonPointer> ps = pointers("keepJson", pointers);
		return named("Transforms.keepJson(" + quoted(pointers) + ")", json(root -> {
			JsonNode kept = JsonBodies.keep(root, ps);
			return kept != null ? kept : root.isArray() ? JsonBodies.NODES.arrayNode() : JsonBodies.NODES.objectNode();
		}));
	}

	/**
	 * Replaces the body with the JSON value at this pointer, e.g. {@code /data/price} turns
	 * {@code {"data":{"price":12.34,"ts":…}}} into {@code 12.34}. Rejects (as the canister's {@code msg_reject})
	 * when the value is absent.
	 *
	 * @param pointer the JSON pointer of the value the canister needs
	 * @return a transform function that replaces a JSON body with that value, or rejects when it is absent
	 */
	public static TransformFunction extractJson(String pointer) {
		JsonPointer p = JsonBodies.compile(pointer);
		return named("Transforms.extractJson(" + quoted(pointer) + ")", json(root -> {
			JsonNode value = root.at(p);
			if (value.isMissingNode()) {
				throw new TransformRejectedException("extractJson: the response has no JSON value at " + pointer);
			}
			return value;
		}));
	}

	/**
	 * Sorts every object's fields by name and removes whitespace: the same data always gives the same bytes.
	 *
	 * @return a transform function that canonicalises a JSON body
	 */
	public static TransformFunction canonicalJson() {
		return named("Transforms.canonicalJson()", json(JsonBodies::canonical));
	}

	/**
	 * Applies the functions in order, each to the previous one's output, all with the same context.
	 *
	 * @param functions the transform functions, first applied first
	 * @return one transform function; if a step returns null the composition returns null (the replica traps)
	 */
	public static TransformFunction compose(TransformFunction... functions) {
		Objects.requireNonNull(functions, "functions");
		List<TransformFunction> fs = List.of(functions);
		StringBuilder code = new StringBuilder("Transforms.compose(");
		for (int i = 0; i < fs.size(); i++) {
			code.append(i == 0 ? "" : ", ").append(fs.get(i));
		}
		code.append(')');
		return new Named(code.toString(), (response, context) -> {
			HttpResponse r = response;
			for (TransformFunction f : fs) {
				r = f.apply(r, context);
				if (r == null) {
					return null; // the replica reports a transform returning null as a trap; do not hide it
				}
			}
			return r;
		});
	}

	/** A function that ignores the context, with its code form as {@code toString()}. */
	private static TransformFunction named(String code, UnaryOperator<HttpResponse> f) {
		return new Named(code, (response, context) -> f.apply(response));
	}

	/** A body edit that applies only to a JSON body, leaving anything else alone (see the class rules). */
	private static UnaryOperator<HttpResponse> json(UnaryOperator<JsonNode> edit) {
		return r -> {
			JsonNode root = JsonBodies.parse(r.body());
			return root == null ? r : r.withBody(JsonBodies.write(edit.apply(root)));
		};
	}

	private static List<HttpHeader> filter(List<HttpHeader> headers, Set<String> names, boolean keep) {
		List<HttpHeader> out = new ArrayList<>(headers.size());
		for (HttpHeader h : headers) {
			if (names.contains(h.name().toLowerCase(Locale.ROOT)) == keep) {
				out.add(h);
			}
		}
		return out;
	}

	private static Set<String> lowercase(String helper, String... names) {
		Objects.requireNonNull(names, helper + " needs header names");
		Set<String> out = new TreeSet<>();
		for (String n : names) {
			if (n == null || n.isEmpty()) {
				throw new IllegalArgumentException(helper + " got a null or empty header name");
			}
			out.add(n.toLowerCase(Locale.ROOT));
		}
		return out;
	}

	private static List<JsonPointer> pointers(String helper, String... pointers) {
		Objects.requireNonNull(pointers, helper + " needs JSON pointers");
		List<JsonPointer> out = new ArrayList<>(pointers.length);
		for (String p : pointers) {
			out.add(JsonBodies.compile(p));
		}
		return out;
	}

	/** The arguments as Java string literals, comma-separated, so {@code toString()} is paste-able code. */
	static String quoted(String... values) {
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < values.length; i++) {
			b.append(i == 0 ? "" : ", ").append(javaLiteral(values[i]));
		}
		return b.toString();
	}

	/**
	 * The Java source literal for a string (quoted, escaped), as the helpers' {@code toString()} writes it.
	 *
	 * @param s the text
	 * @return the text in double quotes, with quotes, backslashes and control characters escaped
	 */
	public static String javaLiteral(String s) {
		StringBuilder b = new StringBuilder(s.length() + 2).append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '"' || c == '\\') {
				b.append('\\').append(c);
			}
			else if (c == '\n') {
				b.append("\\n");
			}
			else if (c == '\r') {
				b.append("\\r");
			}
			else if (c == '\t') {
				b.append("\\t");
			}
			else if (c < 0x20 || c == 0x7f) {
				b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
			}
			else {
				b.append(c);
			}
		}
		return b.append('"').toString();
	}

	/** A transform function whose {@code toString()} is the code that builds it. */
	private record Named(String code, TransformFunction function) implements TransformFunction {
		@Override
		public HttpResponse apply(HttpResponse response, byte[] context) {
			return function.apply(response, context);
		}

		@Override
		public String toString() {
			return code;
		}
	}
}
