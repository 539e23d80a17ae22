package io.github.subnetsim.internal.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One outcall as the adapter sends it: method, the URL's host, port and request target, the canister's headers in
 * their given order and case, and the body (sent for every method, adapter-wire §3).
 *
 * @param method the method, uppercase ({@code GET}, {@code HEAD}, {@code POST}, {@code PUT}, {@code DELETE},
 *        {@code PATCH})
 * @param host the URL's host as written in the URL; an IPv6 literal keeps its brackets ({@code [::1]})
 * @param port the URL's port (443 when the URL has none)
 * @param target path and query as sent on the request line ({@code /} when the URL has no path)
 * @param headers the canister's headers, in given order; see {@link #withFallbackUserAgent}
 * @param body the body, possibly empty, never null
 */
public record WireRequest(String method, String host, int port, String target, List<WireHeader> headers, byte[] body) {

	/** The value the adapter adds when the canister sent no {@code user-agent} (dfinity/ic {@code USER_AGENT_ADAPTER}). */
	public static final String FALLBACK_USER_AGENT = "ic/1.0";

	/** Checks the parts and copies the header list. */
	public WireRequest {
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(host, "host");
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(body, "body");
		if (!method.equals(method.toUpperCase(Locale.ROOT)) || method.isEmpty()) {
			throw new IllegalArgumentException("method must be uppercase: " + method);
		}
		if (port < 1 || port > 65_535) {
			throw new IllegalArgumentException("port out of range: " + port);
		}
		if (target.isEmpty()) {
			target = "/";
		}
		headers = List.copyOf(headers);
	}

	/**
	 * The canister's headers plus {@code user-agent: ic/1.0} at the end when none of them is named {@code user-agent}
	 * in any case (dfinity/ic {@code rs/https_outcalls/adapter/src/rpc_server.rs}, {@code add_fallback_user_agent_header}).
	 * The added header counts in no limit and no price. {@link WireClient#exchange} does not call this: the caller
	 * decides, so the headers it prices are the canister's own.
	 *
	 * @param given the canister's headers
	 * @return a new list, {@code given} unchanged when it already has a user agent
	 */
	public static List<WireHeader> withFallbackUserAgent(List<WireHeader> given) {
		for (WireHeader h : given) {
			if (h.name().equalsIgnoreCase("user-agent")) {
				return List.copyOf(given);
			}
		}
		List<WireHeader> out = new ArrayList<>(given);
		out.add(new WireHeader("user-agent", FALLBACK_USER_AGENT));
		return List.copyOf(out);
	}

	/** The {@code host} header hyper-util derives from the URL: the host, plus {@code :port} unless it is 443. */
	public String authority() {
		return port == 443 ? host : host + ":" + port;
	}

	/** The host without IPv6 brackets, for name resolution and certificate checks. */
	public String bareHost() {
		return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof WireRequest r && method.equals(r.method) && host.equals(r.host) && port == r.port
				&& target.equals(r.target) && headers.equals(r.headers) && java.util.Arrays.equals(body, r.body);
	}

	@Override
	public int hashCode() {
		return Objects.hash(method, host, port, target, headers, java.util.Arrays.hashCode(body));
	}

	@Override
	public String toString() {
		return "WireRequest[" + method + " https://" + authority() + target + ", " + headers.size() + " headers, " + body.length
				+ " body bytes]";
	}
}
