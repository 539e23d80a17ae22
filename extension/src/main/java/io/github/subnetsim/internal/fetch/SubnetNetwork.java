package io.github.subnetsim.internal.fetch;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.github.subnetsim.HostResolver;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.internal.wire.Route;

/**
 * The subnet's network, shared by its replica clients: which routes a replica tries for a destination (direct IPv6,
 * direct IPv4 from its own address, the SOCKS proxies in a seeded shuffle), the two proxies themselves (started on
 * first use), and whether this machine has IPv6 loopback at all (docs/network.md).
 *
 * <p>Internal to the simulated subnet; public only so the engine's packages can share it.
 */
public final class SubnetNetwork implements Closeable {

	/** dfinity/ic adapter {@code rpc_server.rs}: {@code MAX_SOCKS_PROXY_TRIES = 2}; the subnet runs that many. */
	public static final int PROXIES = 2;

	private static volatile Boolean machineHasIpv6Loopback;

	private final ReplicaNetwork mode;
	private final boolean noIpv6Route;
	private final HostResolver resolver;
	private final Duration connectTimeout;
	private final long seed;
	private final boolean ipv6Loopback;
	private List<SocksProxy> proxies;
	private boolean closed;

	/**
	 * @param mode how replicas connect
	 * @param noIpv6Route whether the direct IPv6 attempt is simulated as having no route (an IPv4-only server on a
	 *        machine that cannot show it otherwise)
	 * @param resolver the subnet's resolver, which the proxies use too
	 * @param connectTimeout the TCP connect bound of the proxies' onward connections
	 * @param seed the subnet's seed, for the proxy order
	 */
	public SubnetNetwork(ReplicaNetwork mode, boolean noIpv6Route, HostResolver resolver, Duration connectTimeout, long seed) {
		this(mode, noIpv6Route, resolver, connectTimeout, seed, hasIpv6Loopback());
	}

	/**
	 * A network on a machine that has, or lacks, IPv6 loopback (tests of the fallback on machines that have it).
	 *
	 * @param ipv6Loopback whether {@code ::1} can be used
	 */
	SubnetNetwork(ReplicaNetwork mode, boolean noIpv6Route, HostResolver resolver, Duration connectTimeout, long seed, boolean ipv6Loopback) {
		this.ipv6Loopback = ipv6Loopback;
		this.mode = mode;
		this.noIpv6Route = noIpv6Route;
		this.resolver = resolver;
		this.connectTimeout = connectTimeout;
		this.seed = seed;
	}

	/** How replicas connect. */
	public ReplicaNetwork mode() {
		return mode;
	}

	/**
	 * Whether this machine has an IPv6 loopback ({@code ::1}) to listen and connect on; checked once per JVM.
	 *
	 * @return true when {@code ::1} can be bound
	 */
	public static boolean hasIpv6Loopback() {
		Boolean known = machineHasIpv6Loopback;
		if (known == null) {
			boolean ok;
			try (ServerSocket s = new ServerSocket()) {
				s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
				ok = true;
			}
			catch (IOException | RuntimeException e) {
				ok = false;
			}
			machineHasIpv6Loopback = known = ok;
		}
		return known;
	}

	/** The replica's routes for one fetch, with the notes that say where the simulation departs from mainnet. */
	record Plan(List<Route> routes, List<String> notes) {
	}

	/**
	 * The routes replica {@code replica} tries for its {@code call}-th fetch.
	 *
	 * @param replica the replica's index
	 * @param call how many fetches this replica made before (for the seeded proxy order)
	 * @param host the URL's host, for the notes
	 * @param resolved the host's addresses
	 * @param source the replica's own IPv4 loopback address
	 */
	Plan plan(int replica, long call, String host, List<InetAddress> resolved, InetAddress source) {
		List<String> notes = new ArrayList<>();
		if (mode == ReplicaNetwork.IPV4_PER_REPLICA) {
			List<InetAddress> v4 = only(resolved, Inet4Address.class);
			return new Plan(List.of(new Route.Direct(v4.isEmpty() ? resolved : v4, source)), notes);
		}
		List<Route> routes = new ArrayList<>();
		List<InetAddress> v6 = only(resolved, Inet6Address.class);
		boolean loopback = !resolved.isEmpty() && resolved.get(0).isLoopbackAddress();
		if (noIpv6Route) {
			notes.add("no IPv6 route (simulated): the direct attempt fails as it would against an IPv4-only server");
			routes.add(new Route.Direct(List.of(), null));
		}
		else if (loopback && !ipv6Loopback) {
			notes.add("this machine has no IPv6 loopback (::1): the direct attempt used IPv4 loopback instead, so the server's IPv6 support "
					+ "was not checked (use simulateNoIpv6Route() to test an IPv4-only server)");
			List<InetAddress> v4 = only(resolved, Inet4Address.class);
			routes.add(new Route.Direct(v4, source));
		}
		else {
			routes.add(new Route.Direct(v6, null));
		}
		if (mode == ReplicaNetwork.IPV6_THEN_SOCKS) {
			List<SocksProxy> ps = proxies();
			// dfinity/ic adapter do_https_outcall_socks_proxy: the proxy list is shuffled on each outcall; here the
			// shuffle is seeded by the subnet's seed, the replica and its call count, so a run replays exactly.
			SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + replica * 1_000_003L + call);
			int first = random.nextInt(ps.size());
			for (int i = 0; i < ps.size(); i++) {
				SocksProxy p = ps.get((first + i) % ps.size());
				routes.add(new Route.Socks5(p.index(), p.address()));
			}
		}
		return new Plan(routes, notes);
	}

	/**
	 * The address proxy {@code index} connects on from.
	 *
	 * @param index the proxy's index
	 * @return for example {@code 127.255.0.1}
	 */
	public static String proxySource(int index) {
		return "127.255.0." + (index + 1);
	}

	private synchronized List<SocksProxy> proxies() {
		if (closed) {
			throw new IllegalStateException("the subnet is closed");
		}
		if (proxies == null) {
			List<SocksProxy> ps = new ArrayList<>();
			try {
				InetAddress listenOn = ipv6Loopback ? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.1");
				for (int i = 0; i < PROXIES; i++) {
					ps.add(new SocksProxy(i, listenOn, InetAddress.getByName(proxySource(i)), resolver, connectTimeout));
				}
			}
			catch (UnknownHostException e) {
				throw new IllegalStateException(e);
			}
			catch (IOException e) {
				ps.forEach(SocksProxy::close);
				throw new UncheckedIOException("could not start the subnet's SOCKS proxies on loopback", e);
			}
			proxies = ps;
		}
		return proxies;
	}

	private static List<InetAddress> only(List<InetAddress> all, Class<? extends InetAddress> family) {
		List<InetAddress> out = new ArrayList<>();
		for (InetAddress a : all) {
			if (family.isInstance(a)) {
				out.add(a);
			}
		}
		return out;
	}

	/** Stops the proxies and ends their connections. */
	@Override
	public synchronized void close() {
		closed = true;
		if (proxies != null) {
			proxies.forEach(SocksProxy::close);
		}
	}
}
