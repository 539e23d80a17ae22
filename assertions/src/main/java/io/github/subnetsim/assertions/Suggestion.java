package io.github.subnetsim.assertions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.subnetsim.Finding;

/**
 * The transform a {@link DivergenceReport} suggests: the helpers of {@code io.github.subnetsim.transform.Transforms}
 * that remove the differences it found, as code; and notes for the differences no helper can remove.
 */
final class Suggestion {

	private Suggestion() {
	}

	static String code(DivergenceReport report) {
		List<String> parts = new ArrayList<>();
		if (!report.variedHeaders().isEmpty()) {
			parts.add("Transforms.dropHeaders(" + literals(report.variedHeaders()) + ")");
		}
		Set<String> pointers = new LinkedHashSet<>(report.variedJsonPointers());
		pointers.remove(""); // the root cannot be dropped; notes() explains
		if (!pointers.isEmpty()) {
			parts.add("Transforms.dropJson(" + literals(pointers) + ")");
		}
		if (has(report, Difference.JsonLayoutChanged.class)) {
			parts.add("Transforms.canonicalJson()");
		}
		if (parts.isEmpty()) {
			return "";
		}
		String code = parts.size() == 1 ? parts.get(0) : "Transforms.compose(" + String.join(", ", parts) + ")";
		Finding.NonIdempotentFanOut fanOut = fanOut(report);
		// Never offer agreement silently over a duplicated effect: the code says what it would hide, in a comment that still compiles.
		return fanOut == null ? code : "/* " + hidden(fanOut) + ": send an " + fanOut.keyHeader() + " first */ " + code;
	}

	/** The report's non-idempotent fan-out, or null. */
	static Finding.NonIdempotentFanOut fanOut(DivergenceReport report) {
		for (Finding f : report.findings()) {
			if (f instanceof Finding.NonIdempotentFanOut n) {
				return n;
			}
		}
		return null;
	}

	/** {@code agreement would hide 13 applications of this POST at the server}. */
	static String hidden(Finding.NonIdempotentFanOut f) {
		return "agreement would hide " + f.times() + " applications of this " + f.method() + " at the server";
	}

	/** The same transform as {@link #code}, built, or null when there is nothing to remove. */
	static io.github.subnetsim.TransformFunction function(DivergenceReport report) {
		List<io.github.subnetsim.TransformFunction> parts = new ArrayList<>();
		if (!report.variedHeaders().isEmpty()) {
			parts.add(io.github.subnetsim.transform.Transforms.dropHeaders(report.variedHeaders().toArray(new String[0])));
		}
		Set<String> pointers = new LinkedHashSet<>(report.variedJsonPointers());
		pointers.remove("");
		if (!pointers.isEmpty()) {
			parts.add(io.github.subnetsim.transform.Transforms.dropJson(pointers.toArray(new String[0])));
		}
		if (has(report, Difference.JsonLayoutChanged.class)) {
			parts.add(io.github.subnetsim.transform.Transforms.canonicalJson());
		}
		if (parts.isEmpty()) {
			return null;
		}
		return parts.size() == 1 ? parts.get(0) : io.github.subnetsim.transform.Transforms.compose(parts.toArray(new io.github.subnetsim.TransformFunction[0]));
	}

	/** One line per kind of difference the suggested code does not remove. */
	static List<String> notes(DivergenceReport report) {
		Set<String> notes = new LinkedHashSet<>();
		for (DivergenceReport.GroupDifferences g : report.differences()) {
			for (Difference d : g.differences()) {
				if (d instanceof Difference.StatusChanged s) {
					notes.add("the status differs (" + s.from() + " vs " + s.to() + "): the replicas got different answers; "
							+ "a transform can only hide that by dropping the status");
				}
				else if (d instanceof Difference.BodyBytesChanged b) {
					notes.add("a body that is not JSON differs from byte " + b.offset() + ": keep only the part that is the same "
							+ "everywhere in your transform");
				}
				else if (d instanceof Difference.OutcomeChanged) {
					notes.add("some replicas rejected instead of responding: a transform cannot fix that, the cause is upstream or in the limits");
				}
				else if (d instanceof Difference.HeadersReordered) {
					notes.add("the headers arrive in another order: drop them (Transforms.dropAllHeaders()) or keep a fixed set");
				}
				else if (d instanceof Difference.JsonValueChanged j && j.pointer().isEmpty()) {
					notes.add("the whole JSON document differs: extract the part that is the same everywhere (Transforms.extractJson)");
				}
			}
		}
		return new ArrayList<>(notes);
	}

	private static boolean has(DivergenceReport report, Class<? extends Difference> kind) {
		for (DivergenceReport.GroupDifferences g : report.differences()) {
			for (Difference d : g.differences()) {
				if (kind.isInstance(d)) {
					return true;
				}
			}
		}
		return false;
	}

	private static String literals(Iterable<String> values) {
		StringBuilder b = new StringBuilder();
		for (String v : values) {
			b.append(b.length() == 0 ? "" : ", ").append('"').append(Text.escape(v)).append('"');
		}
		return b.toString();
	}
}
