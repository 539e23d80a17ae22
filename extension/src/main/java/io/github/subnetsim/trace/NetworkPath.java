package io.github.subnetsim.trace;

/**
 * How a replica's request reached the server (adapter-wire §2; docs/network.md): straight from the node, or through
 * one of the subnet's SOCKS5 proxies (mainnet: API boundary nodes) after the direct attempt failed.
 *
 * <pre>{@code
 * ReplicaTrace r = result.trace().replicas().get(0);
 * if (r.path() == NetworkPath.SOCKS_PROXY) {
 *     r.proxy();  // which proxy, from 0
 *     r.source(); // the proxy's address: what the server saw
 * }
 * }</pre>
 */
public enum NetworkPath {
	/** Directly over IPv6, as mainnet replicas connect (on loopback: from {@code ::1}). */
	DIRECT_IPV6("direct IPv6"),
	/** Directly over IPv4 from the replica's own loopback address ({@code ReplicaNetwork.IPV4_PER_REPLICA}). */
	DIRECT_IPV4("direct IPv4"),
	/** Through a SOCKS5 proxy of the subnet, which connects on from its own address. */
	SOCKS_PROXY("SOCKS proxy");

	private final String label;

	NetworkPath(String label) {
		this.label = label;
	}

	/**
	 * For people: {@code direct IPv6}, {@code direct IPv4} or {@code SOCKS proxy}.
	 *
	 * @return the label
	 */
	public String label() {
		return label;
	}
}
