package io.github.subnetsim.idempotency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.github.subnetsim.internal.fetch.SubnetTls;

/**
 * A test reverse proxy in the shape of nginx with {@code proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for}:
 * TLS on 127.0.0.1 with the subnet's certificate, forwarding over plain HTTP/1.1 (one connection per request) from
 * its own address {@link #ADDRESS}, which is no replica's, so the backend can tell the proxy from a replica.
 */
final class ForwardingProxy implements AutoCloseable {

	/** The proxy's outgoing address: loopback, outside the replicas' 127.0.x.y. */
	static final String ADDRESS = "127.1.0.1";

	private final HttpsServer server;
	private final ExecutorService threads = Executors.newFixedThreadPool(16);
	private final InetSocketAddress backend;

	ForwardingProxy(InetSocketAddress backend) throws IOException {
		this.backend = backend;
		server = HttpsServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), 0), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(SubnetTls.testAuthority().serverCertificates().sslContext()));
		server.createContext("/", this::forward);
		server.setExecutor(threads);
		server.start();
	}

	String url(String path) {
		return "https://localhost:" + server.getAddress().getPort() + path;
	}

	private void forward(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			StringBuilder head = new StringBuilder(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI().getRawPath())
					.append(" HTTP/1.1\r\nHost: ").append(backend.getHostString()).append(':').append(backend.getPort())
					.append("\r\nConnection: close\r\nContent-Length: ").append(body.length).append("\r\n");
			String forwardedFor = null;
			for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
				String name = h.getKey().toLowerCase(Locale.ROOT);
				if (name.equals("x-forwarded-for")) {
					forwardedFor = String.join(", ", h.getValue());
				}
				else if (!name.equals("host") && !name.equals("connection") && !name.equals("content-length")) {
					for (String v : h.getValue()) {
						head.append(h.getKey()).append(": ").append(v).append("\r\n");
					}
				}
			}
			String client = exchange.getRemoteAddress().getAddress().getHostAddress();
			head.append("X-Forwarded-For: ").append(forwardedFor == null ? client : forwardedFor + ", " + client).append("\r\n\r\n");
			byte[] response;
			try (Socket s = new Socket(backend.getAddress(), backend.getPort(), InetAddress.getByName(ADDRESS), 0)) {
				s.setSoTimeout(10_000);
				OutputStream out = s.getOutputStream();
				out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
				out.write(body);
				out.flush();
				response = s.getInputStream().readAllBytes(); // Connection: close, so the response ends at EOF
			}
			relay(exchange, response);
		}
	}

	/** Sends the backend's status, headers (minus framing) and body. */
	private static void relay(HttpExchange exchange, byte[] response) throws IOException {
		String all = new String(response, StandardCharsets.ISO_8859_1);
		int end = all.indexOf("\r\n\r\n");
		String[] lines = all.substring(0, end).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			String name = lines[i].substring(0, colon).trim();
			if (!List.of("content-length", "transfer-encoding", "connection", "date").contains(name.toLowerCase(Locale.ROOT))) {
				exchange.getResponseHeaders().add(name, lines[i].substring(colon + 1).trim());
			}
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(response, end + 4, response.length - end - 4);
		exchange.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
		try (OutputStream o = exchange.getResponseBody()) {
			body.writeTo(o);
		}
	}

	@Override
	public void close() {
		server.stop(0);
		threads.shutdownNow();
	}
}
