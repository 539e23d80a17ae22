package io.github.subnetsim.internal.perturb;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.internal.json.JsonBodies;
import io.github.subnetsim.perturb.Perturbation;

/**
 * Applies a response-editing {@link Perturbation} to a response, with the replica's generator. Plain Java, so
 * other tools (a property-testing library, a proxy) can perturb responses the same way the subnet does.
 *
 * <pre>{@code
 * Applied a = PerturbationEffects.apply(Perturbation.jitterJson("/ts"), response, new SplittableRandom(7));
 * a.response(); a.note(); // "jitterJson /ts: 1700000000 -> 1700000713"
 * }</pre>
 */
public final class PerturbationEffects {

	private static final ObjectMapper JSON = JsonBodies.mapper();

	private static final String ID_ALPHABET = "0123456789abcdef";

	private PerturbationEffects() {
	}

	/**
	 * The perturbed response and a one-line note of what changed, for the trace.
	 *
	 * @param response the response after the perturbation
	 * @param note what changed, one line, for the trace; for example {@code "status 200 -> 503"}
	 */
	public record Applied(HttpResponse response, String note) {
	}

	/**
	 * Applies one response-editing perturbation. Perturbations that do not edit the response (latency,
	 * connection failure, reject, silence) are handled by the subnet and are rejected here.
	 *
	 * @param p the perturbation; {@link Perturbation#editsResponse()} must be true
	 * @param r the response the replica received, before the transform
	 * @param rng the replica's own generator, derived from the subnet seed
	 * @return the perturbed response and its trace note
	 * @throws IllegalArgumentException if the perturbation does not edit a response
	 */
	public static Applied apply(Perturbation p, HttpResponse r, RandomGenerator rng) {
		// Java 17: no pattern matching in switch yet, so an instanceof chain over the sealed set.
		if (p instanceof Perturbation.SetHeader s) {
			return new Applied(setHeader(r, s.name(), s.value()), "setHeader " + lower(s.name()) + ": " + s.value());
		}
		if (p instanceof Perturbation.RemoveHeader s) {
			return new Applied(r.withoutHeader(s.name()), "removeHeader " + lower(s.name()));
		}
		if (p instanceof Perturbation.JitterHeader s) {
			return jitterHeader(r, s.name(), rng);
		}
		if (p instanceof Perturbation.JitterJson s) {
			return jitterJson(r, s.pointer(), rng);
		}
		if (p instanceof Perturbation.ReorderJsonFields) {
			return reorder(r, rng);
		}
		if (p instanceof Perturbation.ChangeJsonWhitespace) {
			return whitespace(r, rng);
		}
		if (p instanceof Perturbation.SetStatus s) {
			return new Applied(r.withStatus(s.status()), "status " + r.status() + " -> " + s.status());
		}
		if (p instanceof Perturbation.ReplaceBody s) {
			return new Applied(r.withBody(s.body()), "replaceBody " + s.body().length + " bytes");
		}
		if (p instanceof Perturbation.TruncateBody s) {
			return truncate(r, s.length());
		}
		throw new IllegalArgumentException(p + " does not edit a response; the subnet applies it to the replica itself");
	}

	/**
	 * Applies one request-editing perturbation ({@link Perturbation#editsRequest()}) to the request a faulty replica
	 * sends; any other perturbation leaves the request as the canister gave it.
	 *
	 * @param p the perturbation
	 * @param args the request the canister gave
	 * @return the request the replica sends; {@code args} itself when {@code p} does not edit the request
	 */
	public static HttpRequestArgs applyToRequest(Perturbation p, HttpRequestArgs args) {
		if (p instanceof Perturbation.SetRequestHeader s) {
			// The forged header takes the place of the first header of that name, so the trace reads like the original.
			List<HttpHeader> sent = new ArrayList<>(args.headers().size() + 1);
			boolean placed = false;
			for (HttpHeader h : args.headers()) {
				if (!h.name().equalsIgnoreCase(s.name())) {
					sent.add(h);
				}
				else if (!placed) {
					sent.add(new HttpHeader(s.name(), s.value()));
					placed = true;
				}
			}
			if (!placed) {
				sent.add(new HttpHeader(s.name(), s.value()));
			}
			return new HttpRequestArgs(args.url(), args.maxResponseBytes(), args.method(), sent, args.body(), args.transform(),
					args.isReplicated(), args.pricingVersion(), args.cycles());
		}
		if (p instanceof Perturbation.ReplaceRequestBody s) {
			return args.toBuilder().body(s.body()).build();
		}
		return args;
	}

	private static String lower(String name) {
		return name.toLowerCase(Locale.ROOT);
	}

	private static HttpResponse setHeader(HttpResponse r, String name, String value) {
		// After the adapter header names are lowercase, so a perturbation writes them lowercase too.
		List<HttpHeader> out = new ArrayList<>(r.withoutHeader(name).headers());
		out.add(new HttpHeader(lower(name), value));
		return r.withHeaders(out);
	}

	private static Applied jitterHeader(HttpResponse r, String name, RandomGenerator rng) {
		String old = r.header(name).orElse(null);
		String fresh;
		if (old == null) {
			fresh = randomId(16, rng);
		}
		else {
			fresh = shiftHttpDate(old, rng);
			if (fresh == null) {
				fresh = jitterText(old, rng);
			}
		}
		return new Applied(setHeader(r, name, fresh), "jitterHeader " + lower(name) + ": " + old + " -> " + fresh);
	}

	private static String shiftHttpDate(String value, RandomGenerator rng) {
		try {
			ZonedDateTime t = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
			return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.plusSeconds(1 + rng.nextInt(30)));
		}
		catch (DateTimeParseException e) {
			return null;
		}
	}

	/** Same shape, other characters: digits stay digits, hex-ish letters stay letters; never equal to the input. */
	static String jitterText(String old, RandomGenerator rng) {
		if (old.isEmpty()) {
			return randomId(8, rng);
		}
		StringBuilder b = new StringBuilder(old.length());
		for (int i = 0; i < old.length(); i++) {
			char c = old.charAt(i);
			if (Character.isDigit(c)) {
				b.append((char) ('0' + rng.nextInt(10)));
			}
			else if (c >= 'a' && c <= 'z') {
				b.append(c <= 'f' ? ID_ALPHABET.charAt(10 + rng.nextInt(6)) : (char) ('a' + rng.nextInt(26)));
			}
			else if (c >= 'A' && c <= 'Z') {
				b.append((char) ('A' + rng.nextInt(26)));
			}
			else {
				b.append(c);
			}
		}
		String s = b.toString();
		return s.equals(old) ? old + "-" + randomId(4, rng) : s;
	}

	static String randomId(int length, RandomGenerator rng) {
		StringBuilder b = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			b.append(ID_ALPHABET.charAt(rng.nextInt(ID_ALPHABET.length())));
		}
		return b.toString();
	}

	private static JsonNode parse(HttpResponse r) {
		return JsonBodies.parse(r.body());
	}

	private static byte[] write(JsonNode node) {
		return JsonBodies.write(node);
	}

	private static Applied jitterJson(HttpResponse r, String pointer, RandomGenerator rng) {
		JsonNode root = parse(r);
		if (root == null) {
			return new Applied(r, "jitterJson " + pointer + ": body is not JSON, left alone");
		}
		JsonPointer ptr = JsonPointer.compile(pointer);
		JsonNode target = root.at(ptr);
		if (target.isMissingNode()) {
			return new Applied(r, "jitterJson " + pointer + ": absent, left alone");
		}
		JsonNode fresh = jitterValue(target, rng);
		if (ptr.matches()) {
			return new Applied(r.withBody(write(fresh)), "jitterJson (root): " + target + " -> " + fresh);
		}
		JsonNode parent = root.at(ptr.head());
		String last = ptr.last().getMatchingProperty();
		if (parent instanceof ObjectNode o) {
			o.set(last, fresh);
		}
		else if (parent instanceof ArrayNode a) {
			a.set(ptr.last().getMatchingIndex(), fresh);
		}
		return new Applied(r.withBody(write(root)), "jitterJson " + pointer + ": " + target + " -> " + fresh);
	}

	private static JsonNode jitterValue(JsonNode v, RandomGenerator rng) {
		JsonNodeFactory f = JSON.getNodeFactory();
		if (v.isIntegralNumber()) {
			BigInteger old = v.bigIntegerValue();
			// Large integers are usually timestamps or sequence numbers: they move forward.
			long step = old.abs().compareTo(BigInteger.valueOf(1_000_000_000L)) >= 0 ? 1 + rng.nextInt(5000)
					: 1 + rng.nextInt(Math.max(1, old.abs().min(BigInteger.valueOf(1000)).intValue()));
			return f.numberNode(old.add(BigInteger.valueOf(rng.nextBoolean() || old.signum() == 0 ? step : -step)));
		}
		if (v.isNumber()) {
			BigDecimal old = v.decimalValue();
			int scale = Math.max(old.scale(), 2);
			BigDecimal drift = BigDecimal.valueOf(1 + rng.nextInt(99), scale);
			BigDecimal fresh = rng.nextBoolean() ? old.add(drift) : old.subtract(drift);
			return f.numberNode(fresh);
		}
		if (v.isTextual()) {
			return f.textNode(jitterText(v.textValue(), rng));
		}
		if (v.isBoolean()) {
			return f.booleanNode(!v.booleanValue());
		}
		return f.textNode(randomId(12, rng));
	}

	private static Applied reorder(HttpResponse r, RandomGenerator rng) {
		JsonNode root = parse(r);
		if (root == null) {
			return new Applied(r, "reorderJsonFields: body is not JSON, left alone");
		}
		JsonNode reordered = reorderNode(root, rng);
		return new Applied(r.withBody(write(reordered)), "reorderJsonFields");
	}

	private static JsonNode reorderNode(JsonNode node, RandomGenerator rng) {
		if (node instanceof ObjectNode o) {
			List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
			fields.addAll(o.properties());
			ObjectNode out = JSON.getNodeFactory().objectNode();
			int shift = fields.size() < 2 ? 0 : 1 + rng.nextInt(fields.size() - 1);
			for (int i = 0; i < fields.size(); i++) {
				Map.Entry<String, JsonNode> e = fields.get((i + shift) % fields.size());
				out.set(e.getKey(), reorderNode(e.getValue(), rng));
			}
			return out;
		}
		if (node instanceof ArrayNode a) {
			ArrayNode out = JSON.getNodeFactory().arrayNode();
			for (JsonNode e : a) {
				out.add(reorderNode(e, rng));
			}
			return out;
		}
		return node;
	}

	private static Applied whitespace(HttpResponse r, RandomGenerator rng) {
		JsonNode root = parse(r);
		if (root == null) {
			return new Applied(r, "changeJsonWhitespace: body is not JSON, left alone");
		}
		try {
			byte[] pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
			byte[] out = java.util.Arrays.equals(pretty, r.body()) ? write(root) : pretty;
			if (java.util.Arrays.equals(out, r.body())) {
				out = (new String(out, java.nio.charset.StandardCharsets.UTF_8) + " ".repeat(1 + rng.nextInt(3)))
						.getBytes(java.nio.charset.StandardCharsets.UTF_8);
			}
			return new Applied(r.withBody(out), "changeJsonWhitespace");
		}
		catch (IOException e) {
			throw new IllegalStateException("cannot serialise JSON", e);
		}
	}

	private static Applied truncate(HttpResponse r, int length) {
		if (length >= r.bodyLength()) {
			return new Applied(r, "truncateBody " + length + ": body has " + r.bodyLength() + " bytes, left alone");
		}
		return new Applied(r.withBody(java.util.Arrays.copyOf(r.body(), length)), "truncateBody " + r.bodyLength() + " -> " + length + " bytes");
	}
}
