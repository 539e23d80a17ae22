package io.github.subnetsim.assertions;

import java.util.Objects;
import java.util.Optional;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import io.github.subnetsim.HttpResponse;

/**
 * Hamcrest matchers on an {@link HttpResponse}: the agreed response of an outcall, or any transformed response.
 *
 * <pre>{@code
 * assertThat(result, repliesWith(allOf(
 *         status(200),
 *         header("content-type", startsWith("application/json")),
 *         jsonAt("/data/price", closeTo(12.34, 0.01)))));
 * }</pre>
 */
public final class ResponseMatchers {

	private ResponseMatchers() {
	}

	/** The status code is exactly this. */
	public static Matcher<HttpResponse> status(int expected) {
		return new ResponseMatcher() {
			@Override
			String expectation() {
				return "with status " + expected;
			}

			@Override
			Mismatch check(HttpResponse r) {
				return r.status() == expected ? null
						: Mismatch.comparing("the status was " + r.status(), summary(r), expected, r.status());
			}
		};
	}

	/** The first header of this name (case-insensitive) exists and its value matches. */
	public static Matcher<HttpResponse> header(String name, Matcher<? super String> value) {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(value, "value matcher");
		return new ResponseMatcher() {
			@Override
			String expectation() {
				return "with header " + name + " " + StringDescription.toString(value);
			}

			@Override
			Mismatch check(HttpResponse r) {
				Optional<String> v = r.header(name);
				if (v.isEmpty()) {
					return Mismatch.of("it had no header " + name, summary(r));
				}
				return value.matches(v.get()) ? null : Mismatch.of("header " + name + " " + mismatchOf(value, v.get()), summary(r));
			}
		};
	}

	/** The first header of this name (case-insensitive) has exactly this value. */
	public static Matcher<HttpResponse> header(String name, String expected) {
		Objects.requireNonNull(expected, "expected value");
		return new ResponseMatcher() {
			@Override
			String expectation() {
				return "with header " + name + ": " + Text.quote(expected);
			}

			@Override
			Mismatch check(HttpResponse r) {
				Optional<String> v = r.header(name);
				if (v.isEmpty()) {
					return Mismatch.comparing("it had no header " + name, summary(r), expected, null);
				}
				return expected.equals(v.get()) ? null
						: Mismatch.comparing("header " + name + " was " + Text.quote(v.get()), summary(r), expected, v.get());
			}
		};
	}

	/** The body, decoded as UTF-8, matches. */
	public static Matcher<HttpResponse> body(Matcher<? super String> text) {
		Objects.requireNonNull(text, "body matcher");
		return new ResponseMatcher() {
			@Override
			String expectation() {
				return "with body " + StringDescription.toString(text);
			}

			@Override
			Mismatch check(HttpResponse r) {
				return text.matches(r.bodyText()) ? null : Mismatch.of("the body " + mismatchOf(text, r.bodyText()), summary(r));
			}
		};
	}

	/** The body, decoded as UTF-8, is exactly this text. */
	public static Matcher<HttpResponse> body(String expected) {
		Objects.requireNonNull(expected, "expected body");
		return new ResponseMatcher() {
			@Override
			String expectation() {
				return "with body " + Text.quote(expected);
			}

			@Override
			Mismatch check(HttpResponse r) {
				return expected.equals(r.bodyText()) ? null : Mismatch.comparing("the body differed", summary(r), expected, r.bodyText());
			}
		};
	}

	/**
	 * The body is JSON and the value at this pointer (RFC 6901) matches. The value is given to the matcher as Java:
	 * a string as {@code String}; an integral number as {@code Integer}, {@code Long} or {@code BigInteger}
	 * (the smallest that holds it); any other number as {@code Double}; {@code true}/{@code false} as {@code Boolean};
	 * {@code null} as null; an object or array as its compact JSON text.
	 */
	public static Matcher<HttpResponse> jsonAt(String pointer, Matcher<?> value) {
		Objects.requireNonNull(value, "value matcher");
		if (pointer == null || !pointer.isEmpty() && !pointer.startsWith("/")) {
			throw new IllegalArgumentException("a JSON pointer starts with '/', got '" + pointer + "'");
		}
		JsonPointer p = JsonPointer.compile(pointer);
		return new ResponseMatcher() {
			@Override
			String expectation() {
				return "with JSON at " + pointer + " " + StringDescription.toString(value);
			}

			@Override
			Mismatch check(HttpResponse r) {
				JsonNode root = ResponseDiff.parse(r.body());
				if (root == null) {
					return Mismatch.of("the body is not JSON", summary(r));
				}
				JsonNode node = root.at(p);
				if (node.isMissingNode()) {
					return Mismatch.of("it had no JSON value at " + pointer, summary(r));
				}
				Object v = java(node);
				return value.matches(v) ? null : Mismatch.of("the JSON value at " + pointer + " " + mismatchOf(value, v), summary(r));
			}
		};
	}

	static Object java(JsonNode node) {
		if (node.isTextual()) {
			return node.textValue();
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isNull()) {
			return null;
		}
		if (node.isIntegralNumber()) {
			return node.canConvertToInt() ? (Object) node.intValue() : node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
		}
		if (node.isNumber()) {
			return node.doubleValue();
		}
		return node.toString();
	}

	private static String mismatchOf(Matcher<?> matcher, Object value) {
		Description d = new StringDescription();
		matcher.describeMismatch(value, d);
		return d.toString();
	}
}
