package io.github.subnetsim.internal.wire;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens a TLS connection as hyper-util's {@code HttpConnector} wrapped by hyper-rustls does for the adapter:
 * resolve, TCP connect with the connect timeout divided across the resolved addresses (hyper-util
 * {@code client/legacy/connect/http.rs}, {@code set_connect_timeout}), then a TLS 1.2/1.3 handshake with SNI and host
 * name verification and no timeout of its own: only the exchange's deadline bounds it (adapter-wire §6).
 * ALPN offers {@code http/1.1} only; the adapter also offers {@code h2}, which is not simulated.
 */
final class Connector {

	private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

	private final SSLSocketFactory tls;
	private final InetAddress source;
	private final Duration connectTimeout;

	Connector(SSLSocketFactory tls, InetAddress source, Duration connectTimeout) {
		this.tls = tls;
		this.source = source;
		this.connectTimeout = connectTimeout;
	}

	/**
	 * Connects and completes the handshake, or fails with a kind; the deadline ends it with {@link DeadlineExceededException}.
	 *
	 * @param resolved the host's addresses when the caller resolved it already (so what was checked is what is
	 *        connected to), or null to resolve here
	 */
	Connection open(WireRequest req, String key, Deadline deadline, SocketSink sink, List<InetAddress> resolved)
			throws ConnectException, DeadlineExceededException {
		return open(req, key, deadline, sink, resolved, source);
	}

	/**
	 * Opens a connection over one route: direct to the route's addresses from its source, or through its SOCKS5 proxy.
	 */
	Connection open(WireRequest req, String key, Deadline deadline, SocketSink sink, Route route)
			throws ConnectException, DeadlineExceededException {
		if (route instanceof Route.Direct d) {
			if (d.addresses().isEmpty()) {
				throw new ConnectException(ConnectFailure.NETWORK_UNREACHABLE, "no address of this route's family for " + req.bareHost());
			}
			return open(req, key, deadline, sink, d.addresses(), d.source());
		}
		Route.Socks5 socks = (Route.Socks5) route;
		Socket plain = new Socket();
		sink.current(plain);
		String seenAs;
		try {
			int remaining = deadline.remainingMillisForSocket();
			if (remaining <= 0) {
				throw new DeadlineExceededException();
			}
			plain.connect(socks.proxy(), (int) Math.min(connectTimeout.toMillis(), remaining));
			seenAs = Socks5Handshake.connect(plain, req.bareHost(), req.port(), deadline);
		}
		catch (IOException e) {
			closeQuietly(plain);
			if (deadline.expired()) {
				throw new DeadlineExceededException();
			}
			if (e instanceof Socks5Handshake.Refused r) {
				throw new ConnectException(ConnectFailure.SOCKS, r.replyName());
			}
			throw new ConnectException(ConnectFailure.SOCKS, "proxy: " + connectError(e).kind);
		}
		Connection c = handshake(plain, req, key, deadline, sink);
		c.seenAs = seenAs;
		return c;
	}

	private Connection open(WireRequest req, String key, Deadline deadline, SocketSink sink, List<InetAddress> resolved, InetAddress source)
			throws ConnectException, DeadlineExceededException {
		String host = req.bareHost();
		InetAddress[] addresses;
		if (resolved != null) {
			addresses = resolved.toArray(InetAddress[]::new);
			if (addresses.length == 0) {
				throw new ConnectException(ConnectFailure.UNKNOWN_HOST, "no address for " + host);
			}
		}
		else {
			try {
				addresses = InetAddress.getAllByName(host);
			}
			catch (UnknownHostException e) {
				throw new ConnectException(ConnectFailure.UNKNOWN_HOST, String.valueOf(e.getMessage()));
			}
		}
		long perAttemptMillis = Math.max(1, connectTimeout.toMillis() / addresses.length);
		ConnectException last = null;
		for (InetAddress address : addresses) {
			Socket plain = new Socket();
			sink.current(plain);
			try {
				if (source != null && sameScope(source, address)) {
					plain.bind(new InetSocketAddress(source, 0));
				}
				int remaining = deadline.remainingMillisForSocket();
				if (remaining <= 0) {
					throw new DeadlineExceededException();
				}
				plain.connect(new InetSocketAddress(address, req.port()), (int) Math.min(perAttemptMillis, remaining));
			}
			catch (IOException e) {
				closeQuietly(plain);
				if (deadline.expired()) {
					throw new DeadlineExceededException();
				}
				last = connectError(e);
				continue;
			}
			Connection c = handshake(plain, req, key, deadline, sink);
			c.seenAs = AddressText.of(plain.getLocalAddress());
			return c;
		}
		throw last;
	}

	private Connection handshake(Socket plain, WireRequest req, String key, Deadline deadline, SocketSink sink)
			throws ConnectException, DeadlineExceededException {
		String host = req.bareHost();
		SSLSocket ssl = null;
		try {
			plain.setTcpNoDelay(true);
			ssl = (SSLSocket) tls.createSocket(plain, host, req.port(), true);
			sink.current(ssl);
			SSLParameters p = ssl.getSSLParameters();
			p.setEndpointIdentificationAlgorithm("HTTPS");
			if (!isIpLiteral(host)) {
				// rustls sends SNI for every DNS name; the JDK omits it for dotless names such as localhost unless told.
				p.setServerNames(List.of(new SNIHostName(host)));
			}
			List<String> protocols = new ArrayList<>();
			for (String supported : ssl.getSupportedProtocols()) {
				if (PROTOCOLS.contains(supported)) {
					protocols.add(supported);
				}
			}
			p.setProtocols(protocols.toArray(String[]::new));
			p.setApplicationProtocols(new String[] { "http/1.1" });
			ssl.setSSLParameters(p);
			int remaining = deadline.remainingMillisForSocket();
			if (remaining <= 0) {
				throw new DeadlineExceededException();
			}
			ssl.setSoTimeout(remaining);
			ssl.startHandshake();
			return new Connection(key, ssl, plain);
		}
		catch (IOException | RuntimeException e) {
			closeQuietly(ssl != null ? ssl : plain);
			if (deadline.expired() || e instanceof SocketTimeoutException) {
				throw new DeadlineExceededException();
			}
			throw new ConnectException(ConnectFailure.TLS, e.getClass().getSimpleName() + ": " + e.getMessage());
		}
	}

	/** Binds the source only where it can work: same family, and loopback to loopback or non-loopback to non-loopback. */
	private static boolean sameScope(InetAddress source, InetAddress target) {
		return (source instanceof Inet4Address) == (target instanceof Inet4Address)
				&& source.isLoopbackAddress() == target.isLoopbackAddress();
	}

	private static ConnectException connectError(IOException e) {
		String m = String.valueOf(e.getMessage());
		if (e instanceof SocketTimeoutException) {
			return new ConnectException(ConnectFailure.CONNECT_TIMEOUT, m);
		}
		if (m.toLowerCase(Locale.ROOT).contains("network is unreachable") || m.contains("Cannot assign requested address")) {
			return new ConnectException(ConnectFailure.NETWORK_UNREACHABLE, m);
		}
		if (e instanceof NoRouteToHostException || m.toLowerCase(Locale.ROOT).contains("unreachable")) {
			return new ConnectException(ConnectFailure.UNREACHABLE, m);
		}
		if (e instanceof java.net.ConnectException) {
			return new ConnectException(ConnectFailure.REFUSED, m);
		}
		return new ConnectException(ConnectFailure.UNREACHABLE, e.getClass().getSimpleName() + ": " + m);
	}

	static boolean isIpLiteral(String host) {
		return host.contains(":") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
	}

	private static void closeQuietly(Socket s) {
		try {
			s.close();
		}
		catch (IOException e) {
			// best effort
		}
	}

	/** Told about each socket as it is created, so a watchdog or {@code close()} can end a blocked connect or write. */
	interface SocketSink {
		void current(Socket s);
	}
}
