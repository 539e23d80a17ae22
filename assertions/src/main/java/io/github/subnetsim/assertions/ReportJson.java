package io.github.subnetsim.assertions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The data form of a {@link DivergenceReport}: stable field names, one object per group and per difference. */
final class ReportJson {

	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
			.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS); // a difference without fields (HeadersReordered) is still an entry

	private ReportJson() {
	}

	static String toJson(DivergenceReport report, String rejection) {
		ObjectNode root = JSON.createObjectNode();
		root.put("seed", report.trace().seed());
		root.put("requestId", report.trace().requestId());
		root.put("decision", report.trace().consensus().decision().label());
		root.put("threshold", report.trace().consensus().threshold());
		root.put("committee", report.trace().consensus().committee().size());
		if (rejection != null) {
			root.put("reject", rejection);
		}
		if (!report.findings().isEmpty()) {
			// Only when there are some, so reports of ordinary outcalls keep their exact layout.
			ArrayNode findings = root.putArray("findings");
			for (io.github.subnetsim.Finding f : report.findings()) {
				findings.addObject().put("kind", f.getClass().getSimpleName()).put("message", f.message()).put("fix", f.fix());
			}
		}
		if (!ReportText.network(report).isEmpty()) {
			// Only when a replica was rate limited or proxied, so reports of ordinary outcalls keep their exact layout.
			ObjectNode seen = root.putObject("serverAddresses");
			report.trace().serverAddresses().forEach((address, rs) -> {
				ArrayNode a = seen.putArray(address);
				rs.forEach(a::add);
			});
			ArrayNode limited = root.putArray("rateLimitedReplicas");
			report.rateLimitedReplicas().forEach(limited::add);
		}
		ArrayNode groups = root.putArray("groups");
		for (DivergenceReport.Group g : report.groups()) {
			ObjectNode o = groups.addObject();
			o.put("label", g.label());
			o.put("hash", g.hash());
			o.put("outcome", g.outcome());
			ArrayNode replicas = o.putArray("replicas");
			g.replicas().forEach(replicas::add);
		}
		ArrayNode silent = root.putArray("silentReplicas");
		report.silentReplicas().forEach(silent::add);
		ArrayNode diffs = root.putArray("differences");
		for (DivergenceReport.GroupDifferences g : report.differences()) {
			ObjectNode o = diffs.addObject();
			o.put("group", g.group().label());
			ArrayNode entries = o.putArray("entries");
			for (Difference d : g.differences()) {
				ObjectNode e = JSON.valueToTree(d);
				e.put("kind", d.getClass().getSimpleName());
				e.put("line", d.line());
				entries.add(e);
			}
		}
		ArrayNode headers = root.putArray("variedHeaders");
		report.variedHeaders().forEach(headers::add);
		ArrayNode fields = root.putArray("variedFields");
		for (DivergenceReport.VariedField f : report.variedFields()) {
			ObjectNode o = fields.addObject();
			o.put("field", f.field());
			o.put("distinctValues", f.distinctValues());
			ArrayNode examples = o.putArray("examples");
			f.examples().forEach(examples::add);
		}
		ArrayNode pointers = root.putArray("variedJsonPointers");
		report.variedJsonPointers().forEach(pointers::add);
		ArrayNode replicas = root.putArray("differingReplicas");
		report.differingReplicas().forEach(replicas::add);
		root.put("suggestedTransform", report.suggestedTransformCode());
		ArrayNode notes = root.putArray("notes");
		Suggestion.notes(report).forEach(notes::add);
		try {
			return JSON.writeValueAsString(root);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("the divergence report could not be written as JSON", e);
		}
	}
}
