package io.github.subnetsim.assertions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.github.subnetsim.internal.text.RejectTexts;

/** Small text helpers for messages: quoting, clipping, indenting, cycles with the replica's digit grouping. */
final class Text {

	private Text() {
	}

	/** A double-quoted, escaped, clipped rendering of a value. */
	static String quote(String s) {
		return '"' + clip(escape(s), 80) + '"';
	}

	/** Control characters and quotes escaped, so a value stays on one line. */
	static String escape(String s) {
		String literal = io.github.subnetsim.transform.Transforms.javaLiteral(s);
		return literal.substring(1, literal.length() - 1);
	}

	/** At most {@code max} characters, with an ellipsis when cut. */
	static String clip(String s, int max) {
		return s.length() <= max ? s : s.substring(0, Math.max(0, max - 1)) + "…";
	}

	/** Every line indented by {@code spaces}. */
	static String indent(String s, int spaces) {
		String pad = " ".repeat(spaces);
		return pad + s.replace("\n", "\n" + pad);
	}

	/** Cycles as the replica prints them: {@code 20_849_238_800}. */
	static String cycles(long value) {
		return RejectTexts.underscores(value);
	}

	/** {@code 0, 1, 5}. */
	static String join(Collection<?> values) {
		StringBuilder b = new StringBuilder();
		for (Object v : values) {
			b.append(b.length() == 0 ? "" : ", ").append(v);
		}
		return b.toString();
	}

	/**
	 * Ascending indices with runs of three or more as ranges, {@code 0–3, 5, 7–12}: thirteen replicas in one group
	 * read better as a range than as a list.
	 */
	static String ranges(List<Integer> sorted) {
		List<String> parts = new ArrayList<>();
		int i = 0;
		while (i < sorted.size()) {
			int j = i;
			while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
				j++;
			}
			if (j - i >= 2) {
				parts.add(sorted.get(i) + "–" + sorted.get(j));
			}
			else {
				for (int k = i; k <= j; k++) {
					parts.add(String.valueOf(sorted.get(k)));
				}
			}
			i = j + 1;
		}
		return String.join(", ", parts);
	}

	/** {@code 1 replica} or {@code 3 replicas}. */
	static String replicas(int count) {
		return count + (count == 1 ? " replica" : " replicas");
	}
}
