package io.github.subnetsim;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * How a subnet turns a URL's host name into addresses. The subnet resolves a name once per outcall, checks the
 * addresses (loopback only, unless {@link Subnet.Builder#allowRemoteHosts()}) and every replica connects to exactly
 * those addresses. IP literals are never passed to a resolver.
 *
 * <pre>{@code
 * // A test that needs a name without editing /etc/hosts; both loopbacks, so the replicas' IPv6 network reaches it
 * // (a name with IPv4 addresses only is an IPv4-only API: docs/network.md):
 * Subnet.builder().resolver(host -> host.equals("api.example.test")
 *         ? List.of(InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1")) : HostResolver.system().resolve(host)).build();
 * }</pre>
 */
@FunctionalInterface
public interface HostResolver {

	/**
	 * The addresses of a host name, in the order to try them.
	 *
	 * @param host the name, without brackets or port
	 * @return at least one address
	 * @throws UnknownHostException when the name does not resolve
	 */
	List<InetAddress> resolve(String host) throws UnknownHostException;

	/**
	 * The system resolver, except that {@code localhost} is always both loopbacks, {@code 127.0.0.1} and {@code ::1}
	 * (as on most systems; the replicas' network then picks the family: docs/network.md).
	 *
	 * @return the default resolver
	 */
	static HostResolver system() {
		return host -> {
			if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
				return List.of(InetAddress.getByAddress("localhost", new byte[] { 127, 0, 0, 1 }),
						InetAddress.getByAddress("localhost", new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }));
			}
			return List.of(InetAddress.getAllByName(host));
		};
	}
}
