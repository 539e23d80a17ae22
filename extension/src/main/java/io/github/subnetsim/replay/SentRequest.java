package io.github.subnetsim.replay;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpMethod;

/**
 * A request as one replica sends it: after any request perturbation, with the headers exactly as sent (including
 * the {@code user-agent: ic/1.0} the adapter adds when the canister gives none), as a {@link Responder} sees it.
 *
 * <pre>{@code
 * Responder echo = (replica, request, seed) -> HttpResponse.of(200, List.of(), request.url());
 * }</pre>
 *
 * @param method the HTTP method
 * @param url the URL, as the canister gave it
 * @param headers the headers in the order sent
 * @param body the body, empty when none
 */
public record SentRequest(HttpMethod method, String url, List<HttpHeader> headers, byte[] body) {

	/**
	 * Copies the headers and body, so a responder cannot change what the trace shows.
	 *
	 * @param method the HTTP method
	 * @param url the URL
	 * @param headers the headers in the order sent
	 * @param body the body, empty when none
	 */
	public SentRequest {
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(url, "url");
		headers = List.copyOf(headers);
		body = body == null ? new byte[0] : body.clone();
	}

	/**
	 * The body; a copy.
	 *
	 * @return the body bytes, empty when none
	 */
	@Override
	public byte[] body() {
		return body.clone();
	}

	/**
	 * The body as UTF-8 text.
	 *
	 * @return the decoded body
	 */
	public String bodyText() {
		return new String(body, StandardCharsets.UTF_8);
	}

	/**
	 * The first header of that name, case-insensitively.
	 *
	 * @param name a header name
	 * @return its value, or null when not sent
	 */
	public String header(String name) {
		for (HttpHeader h : headers) {
			if (h.name().equalsIgnoreCase(name)) {
				return h.value();
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return method + " " + url + " " + headers + " (" + body.length + " body bytes)";
	}
}
