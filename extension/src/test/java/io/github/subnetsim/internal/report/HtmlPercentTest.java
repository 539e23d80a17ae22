package io.github.subnetsim.internal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The report's CSS percentages are the text {@code "%.2f%%"} writes, without a formatter per call. */
class HtmlPercentTest {

	private static String formatted(double part, double whole) {
		return String.format(Locale.ROOT, "%.2f%%", whole <= 0 ? 0 : Math.min(100.0, 100.0 * part / whole));
	}

	@Test
	void everyRatioOfSmallCountsReadsAsTheFormatterWritesIt() {
		for (int whole = -1; whole <= 600; whole++) {
			for (int part = -2; part <= whole + 2; part++) {
				assertEquals(formatted(part, whole), Html.pct(part, whole), part + " / " + whole);
			}
		}
	}

	@Test
	void randomMillisecondsAndFractionsReadAsTheFormatterWritesThem() {
		SplittableRandom random = new SplittableRandom(20261130);
		for (int i = 0; i < 200_000; i++) {
			long part = random.nextLong(0, 60_000);
			long whole = random.nextLong(1, 60_000);
			assertEquals(formatted(part, whole), Html.pct(part, whole), part + " / " + whole);
			double p = random.nextDouble() * 100;
			double w = random.nextDouble() * 100;
			assertEquals(formatted(p, w), Html.pct(p, w), p + " / " + w);
		}
		assertEquals(formatted(Double.NaN, 1), Html.pct(Double.NaN, 1));
		assertEquals("12.50%", Html.pct(1, 8));
		assertEquals("0.00%", Html.pct(5, 0));
	}
}
