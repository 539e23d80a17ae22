package io.github.subnetsim.assertions.internal;

import java.util.ArrayList;
import java.util.List;

import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.assertions.Difference;
import io.github.subnetsim.assertions.DivergenceReport;
import io.github.subnetsim.internal.explain.Explanation;
import io.github.subnetsim.internal.explain.OutcallExplainer;

/**
 * Gives the run report (report.html) the same explanation a failing matcher prints: {@link DivergenceReport}'s
 * groups, differences, varied fields, suggested transform and {@link DivergenceReport#renderSummary()}. Registered
 * with {@link java.util.ServiceLoader}; not API.
 */
public final class DivergenceExplainer implements OutcallExplainer {

	/** Created by the service loader. */
	public DivergenceExplainer() {
	}

	@Override
	public Explanation explain(OutcallResult result) {
		DivergenceReport report = DivergenceReport.of(result);
		List<Explanation.Group> groups = new ArrayList<>();
		for (DivergenceReport.Group g : report.groups()) {
			groups.add(new Explanation.Group(g.label(), g.hash(), g.replicas(), g.outcome(), lines(report, g)));
		}
		if (!report.diverged()) {
			return new Explanation("", "", groups, List.of()); // nothing varied: the summary would only repeat the grid
		}
		List<Explanation.Field> fields = new ArrayList<>();
		for (DivergenceReport.VariedField f : report.variedFields()) {
			fields.add(new Explanation.Field(f.field(), f.distinctValues(), f.examples()));
		}
		return new Explanation(report.renderSummary(), report.suggestedTransformCode(), groups, fields);
	}

	private static List<String> lines(DivergenceReport report, DivergenceReport.Group group) {
		List<String> out = new ArrayList<>();
		for (DivergenceReport.GroupDifferences d : report.differences()) {
			if (d.group().equals(group)) {
				for (Difference x : d.differences()) {
					out.add(x.line());
				}
			}
		}
		return out;
	}
}
