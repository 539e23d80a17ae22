package io.github.subnetsim.replay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which secrets a {@link Recorder} replaces before a fixture is written: request headers, response headers and URL
 * query parameters, by name, case-insensitively. The defaults cover {@code Authorization}, {@code Cookie},
 * {@code Proxy-Authorization}, {@code Set-Cookie} and API-key-like query parameters ({@code api_key}, {@code apikey},
 * {@code key}, {@code token}, {@code access_token}, {@code secret}). A redacted header value becomes
 * {@value #PLACEHOLDER}; a redacted query value becomes {@value #QUERY_PLACEHOLDER}, which replay accepts for any
 * value. Immutable.
 *
 * <pre>{@code
 * Recorder recorder = Recorder.create(Redaction.defaults().requestHeader("X-Api-Key").queryParameter("sig"));
 * }</pre>
 */
public final class Redaction {

	/** What a redacted header value becomes. */
	public static final String PLACEHOLDER = "[redacted]";

	/** What a redacted query parameter value becomes (URL-safe, so the recorded URL stays a URL). */
	public static final String QUERY_PLACEHOLDER = "REDACTED";

	private static final Redaction DEFAULTS = new Redaction(List.of("authorization", "cookie", "proxy-authorization"), List.of("set-cookie"),
			List.of("api_key", "apikey", "key", "token", "access_token", "secret"));

	private static final Redaction NONE = new Redaction(List.of(), List.of(), List.of());

	private final Set<String> requestHeaders;
	private final Set<String> responseHeaders;
	private final Set<String> queryParameters;

	private Redaction(List<String> requestHeaders, List<String> responseHeaders, List<String> queryParameters) {
		this.requestHeaders = lowered(requestHeaders);
		this.responseHeaders = lowered(responseHeaders);
		this.queryParameters = lowered(queryParameters);
	}

	private static Set<String> lowered(List<String> names) {
		Set<String> out = new LinkedHashSet<>();
		for (String n : names) {
			out.add(n.toLowerCase(Locale.ROOT));
		}
		return Collections.unmodifiableSet(out);
	}

	/**
	 * The default rules.
	 *
	 * @return credentials in headers and API-key-like query parameters
	 */
	public static Redaction defaults() {
		return DEFAULTS;
	}

	/**
	 * Nothing redacted: for fixtures of services without secrets, or when the secrets are already fake.
	 *
	 * @return no rules
	 */
	public static Redaction none() {
		return NONE;
	}

	/**
	 * Also redacts these request headers.
	 *
	 * @param names header names, any case
	 * @return a new rule set
	 */
	public Redaction requestHeader(String... names) {
		return new Redaction(plus(requestHeaders, names), List.copyOf(responseHeaders), List.copyOf(queryParameters));
	}

	/**
	 * Also redacts these response headers.
	 *
	 * @param names header names, any case
	 * @return a new rule set
	 */
	public Redaction responseHeader(String... names) {
		return new Redaction(List.copyOf(requestHeaders), plus(responseHeaders, names), List.copyOf(queryParameters));
	}

	/**
	 * Also redacts the values of these URL query parameters.
	 *
	 * @param names parameter names, any case
	 * @return a new rule set
	 */
	public Redaction queryParameter(String... names) {
		return new Redaction(List.copyOf(requestHeaders), List.copyOf(responseHeaders), plus(queryParameters, names));
	}

	private static List<String> plus(Set<String> have, String... more) {
		List<String> out = new ArrayList<>(have);
		out.addAll(List.of(more));
		return out;
	}

	/**
	 * Whether a request header of this name is redacted.
	 *
	 * @param name a header name, any case
	 * @return true when its value is replaced
	 */
	public boolean redactsRequestHeader(String name) {
		return requestHeaders.contains(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * Whether a response header of this name is redacted.
	 *
	 * @param name a header name, any case
	 * @return true when its value is replaced
	 */
	public boolean redactsResponseHeader(String name) {
		return responseHeaders.contains(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * Whether a query parameter of this name is redacted.
	 *
	 * @param name a parameter name as it appears in the URL, any case
	 * @return true when its value is replaced
	 */
	public boolean redactsQueryParameter(String name) {
		return queryParameters.contains(name.toLowerCase(Locale.ROOT));
	}

	@Override
	public String toString() {
		return "request headers " + requestHeaders + ", response headers " + responseHeaders + ", query parameters " + queryParameters;
	}
}
