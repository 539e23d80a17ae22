package io.github.subnetsim.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ServerSocketFactory;

import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Protocol;

import io.github.subnetsim.internal.fetch.SubnetNetwork;
import io.github.subnetsim.internal.fetch.SubnetTls;
import io.github.subnetsim.internal.wire.AddressText;

/**
 * Starts the embedded TLS {@link MockWebServer} a subnet trusts, on an ephemeral loopback port, and tells which
 * replica (source address) sent a recorded request.
 *
 * <p>Every replica takes its own response from the server's queue. A request that finds the queue empty is answered
 * at once with a 503 whose body says so and how to fix it (enqueue one response per replica, or set a dispatcher),
 * instead of blocking until the subnet's stall timeout; {@link #emptyQueueRequests(MockWebServer)} lists those
 * requests, the {@code @SimulatedSubnet} extension fails the test with that message, and the run's report names it.
 *
 * <pre>{@code
 * try (MockWebServer server = MockServers.startTls()) {
 *     server.enqueue(new MockResponse.Builder().body("{}").build());
 *     // ... subnet.httpRequest(HttpRequestArgs.get(server.url("/").toString())...)
 *     RecordedRequest first = server.takeRequest();
 *     MockServers.clientAddress(server, first); // "127.0.0.4"
 * }
 * }</pre>
 */
public final class MockServers {

	private MockServers() {
	}

	/**
	 * A started HTTPS MockWebServer with the subnet's test certificate on both loopbacks, {@code 127.0.0.1} and
	 * {@code ::1} (a dual-stack API, reachable by replicas on every network; on a machine without IPv6 loopback, on
	 * {@code 127.0.0.1} only). Its URL names {@code localhost}. It accepts connections from loopback only. Close it
	 * when done.
	 *
	 * @return the started server
	 */
	public static MockWebServer startTls() {
		return start(SubnetNetwork.hasIpv6Loopback());
	}

	/**
	 * A started HTTPS MockWebServer on {@code 127.0.0.1} only: an API that does not accept IPv6. On the seed-documented
	 * profile every replica gets the seeds' connect reject; on the current replica the replicas reach it through the
	 * subnet's two SOCKS proxies, and it sees their two addresses (docs/network.md).
	 *
	 * @return the started server
	 */
	public static MockWebServer startTlsIpv4Only() {
		return start(false);
	}

	private static MockWebServer start(boolean dualStack) {
		MockWebServer server = new MockWebServer();
		server.setServerSocketFactory(new RecordingServerSocketFactory(dualStack));
		server.setDispatcher(new EmptyQueueDispatcher());
		// HTTP/1.1 only: the replicas speak it (internal.wire offers no h2), and with TCP_NODELAY below an HTTP/2
		// client without it stalls on its own small frames.
		server.setProtocols(List.of(Protocol.HTTP_1_1));
		server.useHttps(SubnetTls.testAuthority().serverCertificates().sslSocketFactory());
		try {
			server.start(InetAddress.getByAddress("localhost", new byte[] { 127, 0, 0, 1 }), 0);
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not start the embedded TLS MockWebServer on loopback", e);
		}
		return server;
	}

	/**
	 * The source address of the connection that carried this request, if the server was started here.
	 *
	 * @param server the server that received the request
	 * @param request the recorded request
	 * @return the IP address the connection came from, or empty when the server was not started here
	 */
	public static Optional<String> clientAddress(MockWebServer server, RecordedRequest request) {
		if (server.getServerSocketFactory() instanceof RecordingServerSocketFactory f) {
			return f.sourceOf(request.getConnectionIndex());
		}
		return Optional.empty();
	}

	/**
	 * The requests ({@code GET /path}) that found the queue empty and got the 503 that says so, in arrival order;
	 * empty when the server was not started here or has another dispatcher.
	 *
	 * @param server the server
	 * @return the request lines, for example {@code GET /price}
	 */
	public static List<String> emptyQueueRequests(MockWebServer server) {
		return server.getDispatcher() instanceof EmptyQueueDispatcher d ? d.emptyQueueRequests() : List.of();
	}

	/**
	 * Whether a replica's response headers are the empty-queue answer of a server started here, so a report can name
	 * the empty queue rather than show an unexplained 503.
	 *
	 * @param responseHeaders the headers of the response a replica received
	 * @return {@code true} when the response is the empty-queue 503
	 */
	public static boolean isEmptyQueueAnswer(List<io.github.subnetsim.HttpHeader> responseHeaders) {
		for (io.github.subnetsim.HttpHeader h : responseHeaders) {
			if (h.name().equalsIgnoreCase(EmptyQueueDispatcher.HEADER) && h.value().equals(EmptyQueueDispatcher.VALUE)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Why requests found the queue empty and how to fix it: the text of the 503 and of the test failure.
	 *
	 * @param server the server
	 * @return the explanation, naming how many responses were enqueued
	 */
	public static String emptyQueueMessage(MockWebServer server) {
		return EmptyQueueDispatcher.message(server.getDispatcher() instanceof EmptyQueueDispatcher d ? d.enqueuedCount() : 0);
	}

	/**
	 * The source addresses of every connection accepted so far, in accept order.
	 *
	 * @param server the server
	 * @return the IP address of each connection, empty when the server was not started here
	 */
	public static List<String> connectionSources(MockWebServer server) {
		if (server.getServerSocketFactory() instanceof RecordingServerSocketFactory f) {
			return List.copyOf(f.sources);
		}
		return List.of();
	}

	/**
	 * Records each accepted connection's remote address, in accept order (MockWebServer's connection index). A
	 * dual-stack factory binds the IPv6 wildcard, which takes IPv4 and IPv6 connections on one port (Linux's default
	 * {@code bindv6only = 0}), and drops any connection that does not come from loopback.
	 */
	static final class RecordingServerSocketFactory extends ServerSocketFactory {
		final List<String> sources = new CopyOnWriteArrayList<>();
		private final boolean dualStack;

		RecordingServerSocketFactory(boolean dualStack) {
			this.dualStack = dualStack;
		}

		Optional<String> sourceOf(int connectionIndex) {
			return connectionIndex >= 0 && connectionIndex < sources.size() ? Optional.of(sources.get(connectionIndex)) : Optional.empty();
		}

		private ServerSocket recording() throws IOException {
			return new ServerSocket() {
				@Override
				public void bind(java.net.SocketAddress endpoint, int backlog) throws IOException {
					if (dualStack && endpoint instanceof InetSocketAddress a) {
						super.bind(new InetSocketAddress(InetAddress.getByName("::"), a.getPort()), backlog);
						return;
					}
					super.bind(endpoint, backlog);
				}

				@Override
				public Socket accept() throws IOException {
					while (true) {
						Socket s = super.accept();
						InetAddress peer = ((InetSocketAddress) s.getRemoteSocketAddress()).getAddress();
						if (!peer.isLoopbackAddress()) {
							s.close(); // a test server listens for this machine only
							continue;
						}
						// MockWebServer writes an HTTP/1.1 head and body separately; without TCP_NODELAY the body waits for
						// the client's delayed ACK (about 40 ms on Linux), as servers in production do not let it.
						s.setTcpNoDelay(true);
						sources.add(AddressText.of(peer));
						return s;
					}
				}
			};
		}

		@Override
		public ServerSocket createServerSocket() throws IOException {
			return recording();
		}

		@Override
		public ServerSocket createServerSocket(int port) throws IOException {
			ServerSocket s = recording();
			s.bind(new InetSocketAddress(port));
			return s;
		}

		@Override
		public ServerSocket createServerSocket(int port, int backlog) throws IOException {
			ServerSocket s = recording();
			s.bind(new InetSocketAddress(port), backlog);
			return s;
		}

		@Override
		public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
			ServerSocket s = recording();
			s.bind(new InetSocketAddress(ifAddress, port), backlog);
			return s;
		}
	}
}
