package io.github.subnetsim;

import io.github.subnetsim.profile.ReplicaProfile;

/**
 * How the replicas reach the server, and so what the server sees (docs/network.md; adapter-wire §2).
 *
 * <pre>{@code
 * Subnet.builder().network(ReplicaNetwork.IPV6_THEN_SOCKS).build();   // today's replica
 * Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).build();  // n distinct IPv4 clients
 * }</pre>
 *
 * <p>By default a subnet uses its profile's network ({@link #of(ReplicaProfile)}): mainnet replicas have no IPv4
 * address, so a server that does not accept IPv6 fails on the seed-documented profile and is reached through the
 * proxies on the current one. On loopback, IPv6 is {@code ::1}: every direct IPv6 connection comes from that one
 * address.
 */
public enum ReplicaNetwork {

	/**
	 * The seeds' replica: IPv6 only ("the canister HTTP outcalls feature only supports IPv6"). A host with no IPv6
	 * address, or a server that does not accept connections on IPv6, gives every replica the connect reject the seeds
	 * quote, {@code Failed to connect: error trying to connect: tcp connect error: Connection refused (os error 111)}.
	 */
	IPV6_ONLY,

	/**
	 * Today's replica: IPv6 first, then up to two SOCKS5 proxies in a shuffled order (dfinity/ic
	 * {@code rs/https_outcalls/adapter/src/rpc_server.rs}, {@code https_outcall}). The subnet runs two proxies on
	 * loopback, each connecting on from its own address ({@code 127.255.0.1}, {@code 127.255.0.2}), so an IPv4-only
	 * server sees two clients, not n.
	 */
	IPV6_THEN_SOCKS,

	/**
	 * Every replica connects directly over IPv4 from its own loopback address ({@code 127.0.0.1} for replica 0 up to
	 * {@code 127.0.0.13} for replica 12), whatever the server's IPv6 support: for tests that need to tell the n
	 * replicas apart by address (an idempotency ledger, a per-replica log). Not what mainnet does.
	 */
	IPV4_PER_REPLICA;

	/**
	 * The network a profile's replicas use.
	 *
	 * @param profile the profile
	 * @return {@link #IPV6_ONLY} for the seed-documented profile, {@link #IPV6_THEN_SOCKS} for the current replica
	 */
	public static ReplicaNetwork of(ReplicaProfile profile) {
		return profile == ReplicaProfile.SEED_DOCUMENTED ? IPV6_ONLY : IPV6_THEN_SOCKS;
	}

	/**
	 * For people, as the report and the probe print it.
	 *
	 * @return for example {@code IPv6, then 2 SOCKS proxies}
	 */
	public String label() {
		return switch (this) {
			case IPV6_ONLY -> "IPv6 only";
			case IPV6_THEN_SOCKS -> "IPv6, then 2 SOCKS proxies";
			case IPV4_PER_REPLICA -> "IPv4, one address per replica";
		};
	}
}
