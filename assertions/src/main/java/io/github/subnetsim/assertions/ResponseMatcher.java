package io.github.subnetsim.assertions;

import org.hamcrest.Description;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;

/**
 * The shape of every response matcher: one check that answers why it failed. Alone it ends with the response; inside
 * {@code repliesWith} the outcall's report follows.
 */
abstract class ResponseMatcher extends SubnetMatcher<HttpResponse> {

	ResponseMatcher() {
		super(HttpResponse.class);
	}

	/** Completes "a response …": {@code with status 200}. */
	abstract String expectation();

	/** Null when the response matches; the details are the response's {@link #summary}. */
	abstract Failure check(HttpResponse response);

	@Override
	public void describeTo(Description description) {
		description.appendText("a response ").appendText(expectation());
	}

	@Override
	protected final Failure explain(HttpResponse response) {
		Failure f = check(response);
		return f == null ? null : f.details("Details:\n" + Text.indent(f.detailsText(), 2));
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
