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

	/**
	 * The status code differs.
	 *
	 * @param from the status in the largest group's response
	 * @param to the status in the other group's
	 */
	record StatusChanged(int from, int to) implements Difference {
		@Override
		public String line() {
			return "status: " + from + " -> " + to;
		}
	}

	/**
	 * A header (lowercased name) that only the other group has.
	 *
	 * @param name the header name, lowercased
	 * @param value its value in the other group's response
	 */
	record HeaderAdded(String name, String value) implements Difference {
		@Override
		public String line() {
			return "header " + name + ": added " + Text.quote(value);
		}
	}

	/**
	 * A header (lowercased name) that only the largest group has.
	 *
	 * @param name the header name, lowercased
	 * @param value its value in the largest group's response
	 */
	record HeaderRemoved(String name, String value) implements Difference {
		@Override
		public String line() {
			return "header " + name + ": removed (was " + Text.quote(value) + ")";
		}
	}

	/**
	 * A header (lowercased name) with another value.
	 *
	 * @param name the header name, lowercased
	 * @param from its value in the largest group's response
	 * @param to its value in the other group's
	 */
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

	/**
	 * The JSON value at a pointer differs; {@code from} or {@code to} is null where the value is absent.
	 *
	 * @param pointer the JSON pointer, empty for the root
	 * @param from the value as JSON text in the largest group's body, or null
	 * @param to the value as JSON text in the other group's body, or null
	 */
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
	 *
	 * @param offset the first differing byte, from 0
	 * @param fromLength the largest group's body length
	 * @param toLength the other group's body length
	 * @param fromContext the largest group's bytes around {@code offset}, escaped
	 * @param toContext the other group's bytes around {@code offset}, escaped
	 */
	record BodyBytesChanged(int offset, int fromLength, int toLength, String fromContext, String toContext) implements Difference {
		@Override
		public String line() {
			return "body differs from byte " + offset + " (" + fromLength + " vs " + toLength + " bytes): " + fromContext + " -> " + toContext;
		}
	}

	/**
	 * One group delivered a response and the other a reject, or both rejected differently.
	 *
	 * @param from the largest group's outcome: {@code response}, or {@code reject <code>: <message>}
	 * @param to the other group's outcome
	 */
	record OutcomeChanged(String from, String to) implements Difference {
		@Override
		public String line() {
			return "outcome: " + from + " -> " + to;
		}
	}
}
