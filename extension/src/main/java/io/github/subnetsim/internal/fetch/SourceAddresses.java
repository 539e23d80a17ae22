package io.github.subnetsim.internal.fetch;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;

import javax.net.SocketFactory;

/**
 * Each replica's own loopback source address, so a server on loopback sees n distinct clients, as a real server
 * sees n distinct nodes. Replica i gets 127.0.x.y with x·254 + y − 1 = i (the whole 127/8 block is loopback on Linux).
 */
public final class SourceAddresses {

	private SourceAddresses() {
	}

	static InetAddress forReplica(int index) {
		int third = index / 254;
		int fourth = index % 254 + 1;
		if (third > 255) {
			throw new IllegalArgumentException("at most 65,024 replicas have their own loopback address, got index " + index);
		}
		try {
			return InetAddress.getByAddress(new byte[] { 127, 0, (byte) third, (byte) fourth });
		}
		catch (UnknownHostException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Binds a socket to the replica's source address when, and only when, the target is IPv4 loopback. */
	static final class BindingSocketFactory extends SocketFactory {
		private final InetAddress source;

		BindingSocketFactory(InetAddress source) {
			this.source = source;
		}

		@Override
		public Socket createSocket() {
			return new Socket() {
				@Override
				public void connect(SocketAddress endpoint, int timeout) throws IOException {
					if (endpoint instanceof InetSocketAddress isa && isa.getAddress() instanceof Inet4Address a && a.isLoopbackAddress()) {
						bind(new InetSocketAddress(source, 0));
					}
					super.connect(endpoint, timeout);
				}
			};
		}

		@Override
		public Socket createSocket(String host, int port) throws IOException {
			Socket s = createSocket();
			s.connect(new InetSocketAddress(host, port));
			return s;
		}

		@Override
		public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
			Socket s = new Socket();
			s.bind(new InetSocketAddress(localHost, localPort));
			s.connect(new InetSocketAddress(host, port));
			return s;
		}

		@Override
		public Socket createSocket(InetAddress host, int port) throws IOException {
			Socket s = createSocket();
			s.connect(new InetSocketAddress(host, port));
			return s;
		}

		@Override
		public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
			Socket s = new Socket();
			s.bind(new InetSocketAddress(localAddress, localPort));
			s.connect(new InetSocketAddress(address, port));
			return s;
		}
	}
}
