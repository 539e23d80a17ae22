package io.github.subnetsim.internal.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.subnetsim.internal.text.RejectTexts;

/**
 * Compares a run's outcalls with a baseline: the gate fails when an outcall that agreed now diverges or is rejected,
 * or when its cost grew by more than the tolerance. New and vanished outcalls are listed but do not fail the gate.
 *
 * <pre>{@code
 * BaselineGate.Result r = BaselineGate.compare(baseline, current, 0.05);
 * if (r.failed()) System.err.println(r.toMarkdown());
 * }</pre>
 */
public final class BaselineGate {

	private BaselineGate() {
	}

	/** What happened to one outcall between the baseline and this run. */
	public enum ChangeKind {
		/** Agreed before, rejected or diverged now: fails the gate. */
		NO_LONGER_AGREES(true),
		/** Costs more than the tolerance allows: fails the gate. */
		COST_GREW(true),
		/** Rejected before, agreed now. */
		NOW_AGREES(false),
		/** Costs less than before. */
		COST_FELL(false),
		/** Not in the baseline. */
		NEW(false),
		/** In the baseline, not in this run. */
		GONE(false);

		private final boolean failing;

		ChangeKind(boolean failing) {
			this.failing = failing;
		}

		/** Whether this change fails the gate. */
		public boolean failing() {
			return failing;
		}
	}

	/** One changed outcall. */
	public record Change(ChangeKind kind, String key, String test, String url, String before, String after) {
	}

	/** The comparison. */
	public record Result(List<Change> changes, int compared, double tolerance) {
		public Result {
			changes = List.copyOf(changes);
		}

		/** Whether any change fails the gate. */
		public boolean failed() {
			return changes.stream().anyMatch(c -> c.kind().failing());
		}

		/** A Markdown table of what changed, failing changes first. */
		public String toMarkdown() {
			StringBuilder b = new StringBuilder();
			long failing = changes.stream().filter(c -> c.kind().failing()).count();
			b.append(failed() ? "subnet-sim gate FAILED: " : "subnet-sim gate passed: ").append(failing).append(" failing change(s), ")
					.append(changes.size() - failing).append(" other change(s) in ").append(compared).append(" outcalls (cost tolerance ")
					.append(String.format(java.util.Locale.ROOT, "%.1f%%", tolerance * 100)).append(").\n");
			if (changes.isEmpty()) {
				return b.toString();
			}
			b.append("\n| change | test | url | before | after |\n|---|---|---|---|---|\n");
			List<Change> sorted = new ArrayList<>(changes);
			sorted.sort((x, y) -> Boolean.compare(y.kind().failing(), x.kind().failing()));
			for (Change c : sorted) {
				b.append("| ").append(c.kind()).append(" | ").append(OutcallReport.cell(c.test())).append(" | ").append(OutcallReport.cell(c.url()))
						.append(" | ").append(OutcallReport.cell(c.before())).append(" | ").append(OutcallReport.cell(c.after())).append(" |\n");
			}
			if (failed()) {
				b.append("\nIf the change is intended, rewrite the baseline: run the gate with --update (Maven: -Dsubnet-sim.baseline.update=true).\n");
			}
			return b.toString();
		}
	}

	/**
	 * Compares outcalls by {@link OutcallRecord#key()} (test id and position in the test).
	 *
	 * @param tolerance the relative cost growth allowed, for example 0.05 for 5 %
	 */
	public static Result compare(OutcallReport baseline, OutcallReport current, double tolerance) {
		if (tolerance < 0 || Double.isNaN(tolerance)) {
			throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
		}
		Map<String, OutcallRecord> before = index(baseline);
		Map<String, OutcallRecord> after = index(current);
		List<Change> changes = new ArrayList<>();
		int compared = 0;
		for (Map.Entry<String, OutcallRecord> e : after.entrySet()) {
			OutcallRecord now = e.getValue();
			OutcallRecord then = before.get(e.getKey());
			if (then == null) {
				changes.add(new Change(ChangeKind.NEW, now.key(), now.testName(), now.url(), "-", describe(now)));
				continue;
			}
			compared++;
			if (then.agreed() && !now.agreed()) {
				changes.add(new Change(ChangeKind.NO_LONGER_AGREES, now.key(), now.testName(), now.url(), describe(then), describe(now)));
			}
			else if (!then.agreed() && now.agreed()) {
				changes.add(new Change(ChangeKind.NOW_AGREES, now.key(), now.testName(), now.url(), describe(then), describe(now)));
			}
			if (now.cost() > then.cost() && now.cost() - then.cost() > tolerance * then.cost()) {
				changes.add(new Change(ChangeKind.COST_GREW, now.key(), now.testName(), now.url(), cycles(then.cost()), cycles(now.cost())
						+ String.format(java.util.Locale.ROOT, " (+%.1f%%)", then.cost() == 0 ? 100.0 : 100.0 * (now.cost() - then.cost()) / then.cost())));
			}
			else if (now.cost() < then.cost()) {
				changes.add(new Change(ChangeKind.COST_FELL, now.key(), now.testName(), now.url(), cycles(then.cost()), cycles(now.cost())));
			}
		}
		for (Map.Entry<String, OutcallRecord> e : before.entrySet()) {
			if (!after.containsKey(e.getKey())) {
				OutcallRecord then = e.getValue();
				changes.add(new Change(ChangeKind.GONE, then.key(), then.testName(), then.url(), describe(then), "-"));
			}
		}
		return new Result(changes, compared, tolerance);
	}

	private static Map<String, OutcallRecord> index(OutcallReport report) {
		Map<String, OutcallRecord> m = new LinkedHashMap<>();
		for (OutcallRecord r : report.outcalls()) {
			m.put(r.key(), r);
		}
		return m;
	}

	private static String describe(OutcallRecord r) {
		return r.agreed() ? "reply " + r.status() + ", " + r.agreement() + "/" + r.replicas() + ", " + cycles(r.cost())
				: r.outcome() + " " + abbreviate(r.message()) + ", " + cycles(r.cost());
	}

	private static String cycles(long c) {
		return RejectTexts.underscores(c) + " cycles";
	}

	private static String abbreviate(String s) {
		return s.length() > 80 ? s.substring(0, 77) + "..." : s;
	}
}
