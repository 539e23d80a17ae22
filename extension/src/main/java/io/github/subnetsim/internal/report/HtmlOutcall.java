package io.github.subnetsim.internal.report;

import static io.github.subnetsim.internal.report.Html.esc;
import static io.github.subnetsim.internal.report.Html.groupClass;
import static io.github.subnetsim.internal.report.Html.pct;

import java.util.List;

import io.github.subnetsim.internal.explain.Explanation;
import io.github.subnetsim.internal.text.RejectTexts;

/**
 * One outcall of report.html: verdict, agreement bar with the n − f marker, the replica grid coloured by group, what
 * differed, the suggested transform, the virtual-arrival timeline and the cost. An outcall that did not agree is open;
 * the others are collapsed to one line, which keeps a page of a thousand outcalls quick to read and to load.
 */
final class HtmlOutcall {

	/** Groups shown with their differences; the rest are counted (the summary above them has the totals). */
	private static final int MAX_GROUPS = 12;

	private HtmlOutcall() {
	}

	static void render(StringBuilder h, OutcallView v, int index) {
		OutcallRecord r = v.record();
		int n = r.replicas();
		String tone = v.agreed() ? "v-ok" : v.verdict().equals("agreed reject") ? "v-warn" : "v-bad";
		h.append("<details class=\"outcall ").append(tone).append("\" id=\"o").append(index).append("\" data-verdict=\"").append(esc(v.verdict()))
				.append("\" data-n=\"").append(n).append("\" data-threshold=\"").append(v.threshold()).append("\" data-largest=\"")
				.append(v.largestGroup()).append('"').append(v.agreed() && v.emptyQueue() == 0 ? "" : " open").append(">\n<summary><span class=\"verdict\">")
				.append(esc(v.verdict())).append("</span> <code>").append(esc(r.method())).append(' ').append(esc(r.url())).append("</code> <span class=\"meta\">#")
				.append(r.sequence()).append(" · ").append(esc(outcome(r))).append(" · largest group ").append(v.largestGroup()).append('/').append(n)
				.append(", needs ").append(v.threshold()).append(" · ").append(RejectTexts.underscores(r.cost())).append(" cycles</span></summary>\n<div class=\"ob\">\n");
		bar(h, v, n);
		grid(h, v);
		if (v.emptyQueue() > 0) {
			h.append("<p class=\"warn empty-queue\">").append(v.emptyQueue()).append(v.emptyQueue() == 1 ? " replica" : " replicas")
					.append(" found the MockWebServer's response queue empty and got its 503: enqueue one response per replica, or set a dispatcher.</p>\n");
		}
		if (!r.network().isEmpty()) {
			h.append("<p class=\"network\">The server saw ").append(r.serverAddresses()).append(r.serverAddresses() == 1 ? " address" : " addresses")
					.append(" (").append(esc(r.network())).append(").</p>\n");
		}
		if (!r.message().isEmpty()) {
			// The replica's text lists every hash; the groups below say the same thing readably.
			String message = r.message().length() > 200 ? r.message().substring(0, 197) + "…" : r.message();
			h.append("<p class=\"msg\" title=\"").append(esc(r.message())).append("\">").append(esc(message)).append("</p>\n");
		}
		differences(h, v.explanation());
		h.append("<div class=\"cols\"><div><h4>Share arrivals (virtual ms)</h4>\n");
		timeline(h, v);
		h.append("</div><div><h4>Cost</h4><pre class=\"cost\">").append(esc(v.cost())).append("</pre></div></div>\n</div></details>\n");
	}

	private static String outcome(OutcallRecord r) {
		return r.agreed() ? "reply " + r.status() + ", agreed by " + r.agreement() : r.outcome();
	}

	/** The largest group against the committee, with a marker where n − f is. */
	private static void bar(StringBuilder h, OutcallView v, int n) {
		h.append("<div class=\"bar\" title=\"largest group ").append(v.largestGroup()).append(" of ").append(n).append("; consensus needs n − f = ")
				.append(v.threshold()).append("\"><i class=\"fill\" style=\"width:").append(pct(v.largestGroup(), n)).append("\"></i><b class=\"thr\" data-threshold=\"")
				.append(v.threshold()).append("\" style=\"left:").append(pct(v.threshold(), n)).append("\"></b></div>\n<div class=\"barlabel\">")
				.append(v.largestGroup()).append(" of ").append(n).append(" signed the same; threshold n − f = ").append(n).append(" − ")
				.append(v.faultsTolerated()).append(" = ").append(v.threshold()).append("</div>\n");
	}

	private static void grid(StringBuilder h, OutcallView v) {
		List<Explanation.Group> groups = v.explanation().groups();
		h.append("<div class=\"grid\" data-replicas=\"").append(v.replicas().size()).append("\">");
		for (OutcallView.Cell c : v.replicas()) {
			boolean reject = c.group() >= 0 && !groups.get(c.group()).outcome().equals("response");
			h.append("<span class=\"r ").append(groupClass(c.group())).append(c.late() ? " late" : "").append(reject ? " rej" : "")
					.append("\" data-group=\"").append(c.silent() ? "silent" : groups.get(c.group()).label()).append("\" title=\"").append(c.replica()).append(": ")
					.append(esc(c.title()))
					.append("\">").append(c.replica()).append("</span>");
		}
		h.append("</div>\n<div class=\"legend\">");
		for (int g = 0; g < Math.min(groups.size(), MAX_GROUPS); g++) {
			Explanation.Group group = groups.get(g);
			h.append("<span class=\"chip ").append(groupClass(g)).append("\"></span>").append(group.label()).append(": ")
					.append(group.replicas().size()).append(' ').append(esc(shortOutcome(group.outcome())));
		}
		if (v.replicas().stream().anyMatch(OutcallView.Cell::silent)) {
			h.append("<span class=\"chip r silent\"></span>silent");
		}
		if (v.replicas().stream().anyMatch(OutcallView.Cell::late)) {
			h.append("<span class=\"chip r g0 late\"></span>after the decision");
		}
		h.append("</div>\n");
	}

	private static String shortOutcome(String outcome) {
		return outcome.length() > 60 ? outcome.substring(0, 57) + "…" : outcome;
	}

	/** What varied, the fix, and each group's lines: only when the replicas did not all sign the same thing. */
	private static void differences(StringBuilder h, Explanation e) {
		if (e.groups().size() < 2) {
			return;
		}
		if (!e.fields().isEmpty()) {
			h.append("<table class=\"varied\"><tr><th>what varied</th><th>distinct values</th><th>examples</th></tr>");
			for (Explanation.Field f : e.fields()) {
				h.append("<tr><td>").append(esc(f.name())).append("</td><td>").append(f.distinctValues() == 0 ? "–" : String.valueOf(f.distinctValues()))
						.append("</td><td><code>").append(esc(String.join("  ", f.examples()))).append("</code></td></tr>");
			}
			h.append("</table>\n");
		}
		if (!e.suggestedTransform().isEmpty()) {
			h.append("<div class=\"fix\"><h4>Suggested transform</h4><pre>").append(esc(e.suggestedTransform())).append("</pre></div>\n");
		}
		h.append("<div class=\"diff\">");
		List<Explanation.Group> groups = e.groups();
		for (int g = 1; g < Math.min(groups.size(), MAX_GROUPS); g++) {
			Explanation.Group group = groups.get(g);
			h.append("<h4><span class=\"chip ").append(groupClass(g)).append("\"></span>group ").append(group.label())
					.append(group.replicas().size() == 1 ? " (replica " : " (replicas ")
					.append(Html.ranges(group.replicas())).append(") against group A</h4><ul>");
			if (group.differences().isEmpty()) {
				h.append("<li>").append(esc(group.outcome().equals("response") ? "another share hash " + group.hash() : group.outcome())).append("</li>");
			}
			for (String line : group.differences()) {
				h.append("<li>").append(esc(line)).append("</li>");
			}
			h.append("</ul>");
		}
		if (groups.size() > MAX_GROUPS) {
			h.append("<p>… and ").append(groups.size() - MAX_GROUPS).append(" more groups</p>");
		}
		h.append("</div>\n");
	}

	/** Each share on a line of virtual time, with the decision marked. */
	private static void timeline(StringBuilder h, OutcallView v) {
		long end = Math.max(1, v.decidedAtMillis());
		for (OutcallView.Cell c : v.replicas()) {
			end = Math.max(end, c.arrivalMillis());
		}
		h.append("<div class=\"tl\">");
		for (OutcallView.Cell c : v.replicas()) {
			if (c.arrivalMillis() >= 0) {
				h.append("<i class=\"").append(groupClass(c.group())).append("\" style=\"left:").append(pct(c.arrivalMillis(), end))
						.append("\" title=\"").append(c.replica()).append(": ").append(c.arrivalMillis()).append(" ms\"></i>");
			}
		}
		h.append("<b class=\"dec\" style=\"left:").append(pct(v.decidedAtMillis(), end)).append("\" title=\"decided at ").append(v.decidedAtMillis())
				.append(" ms\"></b></div><div class=\"tlabel\"><span>0 ms</span><span>decided at ").append(v.decidedAtMillis()).append(" ms</span><span>")
				.append(end).append(" ms</span></div>\n");
	}
}
