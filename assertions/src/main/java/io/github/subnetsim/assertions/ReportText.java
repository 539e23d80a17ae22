package io.github.subnetsim.assertions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.subnetsim.Finding;
import io.github.subnetsim.trace.ConsensusTrace;
import io.github.subnetsim.trace.Trace;

/**
 * The text form of a {@link DivergenceReport}, answer first: what varied and the transform that fixes it, then the
 * groups (identical difference sets collapsed into one line), then the per-group details, then the seed. Plain text,
 * no colour, so failure messages, files and terminals can all show it.
 */
final class ReportText {

	/** Caps that keep the lead block of a 40-replica report within a screen; the data form has everything. */
	private static final int MAX_FIELDS = 6;
	private static final int MAX_BUCKETS = 8;
	private static final int MAX_DETAIL_BUCKETS = 16;
	private static final int MAX_LINES_PER_GROUP = 10;
	private static final int HASH_CHARS = 12;

	private ReportText() {
	}

	/** Lead, details and seed, each present only when it says something. */
	static String render(DivergenceReport report) {
		List<String> parts = new ArrayList<>();
		for (String block : List.of(lead(report), network(report), details(report), clock(report.trace()), seed(report.trace()))) {
			if (!block.isEmpty()) {
				parts.add(block);
			}
		}
		return String.join("\n", parts);
	}

	/**
	 * The findings, what varied, the fix, and the groups: what a reader needs before any detail. Empty when no
	 * replica ran.
	 */
	static String lead(DivergenceReport report) {
		if (nobodyRan(report)) {
			return "";
		}
		StringBuilder s = new StringBuilder();
		findings(report, s);
		if (report.diverged()) {
			whatVaried(report, s);
			fix(report, s);
			s.append('\n');
		}
		groups(report, s);
		if (!report.diverged() && !report.groups().isEmpty()) {
			s.append("\nEvery replica that signed produced the same transformed response.");
		}
		return s.toString();
	}

	/** Each distinct set of differences from group A with its values; or why there are no replicas to compare. */
	static String details(DivergenceReport report) {
		if (nobodyRan(report)) {
			return "No replica made the request: the outcall ended at " + report.trace().stage().label() + '.';
		}
		if (!report.diverged()) {
			return "";
		}
		StringBuilder s = new StringBuilder("Differences from group A:");
		List<List<DivergenceReport.GroupDifferences>> buckets = buckets(report);
		for (int i = 0; i < Math.min(buckets.size(), MAX_DETAIL_BUCKETS); i++) {
			List<DivergenceReport.GroupDifferences> bucket = buckets.get(i);
			DivergenceReport.GroupDifferences g = bucket.get(0);
			List<Integer> replicas = g.group().replicas();
			s.append("\n  group ").append(g.group().label()).append(replicas.size() == 1 ? " (replica " : " (replicas ")
					.append(Text.ranges(replicas)).append("):");
			List<Difference> lines = g.differences();
			for (int j = 0; j < Math.min(lines.size(), MAX_LINES_PER_GROUP); j++) {
				s.append("\n    ").append(lines.get(j).line());
			}
			if (lines.size() > MAX_LINES_PER_GROUP) {
				s.append("\n    … and ").append(lines.size() - MAX_LINES_PER_GROUP).append(" more");
			}
			if (bucket.size() > 1) {
				// The rest differ in the same fields; their values are in the data form and the lead's examples.
				List<DivergenceReport.GroupDifferences> rest = bucket.subList(1, bucket.size());
				s.append("\n  … and ").append(bucket.size() == 2 ? "group " : "groups ").append(labels(report, rest)).append(" (")
						.append(replicas(rest).size() == 1 ? "replica " : "replicas ").append(Text.ranges(replicas(rest)))
						.append("): the same fields, other values");
			}
		}
		if (buckets.size() > MAX_DETAIL_BUCKETS) {
			s.append("\n  … and ").append(buckets.size() - MAX_DETAIL_BUCKETS).append(" more sets of differences");
		}
		return s.toString();
	}

	/**
	 * When replicas timed out on a request timeout a test lowered, says so: on mainnet they would have waited 30 s
	 * and might have got a reply. Empty otherwise.
	 */
	static String clock(Trace trace) {
		List<Integer> lowered = new ArrayList<>();
		Long bound = null;
		for (io.github.subnetsim.trace.ReplicaTrace r : trace.replicas()) {
			if (r.loweredTimeoutMillis() != null) {
				lowered.add(r.replica());
				bound = r.loweredTimeoutMillis();
			}
		}
		if (bound == null) {
			return "";
		}
		String human = bound % 1000 == 0 ? bound / 1000 + " s" : bound + " ms";
		return "request timeout lowered to " + human + "; mainnet allows 30 s (" + (lowered.size() == 1 ? "replica " : "replicas ")
				+ Text.ranges(lowered) + " timed out on it)";
	}

	/**
	 * Rate-limited replicas and the addresses the server saw, when either says something: some replica was answered
	 * 429, or went through a SOCKS proxy. Empty otherwise, so ordinary reports keep their layout.
	 */
	static String network(DivergenceReport report) {
		List<Integer> limited = report.rateLimitedReplicas();
		boolean proxied = false;
		for (io.github.subnetsim.trace.ReplicaTrace r : report.trace().replicas()) {
			proxied |= r.path() == io.github.subnetsim.trace.NetworkPath.SOCKS_PROXY;
		}
		if (limited.isEmpty() && !proxied) {
			return "";
		}
		StringBuilder s = new StringBuilder();
		Map<String, List<Integer>> seen = report.trace().serverAddresses();
		int reached = 0;
		for (List<Integer> rs : seen.values()) {
			reached += rs.size();
		}
		s.append("The server saw ").append(seen.size()).append(seen.size() == 1 ? " address for " : " addresses for ")
				.append(Text.replicas(reached)).append(':');
		for (Map.Entry<String, List<Integer>> e : seen.entrySet()) {
			s.append("\n  ").append(e.getKey()).append(" (").append(e.getValue().size() == 1 ? "replica " : "replicas ")
					.append(Text.ranges(e.getValue())).append(')');
		}
		if (!limited.isEmpty()) {
			s.append("\nRate limited (429 Too Many Requests): ").append(limited.size() == 1 ? "replica " : "replicas ")
					.append(Text.ranges(limited)).append(". Every replica makes the request, and on mainnet all canisters of the subnet ")
					.append("share the replicas' (or the proxies') quota: use an API key with its own quota, or a non-replicated outcall.");
		}
		return s.toString();
	}

	static String seed(Trace trace) {
		return SubnetMatcher.seedLine(trace.seed());
	}

	/** Short field names, {@code date, x-request-id, /timestamp}, for an answer line. */
	static String fieldNames(DivergenceReport report) {
		List<String> names = new ArrayList<>();
		for (DivergenceReport.VariedField f : report.variedFields()) {
			names.add(VariedFields.shortName(f.field()));
		}
		return String.join(", ", names);
	}

	/**
	 * Whether the transform was a canister's own (its Wasm, metered on each replica): then the fix is a change to the
	 * canister, which a Java transform cannot be on mainnet; the Java one is there to try the change here first.
	 */
	static boolean canistersTransform(DivergenceReport report) {
		return report.trace().replicas().stream().anyMatch(r -> r.transformInstructions() != null);
	}

	/** The fix, as the end of a failure's first line. */
	static String fixInOneLine(DivergenceReport report, String noHelper) {
		if (report.suggestedTransformCode().isEmpty()) {
			return noHelper;
		}
		return canistersTransform(report) ? " Fix: change the canister's transform to remove what varied (its Java equivalent is below)."
				: " Fix: add the transform below.";
	}

	private static boolean nobodyRan(DivergenceReport report) {
		return report.groups().isEmpty() && report.silentReplicas().isEmpty();
	}

	/**
	 * Each finding, one warning and its fix, before anything else: an agreed or nearly agreed outcall can still have
	 * created 13 orders, and nothing further down says so.
	 */
	private static void findings(DivergenceReport report, StringBuilder s) {
		for (Finding f : report.findings()) {
			s.append("Warning: ").append(f.message()).append(".\n  ").append(f.fix()).append("\n\n");
		}
	}

	private static void whatVaried(DivergenceReport report, StringBuilder s) {
		s.append("What varied between replicas:");
		List<DivergenceReport.VariedField> fields = report.variedFields();
		for (int i = 0; i < Math.min(fields.size(), MAX_FIELDS); i++) {
			DivergenceReport.VariedField f = fields.get(i);
			s.append("\n  ").append(f.field()).append(": ");
			if (f.field().equals("header order")) {
				s.append("the same headers in another order");
			}
			else if (f.field().equals("body layout")) {
				s.append("the same JSON data in other bytes (field order or whitespace)");
			}
			else {
				s.append(f.distinctValues()).append(f.distinctValues() == 1 ? " distinct value" : " distinct values")
						.append(f.examples().isEmpty() ? "" : ", e.g. " + String.join(", ", f.examples()));
			}
		}
		if (fields.size() > MAX_FIELDS) {
			s.append("\n  … and ").append(fields.size() - MAX_FIELDS).append(" more fields");
		}
	}

	private static void fix(DivergenceReport report, StringBuilder s) {
		String code = report.suggestedTransformCode();
		List<String> notes = Suggestion.notes(report);
		Finding.NonIdempotentFanOut fanOut = Suggestion.fanOut(report);
		if (!code.isEmpty() && fanOut != null) {
			s.append("\nFix: first make the ").append(fanOut.method()).append(" idempotent (see the warning above); this transform alone would make ")
					.append("the replicas agree, and ").append(Suggestion.hidden(fanOut)).append(":\n  ").append(code);
		}
		else if (!code.isEmpty() && canistersTransform(report)) {
			s.append("\nFix: the canister's transform ran on every replica and let these through: ").append(fieldNames(report))
					.append(". Remove them in the canister's transform; the same in Java, to try here first:\n  ").append(code);
		}
		else if (!code.isEmpty()) {
			s.append("\nFix: add this transform:\n  ").append(code);
		}
		else if (!notes.isEmpty()) {
			s.append("\nFix: no Transforms helper removes this:");
		}
		else {
			s.append("\nFix: none found: compare the groups below.");
		}
		for (String note : notes) {
			s.append("\n  // ").append(note);
		}
	}

	private static void groups(DivergenceReport report, StringBuilder s) {
		ConsensusTrace consensus = report.trace().consensus();
		s.append("Replicas grouped by transformed response (threshold ").append(consensus.threshold()).append(" of ")
				.append(consensus.committee().size()).append("):");
		if (!report.groups().isEmpty()) {
			DivergenceReport.Group a = report.groups().get(0);
			s.append("\n  group A (").append(Text.replicas(a.replicas().size())).append(": ").append(Text.ranges(a.replicas()))
					.append(")  hash ").append(abbreviated(a.hash())).append(rejectOutcome(a));
		}
		List<List<DivergenceReport.GroupDifferences>> buckets = buckets(report);
		for (int i = 0; i < Math.min(buckets.size(), MAX_BUCKETS); i++) {
			List<DivergenceReport.GroupDifferences> bucket = buckets.get(i);
			List<Integer> replicas = replicas(bucket);
			String fields = String.join(", ", shortFields(bucket.get(0)));
			if (bucket.size() == 1) {
				DivergenceReport.Group g = bucket.get(0).group();
				s.append("\n  group ").append(g.label()).append(" (").append(Text.replicas(replicas.size())).append(": ")
						.append(Text.ranges(replicas)).append(")  hash ").append(abbreviated(g.hash())).append("  differs from group A only in ")
						.append(fields).append(rejectOutcome(g));
			}
			else {
				s.append("\n  groups ").append(labels(report, bucket)).append(" (").append(Text.replicas(replicas.size())).append(": ")
						.append(Text.ranges(replicas)).append(")  differ from group A only in ")
						.append(fields);
			}
		}
		if (buckets.size() > MAX_BUCKETS) {
			int more = 0;
			for (List<DivergenceReport.GroupDifferences> b : buckets.subList(MAX_BUCKETS, buckets.size())) {
				more += b.size();
			}
			s.append("\n  … and ").append(more).append(" more groups");
		}
		if (!report.silentReplicas().isEmpty()) {
			s.append("\n  silent (").append(Text.replicas(report.silentReplicas().size())).append(": ")
					.append(Text.ranges(report.silentReplicas())).append(')');
		}
	}

	/** Groups other than A by the set of fields they differ in, in report order: one line per set. */
	private static List<List<DivergenceReport.GroupDifferences>> buckets(DivergenceReport report) {
		Map<Set<String>, List<DivergenceReport.GroupDifferences>> by = new LinkedHashMap<>();
		for (DivergenceReport.GroupDifferences g : report.differences()) {
			by.computeIfAbsent(fields(g), k -> new ArrayList<>()).add(g);
		}
		return new ArrayList<>(by.values());
	}

	private static Set<String> fields(DivergenceReport.GroupDifferences g) {
		Set<String> out = new LinkedHashSet<>();
		for (Difference d : g.differences()) {
			out.add(VariedFields.field(d));
		}
		return out;
	}

	private static List<String> shortFields(DivergenceReport.GroupDifferences g) {
		List<String> out = new ArrayList<>();
		for (String f : fields(g)) {
			out.add(VariedFields.shortName(f));
		}
		return out;
	}

	private static List<Integer> replicas(List<DivergenceReport.GroupDifferences> bucket) {
		TreeSet<Integer> all = new TreeSet<>();
		for (DivergenceReport.GroupDifferences g : bucket) {
			all.addAll(g.group().replicas());
		}
		return new ArrayList<>(all);
	}

	/** The labels of a bucket's groups, runs written as ranges: {@code B–F, H}. */
	private static String labels(DivergenceReport report, List<DivergenceReport.GroupDifferences> bucket) {
		List<Integer> indices = new ArrayList<>();
		for (DivergenceReport.GroupDifferences g : bucket) {
			indices.add(report.groups().indexOf(g.group()));
		}
		indices.sort(null);
		List<String> parts = new ArrayList<>();
		for (String run : Text.ranges(indices).split(", ")) {
			int dash = run.indexOf('–');
			parts.add(dash < 0 ? DivergenceReport.label(Integer.parseInt(run))
					: DivergenceReport.label(Integer.parseInt(run.substring(0, dash))) + "–"
							+ DivergenceReport.label(Integer.parseInt(run.substring(dash + 1))));
		}
		return String.join(", ", parts);
	}

	private static String rejectOutcome(DivergenceReport.Group g) {
		return g.response() == null ? "  " + Text.clip(Text.escape(g.outcome()), 120) : "";
	}

	private static String abbreviated(String hash) {
		return hash.substring(0, Math.min(HASH_CHARS, hash.length()));
	}
}
