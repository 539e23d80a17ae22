package io.github.subnetsim.internal.fetch;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.subnetsim.HostResolver;

/**
 * One of the subnet's SOCKS5 proxies, standing in for an API boundary node (dfinity/ic
 * {@code rs/https_outcalls/consensus/src/pool_manager.rs}, {@code get_socks_proxy_addrs}; adapter-wire §2). It listens
 * on loopback, takes a CONNECT without authentication (RFC 1928), resolves the host name itself ({@code socks5h}) and
 * connects on from its own source address, so the server sees the proxy, not the replica. IPv4 is tried first (the
 * boundary node's egress to an IPv4-only server), then IPv6. Every read of the handshake is bounded; the relay ends
 * when either side closes, or when the subnet closes the proxy.
 */
final class SocksProxy implements Closeable {

	/** Bound on the client's greeting and request, and on the onward TCP connect. */
	private static final int HANDSHAKE_MILLIS = 10_000;

	private final int index;
	private final InetAddress source;
	private final HostResolver resolver;
	private final Duration connectTimeout;
	private final ServerSocket server;
	private final Set<Socket> open = ConcurrentHashMap.newKeySet();
	private volatile boolean closed;

	/**
	 * Starts the proxy.
	 *
	 * @param index the proxy's index in the subnet
	 * @param listenOn the loopback address to listen on
	 * @param source the IPv4 address the proxy connects on from
	 * @param resolver how the proxy resolves host names (the subnet's)
	 * @param connectTimeout the onward TCP connect bound
	 * @throws IOException when it cannot listen
	 */
	SocksProxy(int index, InetAddress listenOn, InetAddress source, HostResolver resolver, Duration connectTimeout) throws IOException {
		this.index = index;
		this.source = source;
		this.resolver = resolver;
		this.connectTimeout = connectTimeout;
		this.server = new ServerSocket(0, 128, listenOn);
		Thread t = new Thread(this::acceptLoop, "subnet-sim-socks-" + index);
		t.setDaemon(true);
		t.start();
	}

	/** Where replicas reach the proxy. */
	InetSocketAddress address() {
		return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
	}

	/** The IPv4 address the proxy connects on from: what an IPv4 server sees. */
	String sourceAddress() {
		return source.getHostAddress();
	}

	int index() {
		return index;
	}

	private void acceptLoop() {
		while (!closed) {
			Socket client;
			try {
				client = server.accept();
			}
			catch (IOException e) {
				return; // closed
			}
			open.add(client);
			Thread t = new Thread(() -> serve(client), "subnet-sim-socks-" + index + "-conn");
			t.setDaemon(true);
			t.start();
		}
	}

	private void serve(Socket client) {
		Socket upstream = null;
		try {
			client.setSoTimeout(HANDSHAKE_MILLIS);
			client.setTcpNoDelay(true);
			InputStream in = client.getInputStream();
			OutputStream out = client.getOutputStream();
			byte[] greeting = readFully(in, 2);
			byte[] methods = readFully(in, greeting[1] & 0xff);
			boolean noAuth = false;
			for (byte m : methods) {
				noAuth |= m == 0;
			}
			if (greeting[0] != 5 || !noAuth) {
				out.write(new byte[] { 5, (byte) 0xff });
				return;
			}
			out.write(new byte[] { 5, 0 });
			byte[] head = readFully(in, 4);
			String host;
			switch (head[3]) {
				case 1 -> host = InetAddress.getByAddress(readFully(in, 4)).getHostAddress();
				case 4 -> host = io.github.subnetsim.internal.wire.AddressText.of(InetAddress.getByAddress(readFully(in, 16)));
				case 3 -> host = new String(readFully(in, readFully(in, 1)[0] & 0xff), StandardCharsets.US_ASCII);
				default -> {
					reply(out, 8, null);
					return;
				}
			}
			byte[] p = readFully(in, 2);
			int port = ((p[0] & 0xff) << 8) | (p[1] & 0xff);
			if (head[0] != 5 || head[1] != 1) {
				reply(out, 7, null);
				return;
			}
			List<InetAddress> addresses;
			try {
				addresses = ordered(resolver.resolve(host));
			}
			catch (UnknownHostException e) {
				reply(out, 4, null);
				return;
			}
			int code = 4;
			for (InetAddress a : addresses) {
				Socket s = new Socket();
				open.add(s);
				try {
					if (a instanceof Inet4Address && a.isLoopbackAddress()) {
						// Its own address on loopback; off loopback (allowRemoteHosts) the machine's own address.
						s.bind(new InetSocketAddress(source, 0));
					}
					s.connect(new InetSocketAddress(a, port), (int) Math.min(HANDSHAKE_MILLIS, connectTimeout.toMillis()));
					upstream = s;
					break;
				}
				catch (SocketTimeoutException e) {
					code = 4;
				}
				catch (java.net.ConnectException e) {
					code = String.valueOf(e.getMessage()).contains("refused") ? 5 : 4;
				}
				catch (IOException e) {
					code = 3;
				}
				open.remove(s);
				s.close();
			}
			if (upstream == null) {
				reply(out, code, null);
				return;
			}
			upstream.setTcpNoDelay(true);
			reply(out, 0, upstream.getLocalAddress());
			client.setSoTimeout(0);
			relay(client, upstream);
		}
		catch (IOException | RuntimeException e) {
			// A broken client or upstream ends this connection only.
		}
		finally {
			closeQuietly(client);
			open.remove(client);
			if (upstream != null) {
				closeQuietly(upstream);
				open.remove(upstream);
			}
		}
	}

	/** IPv4 first: a boundary node reaches an IPv4-only server from its IPv4 egress address. */
	private static List<InetAddress> ordered(List<InetAddress> resolved) {
		List<InetAddress> out = new ArrayList<>();
		for (InetAddress a : resolved) {
			if (a instanceof Inet4Address) {
				out.add(a);
			}
		}
		for (InetAddress a : resolved) {
			if (a instanceof Inet6Address) {
				out.add(a);
			}
		}
		return out;
	}

	private static void reply(OutputStream out, int code, InetAddress bound) throws IOException {
		byte[] addr = bound == null ? new byte[4] : bound.getAddress();
		byte[] r = new byte[6 + addr.length];
		r[0] = 5;
		r[1] = (byte) code;
		r[2] = 0;
		r[3] = (byte) (addr.length == 4 ? 1 : 4);
		System.arraycopy(addr, 0, r, 4, addr.length);
		out.write(r);
		out.flush();
	}

	/** Copies both ways; the connection ends when both directions have ended, or on the first error. */
	private void relay(Socket client, Socket upstream) throws IOException {
		Thread back = new Thread(() -> pump(upstream, client), "subnet-sim-socks-" + index + "-relay");
		back.setDaemon(true);
		back.start();
		pump(client, upstream);
		try {
			back.join();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static void pump(Socket from, Socket to) {
		byte[] buf = new byte[16 * 1024];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			int n;
			while ((n = in.read(buf)) >= 0) {
				out.write(buf, 0, n);
				out.flush();
			}
			to.shutdownOutput();
		}
		catch (IOException e) {
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	private static byte[] readFully(InputStream in, int n) throws IOException {
		byte[] b = new byte[n];
		int off = 0;
		while (off < n) {
			int r = in.read(b, off, n - off);
			if (r < 0) {
				throw new EOFException();
			}
			off += r;
		}
		return b;
	}

	private static void closeQuietly(Socket s) {
		try {
			s.close();
		}
		catch (IOException e) {
			// best effort
		}
	}

	@Override
	public void close() {
		closed = true;
		try {
			server.close();
		}
		catch (IOException e) {
			// best effort
		}
		for (Socket s : open) {
			closeQuietly(s);
		}
		open.clear();
	}
}
