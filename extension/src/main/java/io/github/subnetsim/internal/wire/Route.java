package io.github.subnetsim.internal.wire;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * One way a replica's adapter reaches the server: directly, or through a SOCKS5 proxy that resolves the name itself
 * ({@code socks5h}, dfinity/ic {@code rs/https_outcalls/consensus/src/pool_manager.rs}, {@code get_socks_proxy_addrs};
 * adapter-wire §2). The adapter tries its routes in order under one request deadline and falls back on any error of
 * {@code client.request} (dfinity/ic {@code rs/https_outcalls/adapter/src/rpc_server.rs}, {@code https_outcall}).
 */
public sealed interface Route {

	/** The key idle connections of this route are pooled under: the adapter keeps one client per route. */
	String poolKey();

	/**
	 * Straight to the server's addresses.
	 *
	 * @param addresses the addresses to try, in order; empty means the node has no route to the host
	 * @param source the local address to bind, or null for the system's choice
	 */
	record Direct(List<InetAddress> addresses, InetAddress source) implements Route {

		/** Copies the addresses. */
		public Direct {
			addresses = List.copyOf(addresses);
		}

		@Override
		public String poolKey() {
			return "direct";
		}
	}

	/**
	 * Through a SOCKS5 proxy: a CONNECT with the host name, then TLS to the server over the proxy's tunnel.
	 *
	 * @param index the proxy's index in the subnet's list (not the shuffled order)
	 * @param proxy where the proxy listens
	 */
	record Socks5(int index, InetSocketAddress proxy) implements Route {

		/** Checks the proxy. */
		public Socks5 {
			Objects.requireNonNull(proxy, "proxy");
		}

		@Override
		public String poolKey() {
			return "socks" + index;
		}
	}
}
