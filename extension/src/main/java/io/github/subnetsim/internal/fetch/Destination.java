package io.github.subnetsim.internal.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import okhttp3.HttpUrl;

import io.github.subnetsim.HostResolver;
import io.github.subnetsim.RemoteHostRefusedException;
import io.github.subnetsim.internal.text.RejectTexts;
import io.github.subnetsim.trace.RejectReason;

/**
 * Where an outcall goes: the URL's host as written, port and request target, parsed once per outcall; then the
 * host's addresses, resolved once and checked before any replica connects.
 *
 * @param host the host as in the URL ({@code Uri::host()}: an IPv6 literal keeps its brackets)
 * @param port the port (443 when the URL has none)
 * @param target path and query as sent on the request line
 */
public record Destination(String host, int port, String target) implements ParsedUrl {

	/**
	 * A URL the adapter refuses before connecting (dfinity/ic {@code rs/https_outcalls/adapter/src/rpc_server.rs}:
	 * {@code Uri} parse error, or a scheme other than https).
	 *
	 * @param reason why
	 * @param message the replica's text
	 */
	public record Refused(RejectReason reason, String message) implements ParsedUrl {
	}

	/**
	 * The host's addresses, or why there are none.
	 *
	 * @param addresses the addresses to try, in order; empty when the name did not resolve
	 * @param error the resolver's message when it did not
	 */
	public record Resolved(List<InetAddress> addresses, String error) {
		/** Copies the list. */
		public Resolved {
			addresses = List.copyOf(addresses);
		}
	}

	/**
	 * Parses the URL, or says how the adapter refuses it.
	 *
	 * @param url the canister's URL
	 * @param texts the profile's texts
	 * @return a {@link Destination} or a {@link Refused}
	 */
	public static ParsedUrl parse(String url, RejectTexts texts) {
		HttpUrl u = HttpUrl.parse(url);
		if (u == null) {
			String scheme = schemeOf(url);
			if (scheme != null && !scheme.equals("https") && !scheme.equals("http")) {
				return new Refused(RejectReason.HTTPS_REQUIRED, texts.httpsRequired());
			}
			return new Refused(RejectReason.URL_INVALID, texts.urlDoesNotParse(urlParseError(url)));
		}
		if (!u.isHttps()) {
			return new Refused(RejectReason.HTTPS_REQUIRED, texts.httpsRequired());
		}
		String target = u.encodedPath() + (u.encodedQuery() == null ? "" : "?" + u.encodedQuery());
		return new Destination(rawHost(url, u), u.port(), target);
	}

	/** The host without IPv6 brackets. */
	public String bareHost() {
		return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
	}

	/**
	 * Resolves the host once: an IP literal is itself, a name goes to the resolver.
	 *
	 * @param resolver the subnet's resolver
	 * @return the addresses, or the resolver's error
	 */
	public Resolved resolve(HostResolver resolver) {
		String bare = bareHost();
		try {
			if (isIpLiteral(bare)) {
				return new Resolved(List.of(InetAddress.getByName(bare)), null);
			}
			List<InetAddress> found = resolver.resolve(bare);
			if (found == null || found.isEmpty()) {
				return new Resolved(List.of(), "no address for " + bare);
			}
			return new Resolved(found, null);
		}
		catch (UnknownHostException e) {
			return new Resolved(List.of(), String.valueOf(e.getMessage()));
		}
	}

	/**
	 * Refuses addresses off the machine unless the subnet opted in. Every address must be loopback: a name that
	 * resolves to one loopback and one remote address is refused too.
	 *
	 * @param resolved the addresses
	 * @param replicas n, for the message
	 * @throws RemoteHostRefusedException when an address is not loopback
	 */
	public void requireLoopback(Resolved resolved, int replicas) {
		for (InetAddress a : resolved.addresses()) {
			if (!a.isLoopbackAddress()) {
				throw new RemoteHostRefusedException("refused an outcall to " + host + " (" + a.getHostAddress() + "): it is not on loopback. "
						+ "Every replica sends its own request, so each outcall would send " + replicas + " requests to a real service "
						+ "(an " + replicas + "x amplification against its API and rate limits). To allow it, build the subnet with "
						+ "Subnet.builder().allowRemoteHosts(), SubnetExtension.newInstance().allowRemoteHosts() or "
						+ "@SimulatedSubnet(allowRemoteHosts = true).");
			}
		}
	}

	private static String rawHost(String url, HttpUrl parsed) {
		int start = url.indexOf("://");
		String rest = start < 0 ? url : url.substring(start + 3);
		int end = 0;
		while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
			end++;
		}
		String authority = rest.substring(0, end);
		authority = authority.substring(authority.lastIndexOf('@') + 1);
		String host;
		if (authority.startsWith("[")) {
			int close = authority.indexOf(']');
			host = close < 0 ? authority : authority.substring(0, close + 1);
		}
		else {
			int colon = authority.lastIndexOf(':');
			host = colon < 0 ? authority : authority.substring(0, colon);
		}
		if (host.isEmpty()) {
			String h = parsed.host();
			return h.contains(":") ? "[" + h + "]" : h;
		}
		return host;
	}

	private static boolean isIpLiteral(String host) {
		return host.contains(":") || (!host.isEmpty() && host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')));
	}

	private static String schemeOf(String url) {
		int colon = url.indexOf(':');
		if (colon <= 0) {
			return null;
		}
		String s = url.substring(0, colon);
		return s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.') ? s.toLowerCase(Locale.ROOT) : null;
	}

	private static String urlParseError(String url) {
		if (url.isBlank()) {
			return "relative URL without a base";
		}
		return schemeOf(url) == null ? "relative URL without a base" : "invalid URL";
	}
}
