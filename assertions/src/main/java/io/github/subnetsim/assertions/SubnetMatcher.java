package io.github.subnetsim.assertions;

import java.util.ArrayList;
import java.util.List;

import org.hamcrest.Description;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.opentest4j.AssertionFailedError;

/**
 * The base of every matcher of this library (outcall, response, flexible, ledger, convergence): one check,
 * {@link #explain}, that says why a value does not match, rendered in one layout wherever it is shown.
 *
 * <p>{@link OutcallAssertions#assertThat} throws {@link #failure}: an opentest4j {@link AssertionFailedError} whose
 * expected and actual values an IDE shows as a diff, and whose message reads
 * <pre>
 * No consensus: the replicas' responses vary in date, x-request-id, /timestamp (13 distinct, 9 of 13 must agree). Fix: add the transform below.
 * Expected: agreed by ≥ 9 of 13
 * Actual:   13 distinct responses
 * (a lead block: for an outcall, what varied, the fix and the groups)
 * (details)
 * Seed: 42 (replay with Subnet.builder().seed(42))
 * </pre>
 * Hamcrest's own {@code assertThat} prints {@code Expected:} from {@link #describeTo} and, after {@code but:}, the
 * same text without the {@code Expected:} and {@code Actual:} lines.
 *
 * <pre>{@code
 * final class StatusIs extends SubnetMatcher<HttpResponse> {
 *     StatusIs() { super(HttpResponse.class); }
 *     public void describeTo(Description d) { d.appendText("a response with status 200"); }
 *     protected Failure explain(HttpResponse r) {
 *         return r.status() == 200 ? null
 *                 : Failure.of("The status was " + r.status() + ", expected 200.", "status 200", "status " + r.status()).values(200, r.status());
 *     }
 * }
 * }</pre>
 *
 * @param <T> what the matcher checks
 */
public abstract class SubnetMatcher<T> extends TypeSafeDiagnosingMatcher<T> {

	private final Class<?> type;

	/**
	 * The type is given rather than found by reflection: the one {@code matchesSafely} here is erased to Object.
	 *
	 * @param type the class of the values this matcher checks
	 */
	protected SubnetMatcher(Class<?> type) {
		super(type);
		this.type = type;
	}

	/**
	 * Why {@code actual} does not match, or null when it does.
	 *
	 * @param actual the value to check, not null
	 * @return the failure, or null for a match
	 */
	protected abstract Failure explain(T actual);

	/**
	 * What Hamcrest's mismatch description says about a value that matches, or null: a match that may surprise
	 * (such as consensus on a reject) can say so when asked.
	 *
	 * @param actual a value that matches
	 * @return the note, or null (the default)
	 */
	protected String noteOnMatch(T actual) {
		return null;
	}

	@Override
	protected final boolean matchesSafely(T actual, Description mismatch) {
		Failure f = explain(actual);
		if (f == null) {
			String note = noteOnMatch(actual);
			if (note != null) {
				mismatch.appendText(note);
			}
			return true;
		}
		mismatch.appendText(f.mismatch());
		return false;
	}

	/**
	 * The error for an {@code actual} this matcher does not match, with expected and actual values for the IDE.
	 *
	 * @throws IllegalStateException when {@code actual} matches
	 * @param actual the value that did not match
	 * @return the error to throw; a type mismatch gets a plain "Expected … got a …" message
	 */
	@SuppressWarnings("unchecked")
	public final AssertionFailedError failure(Object actual) {
		if (!type.isInstance(actual)) {
			Description d = new org.hamcrest.StringDescription();
			describeTo(d);
			return Failure.of("Expected " + d + ", got " + (actual == null ? "null" : "a " + actual.getClass().getSimpleName()) + ".",
					d.toString(), String.valueOf(actual)).error();
		}
		Failure f = explain((T) actual);
		if (f == null) {
			throw new IllegalStateException("failure() called for a value that matches: " + actual);
		}
		return f.error();
	}

	/**
	 * Why a value did not match, in the layout every matcher of this library uses: the answer (what failed and
	 * what to change) on the first line, then {@code Expected:} and {@code Actual:} as short values an IDE can diff,
	 * then a lead block, details and the seed to replay. Immutable.
	 *
	 * <pre>{@code
	 * Failure.of("Delivered 3 responses, expected 5.", "5 responses", "3 responses")
	 *         .details("from replicas [0, 4, 7]")
	 *         .seed(result.trace().seed());
	 * }</pre>
	 */
	public static final class Failure {

		private final String answer;
		private final String expected;
		private final String actual;
		private final Object expectedValue;
		private final Object actualValue;
		private final String lead;
		private final String details;
		private final Long seed;

		private Failure(String answer, String expected, String actual, Object expectedValue, Object actualValue, String lead, String details,
				Long seed) {
			this.answer = answer;
			this.expected = expected;
			this.actual = actual;
			this.expectedValue = expectedValue;
			this.actualValue = actualValue;
			this.lead = lead;
			this.details = details;
			this.seed = seed;
		}

		/**
		 * The answer line and the two short values; the values are also what the IDE diffs.
		 *
		 * @param answer the first line: what failed and the fix
		 * @param expected the expected value, short
		 * @param actual the actual value, short
		 * @return the failure, with these strings also as the diff values
		 */
		public static Failure of(String answer, String expected, String actual) {
			return new Failure(answer, expected, actual, expected, actual, "", "", null);
		}

		/**
		 * Other values for the IDE's diff than the display strings: the numbers compared, or whole bodies.
		 *
		 * @param expectedValue the expected side of the diff
		 * @param actualValue the actual side of the diff
		 * @return a copy with these values
		 */
		public Failure values(Object expectedValue, Object actualValue) {
			return new Failure(answer, expected, actual, expectedValue, actualValue, lead, details, seed);
		}

		/**
		 * The block right after {@code Actual:}, what a reader needs first (for an outcall: what varied, the fix).
		 *
		 * @param block the lead text; null for none
		 * @return a copy with this lead
		 */
		public Failure lead(String block) {
			return new Failure(answer, expected, actual, expectedValue, actualValue, orEmpty(block), details, seed);
		}

		/**
		 * The block after the lead: the full values, the per-group differences.
		 *
		 * @param block the details text; null for none
		 * @return a copy with these details
		 */
		public Failure details(String block) {
			return new Failure(answer, expected, actual, expectedValue, actualValue, lead, orEmpty(block), seed);
		}

		/**
		 * The seed of the subnet the result came from, printed last with how to replay it.
		 *
		 * @param value the subnet seed
		 * @return a copy with this seed
		 */
		public Failure seed(long value) {
			return new Failure(answer, expected, actual, expectedValue, actualValue, lead, details, value);
		}

		/**
		 * The first line of the message: what failed, and the fix when there is one.
		 *
		 * @return the answer line
		 */
		public String answer() {
			return answer;
		}

		/**
		 * The expected value as the message shows it.
		 *
		 * @return the short expected value
		 */
		public String expected() {
			return expected;
		}

		/**
		 * The actual value as the message shows it.
		 *
		 * @return the short actual value
		 */
		public String actual() {
			return actual;
		}

		/** The details block as given. */
		String detailsText() {
			return details;
		}

		/**
		 * The whole message of {@link #error()}.
		 *
		 * @return the answer, {@code Expected:} and {@code Actual:} lines, lead, details and seed line
		 */
		public String message() {
			List<String> parts = new ArrayList<>();
			parts.add(answer);
			parts.add("Expected: " + aligned(expected));
			parts.add("Actual:   " + aligned(actual));
			return join(parts);
		}

		/**
		 * The opentest4j error: this message, with the expected and actual values.
		 *
		 * @return an {@link AssertionFailedError} with {@link #message()} and the diff values
		 */
		public AssertionFailedError error() {
			return new AssertionFailedError(message(), expectedValue, actualValue);
		}

		/** After Hamcrest's {@code but:}: the message without the two lines Hamcrest's {@code Expected:} stands for. */
		String mismatch() {
			List<String> parts = new ArrayList<>();
			parts.add(answer);
			return join(parts);
		}

		private String join(List<String> head) {
			List<String> parts = new ArrayList<>(head);
			for (String block : new String[] { lead, details, seed == null ? "" : seedLine(seed) }) {
				if (!block.isEmpty()) {
					parts.add(block);
				}
			}
			return String.join("\n", parts);
		}

		/** Continuation lines of a multi-line value start under its first character. */
		private static String aligned(String value) {
			return String.valueOf(value).replace("\n", "\n          ");
		}

		private static String orEmpty(String s) {
			return s == null ? "" : s;
		}
	}

	/** How a failure names the seed: the value and the call that replays it. */
	static String seedLine(long seed) {
		return "Seed: " + seed + " (replay with Subnet.builder().seed(" + seed + "))";
	}
}
