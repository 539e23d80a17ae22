package io.github.subnetsim.internal.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/** Escaping and small formatting helpers for report.html. */
final class Html {

	private Html() {
	}

	/** Text safe inside an element or a double-quoted attribute. */
	static String esc(String s) {
		StringBuilder b = new StringBuilder(s.length() + 16);
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '&' -> b.append("&amp;");
				case '<' -> b.append("&lt;");
				case '>' -> b.append("&gt;");
				case '"' -> b.append("&quot;");
				case '\'' -> b.append("&#39;");
				default -> b.append(c);
			}
		}
		return b.toString();
	}

	/** {@code part / whole} as a CSS percentage with two decimals; 0 when whole is 0. */
	static String pct(double part, double whole) {
		double v = whole <= 0 ? 0 : Math.min(100.0, 100.0 * part / whole);
		if (!(v >= 0 && v <= 100.0)) {
			return String.format(Locale.ROOT, "%.2f%%", v); // NaN or negative: the formatter's own text
		}
		// What "%.2f" writes: the shortest decimal digits of the double, rounded half up; a report of 10,000 outcalls
		// calls this hundreds of thousands of times, and the formatter parses its pattern on each.
		return new BigDecimal(Double.toString(v)).setScale(2, RoundingMode.HALF_UP).toPlainString() + "%";
	}

	/** Replica indices with runs as ranges: {@code 0–3, 7}. */
	static String ranges(List<Integer> sorted) {
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < sorted.size(); i++) {
			int start = sorted.get(i);
			int end = start;
			while (i + 1 < sorted.size() && sorted.get(i + 1) == end + 1) {
				end = sorted.get(++i);
			}
			if (b.length() > 0) {
				b.append(", ");
			}
			b.append(start);
			if (end > start) {
				b.append(end == start + 1 ? ", " : "–").append(end);
			}
		}
		return b.toString();
	}

	/** The CSS class of a group's colour: eight colours, then one for the rest. */
	static String groupClass(int group) {
		return group < 0 ? "silent" : group < 8 ? "g" + group : "gx";
	}

	/** Inline styles: the page must open from a CI artifact with no network, so nothing is fetched. */
	static final String CSS = """
			body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
			header{background:#fff;border-bottom:1px solid #d0d7de;padding:16px 24px}
			main{padding:8px 24px 48px}
			h1{font-size:20px;margin:0 0 12px}h2{font-size:16px;margin:24px 0 8px}h4{margin:8px 0 4px;font-size:13px}
			code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
			pre{white-space:pre-wrap;margin:4px 0;background:#f6f8fa;border:1px solid #e1e4e8;border-radius:4px;padding:6px 8px}
			#summary{display:flex;gap:12px;flex-wrap:wrap;margin:0}
			#summary div{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:6px 12px;min-width:90px}
			#summary dt{font-size:12px;color:#57606a}#summary dd{margin:0;font-size:22px;font-weight:600}
			#summary .bad dd{color:#cf222e}#gate{margin:12px 0 0}#gate.failed{color:#cf222e;font-weight:600}#gate.passed{color:#1a7f37}
			#failing ul{margin:4px 0;padding-left:20px}
			.test{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:16px 0;padding:8px 16px}
			.test.failed{border-left:4px solid #cf222e}.status{font-size:12px;padding:1px 6px;border-radius:10px;background:#dafbe1;color:#1a7f37}
			.test.failed .status{background:#ffebe9;color:#cf222e}.testid{color:#57606a;font-size:12px;margin:0}
			.outcall{border-top:1px solid #eaeef2;padding:6px 0}.outcall>summary{cursor:pointer}
			.verdict{display:inline-block;min-width:96px;font-weight:600;padding:0 6px;border-radius:4px;background:#dafbe1;color:#1a7f37}
			.v-bad .verdict{background:#ffebe9;color:#cf222e}.v-warn .verdict{background:#fff8c5;color:#7d4e00}
			.meta{color:#57606a}.ob{padding:4px 0 4px 24px}
			.bar{position:relative;height:14px;background:#eaeef2;border-radius:3px;margin:6px 0 2px;max-width:520px}
			.fill{position:absolute;left:0;top:0;bottom:0;background:#2da44e;border-radius:3px}.v-bad .fill,.v-warn .fill{background:#e16f24}
			.thr{position:absolute;top:-3px;bottom:-3px;width:2px;background:#1b1f24}
			.barlabel{font-size:12px;color:#57606a}
			.grid{display:flex;flex-wrap:wrap;gap:3px;margin:6px 0;max-width:720px}
			.r{display:inline-block;width:26px;height:20px;line-height:20px;text-align:center;font-size:11px;color:#fff;border-radius:3px}
			.g0{background:#1f77b4}.g1{background:#ff7f0e}.g2{background:#9467bd}.g3{background:#d62728}.g4{background:#8c564b}
			.g5{background:#e377c2}.g6{background:#17becf}.g7{background:#7f7f7f}.gx{background:#bcbd22}
			.r.silent{background:#fff;color:#8c959f;border:1px dashed #8c959f;width:24px;height:18px;line-height:18px}
			.r.late{opacity:.5;outline:2px dotted #1b1f24;outline-offset:-2px}
			.r.rej{background-image:repeating-linear-gradient(45deg,transparent 0 4px,rgba(255,255,255,.35) 4px 8px)}
			.legend{font-size:12px;color:#57606a;margin:2px 0}.chip{display:inline-block;width:10px;height:10px;border-radius:2px;vertical-align:middle;margin:0 3px 0 8px}
			.warn{background:#fff8c5;border:1px solid #d4a72c;border-radius:4px;padding:6px 8px}
			.msg{color:#cf222e}
			table.varied{border-collapse:collapse;margin:6px 0;font-size:12px}table.varied td,table.varied th{border:1px solid #d0d7de;padding:2px 6px;text-align:left}
			.diff ul{margin:2px 0;padding-left:20px}.diff li{font:12px/1.4 ui-monospace,monospace}
			.fix pre{background:#dafbe1;border-color:#4ac26b}
			.tl{position:relative;height:18px;border-bottom:1px solid #8c959f;margin:10px 0 2px;max-width:520px}
			.tl i{position:absolute;bottom:-4px;width:8px;height:8px;border-radius:50%;margin-left:-4px}
			.tl .dec{position:absolute;top:0;bottom:-6px;width:2px;background:#cf222e}
			.tlabel{font-size:11px;color:#57606a;max-width:520px;display:flex;justify-content:space-between}
			.cols{display:flex;gap:24px;flex-wrap:wrap}.cols>div{min-width:260px}
			""";
}
