package io.github.subnetsim.assertions;

import org.hamcrest.Description;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.opentest4j.AssertionFailedError;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;

/** The shape of every response matcher: one check, used for Hamcrest and for the AssertJ-style message. */
abstract class ResponseMatcher extends TypeSafeDiagnosingMatcher<HttpResponse> implements FailureSource {

	/** Completes "a response …" and "Expecting response …": {@code with status 200}. */
	abstract String expectation();

	/** Null when the response matches. */
	abstract Mismatch check(HttpResponse response);

	@Override
	public void describeTo(Description description) {
		description.appendText("a response ").appendText(expectation());
	}

	@Override
	protected boolean matchesSafely(HttpResponse response, Description mismatch) {
		Mismatch m = check(response);
		if (m == null) {
			return true;
		}
		mismatch.appendText(m.but()).appendText(" in:\n").appendText(Text.indent(m.details(), 2));
		return false;
	}

	@Override
	public AssertionFailedError failure(Object actual) {
		HttpResponse response = (HttpResponse) actual;
		Mismatch m = check(response);
		if (m == null) {
			throw new IllegalStateException("failure() called for a response that matches: " + response);
		}
		String message = "Expecting response " + expectation() + ", but " + m.but() + ":\n" + Text.indent(m.details(), 2);
		return m.compares() ? new AssertionFailedError(message, m.expected(), m.actual()) : new AssertionFailedError(message);
	}

	/** A response in a few lines: status, headers, body (clipped). */
	static String summary(HttpResponse r) {
		StringBuilder s = new StringBuilder("status ").append(r.status());
		if (r.headers().isEmpty()) {
			s.append(", no headers");
		}
		for (HttpHeader h : r.headers()) {
			s.append("\n").append(h.name()).append(": ").append(Text.clip(Text.escape(h.value()), 100));
		}
		s.append("\nbody (").append(r.bodyLength()).append(" bytes): ").append(Text.clip(Text.escape(r.bodyText()), 200));
		return s.toString();
	}
}
