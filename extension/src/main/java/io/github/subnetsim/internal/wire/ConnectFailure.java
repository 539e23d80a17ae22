package io.github.subnetsim.internal.wire;

/**
 * Why {@code client.request} failed before a usable response head (adapter-wire §4 and §6). Every kind becomes the
 * adapter's {@code Connecting to {host} failed: ...} (code 2) once every route failed (see {@link Route}).
 */
public enum ConnectFailure {
	/** TCP connection refused (port closed). */
	REFUSED,
	/** No route to the host. */
	UNREACHABLE,
	/**
	 * The network is unreachable: the node has no address of the target's family (a replica has no IPv4 address, so
	 * an IPv4-only destination fails at once; adapter-wire §2), or the host has no address of the route's family.
	 */
	NETWORK_UNREACHABLE,
	/** The SOCKS5 proxy refused the CONNECT (its reply code is the detail), or could not be reached. */
	SOCKS,
	/** The TCP connect took longer than the connect timeout (2 s, divided across the resolved addresses). */
	CONNECT_TIMEOUT,
	/** The TLS handshake failed: untrusted, expired or wrong-host certificate, plain HTTP answer, no common version. */
	TLS,
	/** The host name does not resolve. */
	UNKNOWN_HOST,
	/** The connection closed or was reset before a complete response head (or while the request was written). */
	CLOSED_BEFORE_HEAD,
	/** hyper or httparse rejected the response head; {@link WireOutcome.ConnectFailed#headProblem()} says why. */
	MALFORMED_HEAD
}
