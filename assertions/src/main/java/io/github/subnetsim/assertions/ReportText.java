package io.github.subnetsim.assertions;

import java.util.List;

import io.github.subnetsim.trace.ConsensusTrace;
import io.github.subnetsim.trace.Trace;

/** The text form of a {@link DivergenceReport}, in the layout of AssertJ messages: a heading, indented values. */
final class ReportText {

	/** Caps that keep a 40-replica report readable; the data form has everything. */
	private static final int MAX_GROUPS = 16;
	private static final int MAX_LINES_PER_GROUP = 10;

	private ReportText() {
	}

	static String render(DivergenceReport report, String rejection) {
		Trace trace = report.trace();
		ConsensusTrace consensus = trace.consensus();
		StringBuilder s = new StringBuilder();
		if (report.groups().isEmpty() && report.silentReplicas().isEmpty()) {
			s.append("No replica made the request: the outcall ended at ").append(trace.stage().label()).append('.');
			return s.append('\n').append(seed(trace)).toString();
		}
		s.append("Replicas grouped by transformed response (threshold ").append(consensus.threshold()).append(" of ")
				.append(consensus.committee().size()).append("):");
		List<DivergenceReport.Group> groups = report.groups();
		for (int i = 0; i < Math.min(groups.size(), MAX_GROUPS); i++) {
			DivergenceReport.Group g = groups.get(i);
			s.append("\n  group ").append(g.label()).append(" (").append(Text.replicas(g.replicas().size())).append(": ")
					.append(Text.join(g.replicas())).append(")  hash ").append(g.hash(), 0, Math.min(8, g.hash().length())).append('…');
			if (g.response() == null) {
				s.append("  ").append(Text.clip(Text.escape(g.outcome()), 120));
			}
		}
		if (groups.size() > MAX_GROUPS) {
			s.append("\n  … and ").append(groups.size() - MAX_GROUPS).append(" more groups");
		}
		if (!report.silentReplicas().isEmpty()) {
			s.append("\n  silent (").append(Text.replicas(report.silentReplicas().size())).append(": ")
					.append(Text.join(report.silentReplicas())).append(')');
		}
		if (report.diverged()) {
			differences(report, s);
			suggestion(report, s);
		}
		else if (!groups.isEmpty()) {
			s.append("\nEvery replica that signed produced the same transformed response.");
		}
		return s.append('\n').append(seed(trace)).toString();
	}

	private static void differences(DivergenceReport report, StringBuilder s) {
		s.append("\nDifferences from group A:");
		List<DivergenceReport.GroupDifferences> all = report.differences();
		for (int i = 0; i < Math.min(all.size(), MAX_GROUPS); i++) {
			DivergenceReport.GroupDifferences g = all.get(i);
			List<Integer> replicas = g.group().replicas();
			s.append("\n  group ").append(g.group().label()).append(" (").append(replicas.size() == 1 ? "replica " : "replicas ")
					.append(Text.join(replicas)).append("):");
			List<Difference> lines = g.differences();
			for (int j = 0; j < Math.min(lines.size(), MAX_LINES_PER_GROUP); j++) {
				s.append("\n    ").append(lines.get(j).line());
			}
			if (lines.size() > MAX_LINES_PER_GROUP) {
				s.append("\n    … and ").append(lines.size() - MAX_LINES_PER_GROUP).append(" more");
			}
		}
		if (all.size() > MAX_GROUPS) {
			s.append("\n  … and ").append(all.size() - MAX_GROUPS).append(" more groups");
		}
	}

	private static void suggestion(DivergenceReport report, StringBuilder s) {
		String code = report.suggestedTransformCode();
		List<String> notes = Suggestion.notes(report);
		s.append("\nSuggested transform:");
		if (!code.isEmpty()) {
			s.append("\n  ").append(code);
		}
		for (String note : notes) {
			s.append("\n  // ").append(note);
		}
		if (code.isEmpty() && notes.isEmpty()) {
			s.append("\n  (none found)");
		}
	}

	private static String seed(Trace trace) {
		return "Seed: " + trace.seed() + " (replay with Subnet.builder().seed(" + trace.seed() + "))";
	}
}
