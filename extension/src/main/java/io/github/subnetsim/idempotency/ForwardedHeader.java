package io.github.subnetsim.idempotency;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A header through which a reverse proxy tells the server who its client was. The ledger reads it only from the
 * proxy addresses it was told to trust ({@link IdempotencyLedger.Builder#trustForwarded}), because any client can
 * send these headers.
 *
 * <pre>{@code
 * // nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
 * IdempotencyLedger ledger = IdempotencyLedger.builder()
 *         .trustForwarded(ForwardedHeader.X_FORWARDED_FOR, "127.0.0.1")
 *         .build();
 * }</pre>
 *
 * <p>Name the one header your proxy sets, not all of them: a proxy that sets {@code X-Real-IP} usually passes a
 * client's own {@code Forwarded} through untouched, so trusting that one too would let a client name itself.
 */
public enum ForwardedHeader {

	/** {@code X-Forwarded-For: client, proxy1, proxy2}: each proxy appends the address it received from. */
	X_FORWARDED_FOR("X-Forwarded-For"),
	/** {@code X-Real-IP: client}: one address, set (not appended) by the proxy, as nginx's {@code $remote_addr}. */
	X_REAL_IP("X-Real-IP"),
	/** RFC 7239 {@code Forwarded: for=client;proto=https, for="[2001:db8::1]:4711"}: the {@code for} parameters. */
	FORWARDED("Forwarded");

	private final String headerName;

	ForwardedHeader(String headerName) {
		this.headerName = headerName;
	}

	/**
	 * The header's name as sent, for example {@code X-Forwarded-For}.
	 *
	 * @return the header name
	 */
	public String headerName() {
		return headerName;
	}

	/**
	 * The addresses the header lists, client first, each without port, brackets or quotes; a value that is no address
	 * (RFC 7239's {@code unknown} or an obfuscated {@code _name}) is kept as it is, so the caller can stop there.
	 */
	List<String> chain(List<String> values) {
		List<String> out = new ArrayList<>();
		for (String value : values) {
			for (String element : value.split(",")) {
				String address = this == FORWARDED ? forParameter(element) : element.trim();
				if (address != null && !address.isEmpty()) {
					out.add(bare(address));
				}
			}
		}
		return out;
	}

	/** The {@code for=} parameter of one RFC 7239 element ({@code for=a;proto=https}), or null when it has none. */
	private static String forParameter(String element) {
		for (String pair : element.split(";")) {
			int eq = pair.indexOf('=');
			if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
				String v = pair.substring(eq + 1).trim();
				return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
			}
		}
		return null;
	}

	/** {@code [::1]:80} → {@code ::1}, {@code 127.0.0.5:4711} → {@code 127.0.0.5}; a bare IPv6 literal stays as is. */
	static String bare(String address) {
		String a = address.trim();
		if (a.startsWith("[")) {
			int close = a.indexOf(']');
			return close > 0 ? a.substring(1, close) : a;
		}
		int colon = a.indexOf(':');
		// One colon is IPv4 (or a name) with a port; more than one is an IPv6 literal without brackets.
		return colon > 0 && a.indexOf(':', colon + 1) < 0 ? a.substring(0, colon) : a;
	}
}
