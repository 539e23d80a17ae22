package io.github.subnetsim.assertions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.subnetsim.HttpResponse;

/**
 * What varied between the groups of a {@link DivergenceReport}, field by field: the fields come from the differences
 * against group A, the values from every group's transformed response, so the counts cover all replicas that signed.
 */
final class VariedFields {

	/** Example values are clipped so a field stays on one line. */
	private static final int EXAMPLE_CHARS = 40;

	private VariedFields() {
	}

	static List<DivergenceReport.VariedField> of(DivergenceReport report) {
		Map<String, Difference> firstByField = new LinkedHashMap<>();
		for (DivergenceReport.GroupDifferences g : report.differences()) {
			for (Difference d : g.differences()) {
				firstByField.putIfAbsent(field(d), d);
			}
		}
		List<DivergenceReport.VariedField> out = new ArrayList<>();
		for (Map.Entry<String, Difference> e : firstByField.entrySet()) {
			out.add(varied(report, e.getKey(), e.getValue()));
		}
		// The order of a response: status, headers, body, then outcomes; within a kind, first seen first.
		out.sort(java.util.Comparator.comparingInt(f -> rank(f.field())));
		return out;
	}

	private static int rank(String field) {
		return field.equals("status") ? 0 : field.startsWith("header ") ? 1 : field.startsWith("body") ? 2 : 3;
	}

	/** The field a difference is about, as the report names it: {@code header date}, {@code body /ts}, {@code status}. */
	static String field(Difference d) {
		if (d instanceof Difference.StatusChanged) {
			return "status";
		}
		if (d instanceof Difference.HeaderAdded h) {
			return "header " + h.name();
		}
		if (d instanceof Difference.HeaderRemoved h) {
			return "header " + h.name();
		}
		if (d instanceof Difference.HeaderChanged h) {
			return "header " + h.name();
		}
		if (d instanceof Difference.HeadersReordered) {
			return "header order";
		}
		if (d instanceof Difference.JsonValueChanged j) {
			return "body " + (j.pointer().isEmpty() ? "(root)" : j.pointer());
		}
		if (d instanceof Difference.JsonLayoutChanged) {
			return "body layout";
		}
		if (d instanceof Difference.BodyBytesChanged) {
			return "body";
		}
		return "outcome";
	}

	/** The field without its kind where the name alone is clear: {@code date}, {@code /ts}; the others as they are. */
	static String shortName(String field) {
		if (field.startsWith("header ") && !field.equals("header order")) {
			return field.substring("header ".length());
		}
		if (field.startsWith("body /")) {
			return field.substring("body ".length());
		}
		return field;
	}

	private static DivergenceReport.VariedField varied(DivergenceReport report, String field, Difference first) {
		if (first instanceof Difference.HeadersReordered || first instanceof Difference.JsonLayoutChanged) {
			return new DivergenceReport.VariedField(field, 0, List.of()); // the same data: there are no values to count
		}
		Set<String> values = new LinkedHashSet<>();
		for (DivergenceReport.Group g : report.groups()) {
			value(field, g).ifPresent(values::add);
		}
		List<String> examples = new ArrayList<>();
		if (first instanceof Difference.BodyBytesChanged b) {
			// Whole bodies say little; the text around the first differing byte says where.
			examples.add(b.fromContext());
			examples.add(b.toContext());
		}
		else {
			for (String v : values) {
				if (examples.size() < 2) {
					examples.add(v);
				}
			}
		}
		return new DivergenceReport.VariedField(field, values.size(), examples);
	}

	private static Optional<String> value(String field, DivergenceReport.Group g) {
		if (field.equals("outcome")) {
			return Optional.of(g.outcome());
		}
		HttpResponse r = g.response();
		if (r == null) {
			return Optional.empty(); // a reject has no status, headers or body to count
		}
		if (field.equals("status")) {
			return Optional.of(String.valueOf(r.status()));
		}
		if (field.startsWith("header ")) {
			Optional<String> v = r.header(field.substring("header ".length()).toLowerCase(Locale.ROOT));
			return Optional.of(v.map(x -> Text.quote(Text.clip(x, EXAMPLE_CHARS))).orElse("(absent)"));
		}
		if (field.equals("body")) {
			return Optional.of(Text.quote(Text.clip(r.bodyText(), EXAMPLE_CHARS)));
		}
		JsonNode root = ResponseDiff.parse(r.body());
		if (root == null) {
			return Optional.of("(not JSON)");
		}
		String pointer = field.equals("body (root)") ? "" : field.substring("body ".length());
		JsonNode node = root.at(pointer);
		return Optional.of(node.isMissingNode() ? "(absent)" : Text.clip(node.toString(), EXAMPLE_CHARS));
	}
}
