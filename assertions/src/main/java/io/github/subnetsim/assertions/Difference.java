package io.github.subnetsim.assertions;

/**
 * One way a group's transformed response differs from the largest group's: a line of a {@link DivergenceReport}.
 * Values are shown as they are on the wire: header values quoted, JSON values as compact JSON.
 *
 * <pre>{@code
 * for (Difference d : report.differences().get(0).differences()) {
 *     if (d instanceof Difference.JsonValueChanged j) { j.pointer(); }   // "/data/ts"
 *     System.out.println(d.line());                                    // body /data/ts: 1700000000 -> 1700000713
 * }
 * }</pre>
 */
public sealed interface Difference {

	/**
	 * The difference as one line of text.
	 *
	 * @return for example {@code status: 200 -> 503}
	 */
	String line();

	/** The status code differs. */
	record StatusChanged(int from, int to) implements Difference {
		@Override
		public String line() {
			return "status: " + from + " -> " + to;
		}
	}

	/** A header (lowercased name) that only the other group has. */
	record HeaderAdded(String name, String value) implements Difference {
		@Override
		public String line() {
			return "header " + name + ": added " + Text.quote(value);
		}
	}

	/** A header (lowercased name) that only the largest group has. */
	record HeaderRemoved(String name, String value) implements Difference {
		@Override
		public String line() {
			return "header " + name + ": removed (was " + Text.quote(value) + ")";
		}
	}

	/** A header (lowercased name) with another value. */
	record HeaderChanged(String name, String from, String to) implements Difference {
		@Override
		public String line() {
			return "header " + name + ": " + Text.quote(from) + " -> " + Text.quote(to);
		}
	}

	/** The same headers in another order. */
	record HeadersReordered() implements Difference {
		@Override
		public String line() {
			return "headers: the same headers in another order";
		}
	}

	/** The JSON value at a pointer differs; {@code from} or {@code to} is null where the value is absent. */
	record JsonValueChanged(String pointer, String from, String to) implements Difference {
		@Override
		public String line() {
			return "body " + (pointer.isEmpty() ? "(root)" : pointer) + ": " + (from == null ? "(absent)" : Text.clip(from, 60)) + " -> "
					+ (to == null ? "(absent)" : Text.clip(to, 60));
		}
	}

	/** Both bodies are the same JSON data in other bytes: field order or whitespace. */
	record JsonLayoutChanged() implements Difference {
		@Override
		public String line() {
			return "body: the same JSON data, other bytes (field order or whitespace)";
		}
	}

	/**
	 * The bodies (not both JSON) first differ at {@code offset}; the contexts are the text around it, escaped.
	 */
	record BodyBytesChanged(int offset, int fromLength, int toLength, String fromContext, String toContext) implements Difference {
		@Override
		public String line() {
			return "body differs from byte " + offset + " (" + fromLength + " vs " + toLength + " bytes): " + fromContext + " -> " + toContext;
		}
	}

	/** One group delivered a response and the other a reject, or both rejected differently. */
	record OutcomeChanged(String from, String to) implements Difference {
		@Override
		public String line() {
			return "outcome: " + from + " -> " + to;
		}
	}
}
