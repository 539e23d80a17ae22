package io.github.subnetsim.internal.replay;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.replay.Redaction;

/**
 * Applies a {@link Redaction} to what a fixture stores, and remembers what it replaced for the fixture's
 * {@code redacted} line. One per fixture written; not thread-safe.
 *
 * <pre>{@code
 * Redactor r = new Redactor(Redaction.defaults());
 * String url = r.url("https://api/x?api_key=s3cret");   // https://api/x?api_key=REDACTED
 * }</pre>
 */
public final class Redactor {

	private final Redaction rules;
	private final Set<String> found = new TreeSet<>();

	/**
	 * @param rules what to redact
	 */
	public Redactor(Redaction rules) {
		this.rules = rules;
	}

	/**
	 * The request headers with the secrets replaced.
	 *
	 * @param headers as sent
	 * @return a copy, order kept
	 */
	public List<HttpHeader> requestHeaders(List<HttpHeader> headers) {
		return headers(headers, true);
	}

	/**
	 * The response headers with the secrets replaced.
	 *
	 * @param headers as received
	 * @return a copy, order kept
	 */
	public List<HttpHeader> responseHeaders(List<HttpHeader> headers) {
		return headers(headers, false);
	}

	private List<HttpHeader> headers(List<HttpHeader> headers, boolean request) {
		List<HttpHeader> out = new ArrayList<>(headers.size());
		for (HttpHeader h : headers) {
			boolean secret = request ? rules.redactsRequestHeader(h.name()) : rules.redactsResponseHeader(h.name());
			if (secret) {
				found.add((request ? "request header " : "response header ") + h.name().toLowerCase(Locale.ROOT));
				out.add(new HttpHeader(h.name(), Redaction.PLACEHOLDER));
			}
			else {
				out.add(h);
			}
		}
		return out;
	}

	/**
	 * The URL with the values of secret query parameters replaced; the rest byte for byte.
	 *
	 * @param url as sent
	 * @return the URL to store
	 */
	public String url(String url) {
		int q = url.indexOf('?');
		if (q < 0) {
			return url;
		}
		int hash = url.indexOf('#', q);
		String query = hash < 0 ? url.substring(q + 1) : url.substring(q + 1, hash);
		StringBuilder out = new StringBuilder(url.length()).append(url, 0, q + 1);
		String[] params = query.split("&", -1);
		for (int i = 0; i < params.length; i++) {
			if (i > 0) {
				out.append('&');
			}
			String p = params[i];
			int eq = p.indexOf('=');
			String name = eq < 0 ? p : p.substring(0, eq);
			if (eq >= 0 && rules.redactsQueryParameter(decode(name))) {
				found.add("query parameter " + decode(name).toLowerCase(Locale.ROOT));
				out.append(name).append('=').append(Redaction.QUERY_PLACEHOLDER);
			}
			else {
				out.append(p);
			}
		}
		if (hash >= 0) {
			out.append(url, hash, url.length());
		}
		return out.toString();
	}

	static String decode(String s) {
		try {
			return URLDecoder.decode(s, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException e) {
			return s;
		}
	}

	/**
	 * The fixture's line on redaction: what was replaced, and the rules that were applied.
	 *
	 * @return one line
	 */
	public String summary() {
		String what = found.isEmpty() ? "nothing found to redact" : "values replaced: " + String.join(", ", found);
		return what + " (rules: " + rules + "; header values become " + Redaction.PLACEHOLDER + ", query values " + Redaction.QUERY_PLACEHOLDER + ")";
	}
}
