package io.github.subnetsim.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.assertions.DivergenceReport;
import io.github.subnetsim.internal.text.RejectTexts;

/** What the probe found, as text for people and as one JSON document for scripts. */
final class ProbeReport {

	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private final ProbeOptions options;
	private final String url;
	private final boolean demo;
	private OutcallResult first;
	private DivergenceReport firstReport;
	private OutcallResult second;
	private String transformCode;
	private long largest;
	private long recommended;
	private final Map<Integer, long[]> costs = new LinkedHashMap<>();
	private int exit;

	ProbeReport(ProbeOptions options, String url, boolean demo) {
		this.options = options;
		this.url = url;
		this.demo = demo;
	}

	void first(OutcallResult r, DivergenceReport report) {
		this.first = r;
		this.firstReport = report;
	}

	void second(OutcallResult r, String code) {
		this.second = r;
		this.transformCode = code;
	}

	void sizing(long largestSeen, long recommendedBytes) {
		this.largest = largestSeen;
		this.recommended = recommendedBytes;
	}

	void cost(int n, long unset, long withRecommended) {
		costs.put(n, new long[] { unset, withRecommended });
	}

	void exit(int code) {
		this.exit = code;
	}

	private static String outcome(OutcallResult r) {
		if (r instanceof OutcallResult.Reply reply) {
			return "agreed by " + reply.agreement() + " of " + r.trace().consensus().committee().size() + " replicas: status "
					+ reply.response().status() + ", " + reply.response().byteSize() + " bytes";
		}
		OutcallResult.Reject j = (OutcallResult.Reject) r;
		String m = j.message().length() > 140 ? j.message().substring(0, 137) + "..." : j.message();
		return r.trace().consensus().decision().label() + ": " + j.code().displayName() + " (" + j.code().code() + ") " + m;
	}

	String toText() {
		StringBuilder b = new StringBuilder();
		b.append("subnet-sim probe: ").append(options.method()).append(' ').append(url).append(demo ? "  (embedded demo API)" : "").append('\n');
		b.append(options.replicas()).append(" replicas, profile ").append(options.profile()).append(", seed ").append(options.seed()).append("\n\n");
		b.append("1. The outcall as given").append(options.transform() == null ? " (no transform)" : " (transform " + options.transform() + ")")
				.append("\n   ").append(outcome(first)).append('\n');
		if (firstReport.diverged() || !first.isReply()) {
			b.append(summary(firstReport));
		}
		b.append("\n2. Suggested transform\n   ");
		if (second != null) {
			b.append(transformCode).append("\n\n3. The outcall with the suggested transform\n   ").append(outcome(second)).append('\n');
		}
		else if (first.isReply()) {
			b.append("none needed: the replicas already agree\n");
		}
		else {
			b.append("none: no transform helper removes these differences (see above)\n");
		}
		b.append("\n4. Size\n   largest response seen: ").append(RejectTexts.underscores(largest)).append(" bytes (header names and values + body)\n")
				.append("   recommended max_response_bytes: ").append(RejectTexts.underscores(recommended))
				.append(" (largest + 25 %, at least 1 KiB, rounded up to a KiB)\n");
		b.append("\n5. Cycles per outcall (").append(options.profile()).append(", pricing v1)\n");
		b.append(String.format(java.util.Locale.ROOT, "   %-9s %-30s %s%n", "replicas", "max_response_bytes unset", "max_response_bytes " + RejectTexts.underscores(recommended)));
		for (Map.Entry<Integer, long[]> e : costs.entrySet()) {
			b.append(String.format(java.util.Locale.ROOT, "   %-9d %-30s %s%n", e.getKey(), RejectTexts.underscores(e.getValue()[0]),
					RejectTexts.underscores(e.getValue()[1])));
		}
		b.append('\n').append(exit == 0 ? "Result: consensus reached" + (second != null ? " with the suggested transform." : ".")
				: "Result: no consensus.").append(" (exit ").append(exit).append(")\n");
		return b.toString();
	}

	String toJson() {
		ObjectNode root = JSON.createObjectNode();
		root.put("url", url);
		root.put("demo", demo);
		root.put("method", options.method().name());
		root.put("replicas", options.replicas());
		root.put("requestsPerOutcall", options.replicas());
		root.put("profile", options.profile().name());
		root.put("seed", options.seed());
		root.set("first", outcall(first));
		root.set("divergence", parse(firstReport.toJson()));
		root.put("suggestedTransform", second == null ? firstReport.suggestedTransformCode() : transformCode);
		if (second != null) {
			root.set("withSuggestedTransform", outcall(second));
		}
		root.put("largestResponseBytes", largest);
		root.put("recommendedMaxResponseBytes", recommended);
		ObjectNode cost = root.putObject("cycles");
		for (Map.Entry<Integer, long[]> e : costs.entrySet()) {
			ObjectNode c = cost.putObject(Integer.toString(e.getKey()));
			c.put("maxResponseBytesUnset", e.getValue()[0]);
			c.put("withRecommendedMaxResponseBytes", e.getValue()[1]);
		}
		root.put("consensus", exit == 0);
		root.put("exitCode", exit);
		try {
			return JSON.writeValueAsString(root) + "\n";
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}

	private static ObjectNode outcall(OutcallResult r) {
		ObjectNode n = JSON.createObjectNode();
		n.put("outcome", r.isReply() ? "reply" : "reject");
		n.put("decision", r.trace().consensus().decision().label());
		if (r instanceof OutcallResult.Reply reply) {
			n.put("agreement", reply.agreement());
			n.put("status", reply.response().status());
			n.put("responseBytes", reply.response().byteSize());
		}
		else {
			OutcallResult.Reject j = (OutcallResult.Reject) r;
			n.put("rejectCode", j.code().code());
			n.put("message", j.message());
		}
		n.put("cost", r.cost().total());
		return n;
	}

	private static JsonNode parse(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}

	/** How the replicas grouped and what varied, one line per header or JSON pointer, with example values. */
	static String summary(DivergenceReport report) {
		StringBuilder b = new StringBuilder();
		int committee = report.trace().consensus().committee().size();
		b.append("   ").append(report.groups().size()).append(report.groups().size() == 1 ? " group" : " groups")
				.append(" of identical transformed responses (consensus needs ").append(report.trace().consensus().threshold())
				.append(" of ").append(committee).append("): sizes");
		for (DivergenceReport.Group g : report.groups()) {
			b.append(' ').append(g.replicas().size());
		}
		b.append('\n');
		Map<String, java.util.Set<String>> varied = new java.util.TreeMap<>();
		java.util.Set<String> notes = new java.util.LinkedHashSet<>();
		for (DivergenceReport.GroupDifferences g : report.differences()) {
			for (io.github.subnetsim.assertions.Difference d : g.differences()) {
				if (d instanceof io.github.subnetsim.assertions.Difference.HeaderChanged h) {
					examples(varied, "header " + h.name(), h.from(), h.to());
				}
				else if (d instanceof io.github.subnetsim.assertions.Difference.HeaderAdded h) {
					examples(varied, "header " + h.name(), "(absent)", h.value());
				}
				else if (d instanceof io.github.subnetsim.assertions.Difference.HeaderRemoved h) {
					examples(varied, "header " + h.name(), h.value(), "(absent)");
				}
				else if (d instanceof io.github.subnetsim.assertions.Difference.JsonValueChanged j) {
					examples(varied, "body " + (j.pointer().isEmpty() ? "(whole document)" : j.pointer()), j.from(), j.to());
				}
				else if (d instanceof io.github.subnetsim.assertions.Difference.StatusChanged st) {
					examples(varied, "status", Integer.toString(st.from()), Integer.toString(st.to()));
				}
				else {
					notes.add(d.toString());
				}
			}
		}
		if (!varied.isEmpty()) {
			b.append("   What varied between replicas:\n");
			for (Map.Entry<String, java.util.Set<String>> e : varied.entrySet()) {
				b.append(String.format(java.util.Locale.ROOT, "     %-24s e.g. %s%n", e.getKey(), String.join(", ", e.getValue())));
			}
		}
		for (String n : notes) {
			b.append("   also: ").append(n).append('\n');
		}
		return b.toString();
	}

	private static void examples(Map<String, java.util.Set<String>> varied, String what, String from, String to) {
		java.util.Set<String> values = varied.computeIfAbsent(what, k -> new java.util.LinkedHashSet<>());
		for (String v : new String[] { from, to }) {
			if (values.size() < 3) {
				values.add(v.length() > 40 ? v.substring(0, 37) + "..." : v);
			}
		}
	}

}
