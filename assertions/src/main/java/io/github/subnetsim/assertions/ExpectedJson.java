package io.github.subnetsim.assertions;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hamcrest.StringDescription;

/**
 * The expected side of {@code jsonAt} as JSON when the matcher is an equality: {@code is(12.35)} reads
 * {@code 12.35} and {@code is("ICP")} reads {@code "ICP"}, so an IDE diffs JSON against JSON. Any other matcher
 * ({@code closeTo}, {@code startsWith} …) is shown by its description.
 */
final class ExpectedJson {

	/** Hamcrest writes a non-string value as {@code <value>}; a JSON scalar inside is taken as it is. */
	private static final Pattern BRACKETED = Pattern.compile("<(-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?|true|false|null)>");

	private ExpectedJson() {
	}

	static String of(org.hamcrest.Matcher<?> matcher) {
		String d = StringDescription.toString(matcher);
		String value = d.startsWith("is ") ? d.substring(3) : d;
		Matcher bracketed = BRACKETED.matcher(value);
		if (bracketed.matches()) {
			return bracketed.group(1);
		}
		// Hamcrest quotes strings Java-style, which is JSON for the strings a price feed has.
		if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
			return value;
		}
		return d;
	}
}
