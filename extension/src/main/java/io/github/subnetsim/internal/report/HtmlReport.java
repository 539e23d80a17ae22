package io.github.subnetsim.internal.report;

import static io.github.subnetsim.internal.report.Html.esc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.internal.explain.OutcallExplainer;

/**
 * {@code report.html}: one self-contained page (inline styles, no script, nothing fetched) that opens from a CI
 * artifact. A summary with links to the failing tests, then each test with its outcalls ({@link HtmlOutcall}).
 *
 * <pre>{@code
 * String page = HtmlReport.render(views, outcomes);
 * page = HtmlReport.withGate(page, BaselineGate.compare(baseline, current, 0.05));
 * }</pre>
 */
public final class HtmlReport {

	private static final String GATE_START = "<!--gate-->";
	private static final String GATE_END = "<!--/gate-->";

	private HtmlReport() {
	}

	/**
	 * How a test ended, as the launcher reported it.
	 *
	 * @param status {@code SUCCESSFUL}, {@code FAILED} or {@code ABORTED}
	 * @param message the first lines of the failure, or empty
	 */
	record TestOutcome(String status, String message) {
		boolean failed() {
			return status.equals("FAILED");
		}
	}

	/**
	 * One outcall as a test made it, for {@link #render(List)}.
	 *
	 * @param testId the test's unique id
	 * @param testName its display name
	 * @param status how the test ended: {@code SUCCESSFUL}, {@code FAILED} or {@code ABORTED}
	 * @param failure the test's failure message, or empty
	 * @param args the request
	 * @param result its result
	 */
	public record Outcall(String testId, String testName, String status, String failure, HttpRequestArgs args, OutcallResult result) {
	}

	/**
	 * The page for outcalls made outside a test run (tools, and tests of the page itself), explained as the run
	 * report explains them.
	 *
	 * @param outcalls in order; a test's outcalls are numbered in the order given
	 * @return the page
	 */
	public static String render(List<Outcall> outcalls) {
		OutcallExplainer explainer = OutcallExplainer.load();
		Map<String, Integer> sequences = new HashMap<>();
		Map<String, TestOutcome> outcomes = new HashMap<>();
		List<OutcallView> views = new ArrayList<>();
		for (Outcall o : outcalls) {
			int sequence = sequences.merge(o.testId(), 1, Integer::sum) - 1;
			OutcallRecord record = OutcallRecord.of(o.testId(), o.testName(), sequence, o.args(), o.result());
			views.add(OutcallView.of(record, o.result(), explainer.explain(o.result())));
			outcomes.put(o.testId(), new TestOutcome(o.status(), o.failure()));
		}
		return render(views, outcomes);
	}

	static String render(List<OutcallView> views, Map<String, TestOutcome> outcomes) {
		Map<String, List<OutcallView>> byTest = new LinkedHashMap<>();
		for (OutcallView v : views) {
			byTest.computeIfAbsent(v.record().testId(), k -> new ArrayList<>()).add(v);
		}
		long agreed = views.stream().filter(OutcallView::agreed).count();
		List<String> failing = new ArrayList<>();
		List<String> ids = new ArrayList<>(byTest.keySet());
		for (String id : ids) {
			if (outcome(outcomes, id).failed()) {
				failing.add(id);
			}
		}
		StringBuilder h = new StringBuilder(4096 + views.size() * 2048);
		h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
				.append("<title>subnet-sim outcalls</title><style>").append(Html.CSS).append("</style></head><body>\n<header><h1>subnet-sim outcalls</h1>\n")
				.append("<dl id=\"summary\">");
		stat(h, "outcalls", "count-outcalls", views.size(), false);
		stat(h, "agreed", "count-agreed", agreed, false);
		stat(h, "rejected", "count-rejected", views.size() - agreed, views.size() > agreed);
		stat(h, "tests", "count-tests", byTest.size(), false);
		stat(h, "failing tests", "count-failing", failing.size(), !failing.isEmpty());
		h.append("</dl>\n").append(GATE_START).append("<p id=\"gate\" data-gate=\"not-run\">Gate: not run when this page was written (it runs after ")
				.append("the tests: <code>./subnet-sim gate</code>, or <code>mvn verify</code> with the gate wired in).</p>").append(GATE_END).append('\n');
		h.append("<nav id=\"failing\">");
		if (failing.isEmpty()) {
			h.append("<p>No test that made an outcall failed.</p>");
		}
		else {
			h.append("<h2>Failing tests</h2><ul>");
			for (String id : failing) {
				h.append("<li><a href=\"#t").append(ids.indexOf(id)).append("\">").append(esc(byTest.get(id).get(0).record().testName()))
						.append("</a> <span class=\"meta\">").append(esc(firstLine(outcome(outcomes, id).message()))).append("</span></li>");
			}
			h.append("</ul>");
		}
		h.append("</nav></header>\n<main>\n");
		int index = 0;
		for (int t = 0; t < ids.size(); t++) {
			String id = ids.get(t);
			TestOutcome o = outcome(outcomes, id);
			List<OutcallView> list = byTest.get(id);
			h.append("<section class=\"test").append(o.failed() ? " failed" : "").append("\" id=\"t").append(t).append("\" data-status=\"")
					.append(esc(o.status())).append("\"><h2>").append(esc(list.get(0).record().testName())).append(" <span class=\"status\">")
					.append(esc(o.status().toLowerCase(java.util.Locale.ROOT))).append("</span></h2><p class=\"testid\">").append(esc(id)).append("</p>\n");
			if (o.failed() && !o.message().isEmpty()) {
				// Collapsed: the outcalls below show the same groups and differences as a picture.
				h.append("<details class=\"failure\"><summary>").append(esc(firstLine(o.message()))).append("</summary><pre>").append(esc(o.message()))
						.append("</pre></details>\n");
			}
			for (OutcallView v : list) {
				HtmlOutcall.render(h, v, index++);
			}
			h.append("</section>\n");
		}
		return h.append("</main></body></html>\n").toString();
	}

	/**
	 * The page with the gate's verdict in its summary, replacing what was there; the page as it is when it has no
	 * place for one (not written by this version).
	 *
	 * @param page report.html as written at the end of the tests
	 * @param result the gate's comparison
	 * @return the page to write back
	 */
	public static String withGate(String page, BaselineGate.Result result) {
		int start = page.indexOf(GATE_START);
		int end = page.indexOf(GATE_END);
		if (start < 0 || end < start) {
			return page;
		}
		long failingChanges = result.changes().stream().filter(c -> c.kind().failing()).count();
		StringBuilder g = new StringBuilder("<p id=\"gate\" class=\"").append(result.failed() ? "failed" : "passed").append("\" data-gate=\"")
				.append(result.failed() ? "failed" : "passed").append("\">Gate ").append(result.failed() ? "FAILED" : "passed").append(": ")
				.append(failingChanges).append(" failing change(s), ").append(result.changes().size() - failingChanges).append(" other change(s) in ")
				.append(result.compared()).append(" outcalls compared with the baseline.</p>");
		if (!result.changes().isEmpty()) {
			g.append("<pre id=\"gate-table\">").append(esc(result.toMarkdown())).append("</pre>");
		}
		return page.substring(0, start + GATE_START.length()) + g + page.substring(end);
	}

	private static TestOutcome outcome(Map<String, TestOutcome> outcomes, String id) {
		return outcomes.getOrDefault(id, new TestOutcome("UNKNOWN", ""));
	}

	private static void stat(StringBuilder h, String label, String id, long value, boolean bad) {
		h.append("<div").append(bad ? " class=\"bad\"" : "").append("><dt>").append(label).append("</dt><dd id=\"").append(id).append("\">")
				.append(value).append("</dd></div>");
	}

	private static String firstLine(String s) {
		int nl = s.indexOf('\n');
		String line = nl < 0 ? s : s.substring(0, nl);
		return line.length() > 160 ? line.substring(0, 157) + "…" : line;
	}
}
