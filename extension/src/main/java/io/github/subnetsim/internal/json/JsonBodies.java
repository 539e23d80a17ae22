package io.github.subnetsim.internal.json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON bodies as the replicas see them: parse, edit by JSON pointer, write compactly. Numbers are kept exactly as
 * received (no double rounding), so a price of {@code 12.340} stays {@code 12.340}: replicas hash bytes, so every
 * part of subnet-sim that reads or rewrites a body (the transform helpers, the perturbations, the divergence diff)
 * uses this one configuration.
 *
 * <pre>{@code
 * JsonNode tree = JsonBodies.parse(response.body());   // null when empty or not JSON
 * byte[] compact = JsonBodies.write(tree);
 * }</pre>
 */
public final class JsonBodies {

	/** Creates the nodes of the trees these helpers build and edit. */
	public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	// Decimals as BigDecimal with their trailing zeros: the bytes a replica hashes are the bytes it received.
	private static final ObjectMapper JSON = JsonMapper.builder()
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.disable(SerializationFeature.INDENT_OUTPUT)
			.build();

	private JsonBodies() {
	}

	/**
	 * The mapper behind {@link #parse} and {@link #write}: exact decimals, trailing tokens rejected, compact output.
	 *
	 * @return the shared mapper; do not reconfigure it
	 */
	public static ObjectMapper mapper() {
		return JSON;
	}

	/**
	 * The body as a JSON tree, or null when it is empty or not JSON.
	 *
	 * @param body the response body, as received
	 * @return the parsed tree, or null
	 */
	public static JsonNode parse(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			return JSON.readTree(body);
		}
		catch (IOException e) {
			return null;
		}
	}

	/**
	 * The tree as compact UTF-8 JSON.
	 *
	 * @param node a JSON tree
	 * @return compact UTF-8 JSON, fields in the tree's order
	 */
	public static byte[] write(JsonNode node) {
		try {
			return JSON.writeValueAsBytes(node);
		}
		catch (IOException e) {
			throw new IllegalStateException("a JSON tree that was just parsed could not be written back", e);
		}
	}

	/**
	 * Checks a pointer's syntax (RFC 6901) up front, so a typo fails when the transform is built, not per replica.
	 *
	 * @param pointer a JSON pointer such as {@code /data/ts}, or {@code ""} for the whole document
	 * @return the compiled pointer
	 * @throws IllegalArgumentException if the pointer is null or does not start with {@code /}
	 */
	public static JsonPointer compile(String pointer) {
		if (pointer == null) {
			throw new IllegalArgumentException("a JSON pointer must not be null");
		}
		if (!pointer.isEmpty() && !pointer.startsWith("/")) {
			throw new IllegalArgumentException("a JSON pointer starts with '/', got '" + pointer + "' (try '/" + pointer + "')");
		}
		return JsonPointer.compile(pointer);
	}

	/**
	 * Removes the values at these pointers; absent ones are ignored. Targets are resolved on the unedited tree first,
	 * so dropping {@code /a/0} and {@code /a/1} removes both elements instead of shifting the second into the first.
	 *
	 * @param root the parsed body; left unchanged
	 * @param pointers where the values to drop sit
	 * @return an edited copy of {@code root}
	 */
	public static JsonNode drop(JsonNode root, List<JsonPointer> pointers) {
		JsonNode copy = root.deepCopy();
		Map<ObjectNode, List<String>> fields = new IdentityHashMap<>();
		Map<ArrayNode, List<Integer>> elements = new IdentityHashMap<>();
		for (JsonPointer p : pointers) {
			if (p.matches() || copy.at(p).isMissingNode()) {
				continue;
			}
			JsonNode parent = copy.at(p.head());
			if (parent instanceof ObjectNode o) {
				fields.computeIfAbsent(o, k -> new ArrayList<>()).add(p.last().getMatchingProperty());
			}
			else if (parent instanceof ArrayNode a) {
				elements.computeIfAbsent(a, k -> new ArrayList<>()).add(p.last().getMatchingIndex());
			}
		}
		for (Map.Entry<ObjectNode, List<String>> e : fields.entrySet()) {
			e.getKey().remove(e.getValue());
		}
		for (Map.Entry<ArrayNode, List<Integer>> e : elements.entrySet()) {
			List<Integer> indices = new ArrayList<>(e.getValue());
			indices.sort((x, y) -> Integer.compare(y, x)); // from the end, so earlier indices stay valid
			int last = -1;
			for (int i : indices) {
				if (i != last) {
					e.getKey().remove(i);
				}
				last = i;
			}
		}
		return copy;
	}

	/**
	 * Keeps only the values at these pointers and the objects and arrays that lead to them. Inside an array the kept
	 * elements keep their order but close up ({@code /a/3} alone becomes {@code /a/0}). Null when nothing is kept.
	 *
	 * @param root the parsed body; left unchanged
	 * @param pointers where the values to keep sit
	 * @return a new tree with only those values, or null
	 */
	public static JsonNode keep(JsonNode root, List<JsonPointer> pointers) {
		for (JsonPointer p : pointers) {
			if (p.matches()) {
				return root.deepCopy();
			}
		}
		return pruned(root, JsonPointer.empty(), pointers);
	}

	private static JsonNode pruned(JsonNode node, JsonPointer at, List<JsonPointer> pointers) {
		if (isKept(at, pointers)) {
			return node.deepCopy();
		}
		if (!leadsToKept(at, pointers)) {
			return null;
		}
		if (node instanceof ObjectNode o) {
			ObjectNode out = NODES.objectNode();
			for (Map.Entry<String, JsonNode> e : o.properties()) {
				JsonNode child = pruned(e.getValue(), at.appendProperty(e.getKey()), pointers);
				if (child != null) {
					out.set(e.getKey(), child);
				}
			}
			return out;
		}
		if (node instanceof ArrayNode a) {
			ArrayNode out = NODES.arrayNode();
			for (int i = 0; i < a.size(); i++) {
				JsonNode child = pruned(a.get(i), at.appendIndex(i), pointers);
				if (child != null) {
					out.add(child);
				}
			}
			return out;
		}
		return null;
	}

	private static boolean isKept(JsonPointer at, List<JsonPointer> pointers) {
		String s = at.toString();
		for (JsonPointer p : pointers) {
			if (p.toString().equals(s)) {
				return true;
			}
		}
		return false;
	}

	private static boolean leadsToKept(JsonPointer at, List<JsonPointer> pointers) {
		String prefix = at.toString() + "/";
		for (JsonPointer p : pointers) {
			if (p.toString().startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The same data with every object's fields sorted by name (UTF-16 order, as RFC 8785) and no whitespace.
	 *
	 * @param node a JSON tree; left unchanged
	 * @return the canonical tree (shared leaves, new objects and arrays)
	 */
	public static JsonNode canonical(JsonNode node) {
		if (node instanceof ObjectNode o) {
			Map<String, JsonNode> sorted = new TreeMap<>();
			for (Map.Entry<String, JsonNode> e : o.properties()) {
				sorted.put(e.getKey(), canonical(e.getValue()));
			}
			ObjectNode out = NODES.objectNode();
			out.setAll(sorted);
			return out;
		}
		if (node instanceof ArrayNode a) {
			ArrayNode out = NODES.arrayNode();
			for (JsonNode e : a) {
				out.add(canonical(e));
			}
			return out;
		}
		return node;
	}
}
