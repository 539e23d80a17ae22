package io.github.subnetsim.assertions;

import java.util.Objects;
import java.util.Optional;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.assertions.SubnetMatcher.Failure;

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

	/**
	 * The status code is exactly this.
	 *
	 * @param expected the status code, for example 200
	 * @return a matcher of a response
	 */
	public static Matcher<HttpResponse> status(int expected) {
		return new ResponseMatcher() {
			@Override
			String expectation() {
				return "with status " + expected;
			}

			@Override
			Failure check(HttpResponse r) {
				return r.status() == expected ? null
						: Failure.of("The status was " + r.status() + ", expected " + expected + ".", "status " + expected, "status " + r.status())
								.values(expected, r.status()).details(summary(r));
			}
		};
	}

	/**
	 * The first header of this name (case-insensitive) exists and its value matches.
	 *
	 * @param name the header name
	 * @param value a matcher of its value
	 * @return a matcher of a response
	 */
	public static Matcher<HttpResponse> header(String name, Matcher<? super String> value) {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(value, "value matcher");
		return new ResponseMatcher() {
			@Override
			String expectation() {
				return "with header " + name + " " + StringDescription.toString(value);
			}

			@Override
			Failure check(HttpResponse r) {
				Optional<String> v = r.header(name);
				String expected = name + ": " + StringDescription.toString(value);
				if (v.isEmpty()) {
					return Failure.of("The response has no header " + name + ".", expected, "(no header " + name + ")").details(summary(r));
				}
				return value.matches(v.get()) ? null
						: Failure.of("Header " + name + " " + mismatchOf(value, v.get()) + ", expected " + StringDescription.toString(value) + ".",
								expected, name + ": " + Text.quote(v.get())).details(summary(r));
			}
		};
	}

	/**
	 * The first header of this name (case-insensitive) has exactly this value.
	 *
	 * @param name the header name
	 * @param expected the value
	 * @return a matcher of a response
	 */
	public static Matcher<HttpResponse> header(String name, String expected) {
		Objects.requireNonNull(expected, "expected value");
		return new ResponseMatcher() {
			@Override
			String expectation() {
				return "with header " + name + ": " + Text.quote(expected);
			}

			@Override
			Failure check(HttpResponse r) {
				Optional<String> v = r.header(name);
				if (v.isEmpty()) {
					return Failure.of("The response has no header " + name + ", expected " + Text.quote(expected) + ".", Text.quote(expected),
							"(no header " + name + ")").values(expected, null).details(summary(r));
				}
				return expected.equals(v.get()) ? null
						: Failure.of("Header " + name + " was " + Text.quote(v.get()) + ", expected " + Text.quote(expected) + ".", Text.quote(expected),
								Text.quote(v.get())).values(expected, v.get()).details(summary(r));
			}
		};
	}

	/**
	 * The body, decoded as UTF-8, matches.
	 *
	 * @param text a matcher of the body text
	 * @return a matcher of a response
	 */
	public static Matcher<HttpResponse> body(Matcher<? super String> text) {
		Objects.requireNonNull(text, "body matcher");
		return new ResponseMatcher() {
			@Override
			String expectation() {
				return "with body " + StringDescription.toString(text);
			}

			@Override
			Failure check(HttpResponse r) {
				return text.matches(r.bodyText()) ? null
						: Failure.of("The body does not match: " + Text.clip(mismatchOf(text, r.bodyText()), 160) + ".", StringDescription.toString(text),
								Text.quote(r.bodyText())).values(StringDescription.toString(text), r.bodyText()).details(summary(r));
			}
		};
	}

	/**
	 * The body, decoded as UTF-8, is exactly this text.
	 *
	 * @param expected the body text
	 * @return a matcher of a response
	 */
	public static Matcher<HttpResponse> body(String expected) {
		Objects.requireNonNull(expected, "expected body");
		return new ResponseMatcher() {
			@Override
			String expectation() {
				return "with body " + Text.quote(expected);
			}

			@Override
			Failure check(HttpResponse r) {
				return expected.equals(r.bodyText()) ? null
						: Failure.of("The body differs from the expected text from character " + firstDifference(expected, r.bodyText()) + ".",
								Text.quote(expected), Text.quote(r.bodyText())).values(expected, r.bodyText()).details(summary(r));
			}
		};
	}

	/**
	 * The body is JSON and the value at this pointer (RFC 6901) matches. The value is given to the matcher as Java:
	 * a string as {@code String}; an integral number as {@code Integer}, {@code Long} or {@code BigInteger}
	 * (the smallest that holds it); any other number as {@code Double}; {@code true}/{@code false} as {@code Boolean};
	 * {@code null} as null; an object or array as its compact JSON text.
	 *
	 * @param pointer a JSON pointer, for example {@code /data/price}
	 * @param value a matcher of the value
	 * @return a matcher of a response
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
			Failure check(HttpResponse r) {
				String expected = ExpectedJson.of(value);
				JsonNode root = ResponseDiff.parse(r.body());
				if (root == null) {
					return Failure.of("The body is not JSON, so it has no value at " + pointer + ".", expected, "(body is not JSON)").details(summary(r));
				}
				JsonNode node = root.at(p);
				if (node.isMissingNode()) {
					return Failure.of("The JSON has no value at " + pointer + ".", expected, "(absent)").details(summary(r));
				}
				Object v = java(node);
				return value.matches(v) ? null
						: Failure.of("The JSON value at " + pointer + " is " + Text.clip(node.toString(), 80) + ", expected " + expected + ".", expected,
								node.toString()).details(summary(r));
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

	private static int firstDifference(String a, String b) {
		int i = 0;
		while (i < Math.min(a.length(), b.length()) && a.charAt(i) == b.charAt(i)) {
			i++;
		}
		return i;
	}

	private static String mismatchOf(Matcher<?> matcher, Object value) {
		Description d = new StringDescription();
		matcher.describeMismatch(value, d);
		return d.toString();
	}
}
