package io.github.subnetsim.internal.wire;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A raw TLS (or plain TCP) server on an ephemeral loopback port that runs a script per accepted connection and
 * writes exactly the bytes the script says: malformed heads, resets, drips. Records every connection and request.
 */
final class ScriptedTlsServer implements Closeable {

	/** What the server does on one connection. */
	@FunctionalInterface
	interface Script {
		void run(Conn conn) throws Exception;
	}

	/** One request as the server read it. */
	record Recorded(String head, byte[] body) {
		String requestLine() {
			return head.substring(0, head.indexOf("\r\n"));
		}

		/** Header lines after the request line, as sent. */
		List<String> headerLines() {
			String[] lines = head.split("\r\n");
			return List.of(lines).subList(1, lines.length);
		}
	}

	private static final class Certs {
		static final HeldCertificate CA = new HeldCertificate.Builder().certificateAuthority(0).commonName("wire test CA").build();
		static final HeldCertificate SERVER = new HeldCertificate.Builder().signedBy(CA).commonName("localhost")
				.addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").build();
		static final HandshakeCertificates SERVER_CERTS = new HandshakeCertificates.Builder()
				.heldCertificate(SERVER, CA.certificate()).build();
		static final HandshakeCertificates CLIENT_TRUST = new HandshakeCertificates.Builder()
				.addTrustedCertificate(CA.certificate()).build();
	}

	/** The test CA's certificate, for a subnet that should trust these servers. */
	static java.security.cert.X509Certificate caCertificate() {
		return Certs.CA.certificate();
	}

	/** The test CA, to sign other (expired, wrong-host) server certificates. */
	static HeldCertificate ca() {
		return Certs.CA;
	}

	/** A TLS server presenting the given certificate (with its chain up to {@code issuer}). */
	static ScriptedTlsServer tls(HeldCertificate certificate, HeldCertificate issuer, Script... scripts) throws IOException {
		HandshakeCertificates certs = new HandshakeCertificates.Builder().heldCertificate(certificate, issuer.certificate()).build();
		return new ScriptedTlsServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), certs.sslSocketFactory(), List.of(scripts));
	}

	/** A client factory that trusts this class's test CA. */
	static SSLSocketFactory trustingClient() {
		return Certs.CLIENT_TRUST.sslSocketFactory();
	}

	private final ServerSocket server;
	private final Thread acceptor;
	private final List<Socket> sockets = new CopyOnWriteArrayList<>();
	private final List<Thread> workers = new CopyOnWriteArrayList<>();
	final List<Recorded> requests = new CopyOnWriteArrayList<>();
	final AtomicInteger connections = new AtomicInteger();
	final List<Throwable> scriptErrors = new CopyOnWriteArrayList<>();

	private final SSLSocketFactory tls;

	private ScriptedTlsServer(ServerSocket server, SSLSocketFactory tls, List<Script> scripts) {
		this.server = server;
		this.tls = tls;
		this.acceptor = new Thread(() -> acceptLoop(scripts), "scripted-tls-acceptor");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/** A TLS server; connection i runs scripts[min(i, last)]. */
	static ScriptedTlsServer tls(Script... scripts) throws IOException {
		return new ScriptedTlsServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), Certs.SERVER_CERTS.sslSocketFactory(),
				List.of(scripts));
	}

	/** A plain TCP server (for a handshake that never completes, or plain HTTP on the TLS port). */
	static ScriptedTlsServer plain(Script... scripts) throws IOException {
		return new ScriptedTlsServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), null, List.of(scripts));
	}

	int port() {
		return server.getLocalPort();
	}

	private void acceptLoop(List<Script> scripts) {
		while (!server.isClosed()) {
			Socket s;
			try {
				s = server.accept();
			}
			catch (IOException e) {
				return;
			}
			int index = connections.getAndIncrement();
			sockets.add(s);
			Script script = scripts.get(Math.min(index, scripts.size() - 1));
			Thread t = new Thread(() -> {
				try (Socket own = s) {
					Conn conn = new Conn(own, tls == null ? own : wrap(own));
					try {
						script.run(conn);
					}
					finally {
						// A TLS close sends close_notify before the TCP close.
						conn.socket.close();
					}
				}
				catch (Exception e) {
					scriptErrors.add(e);
				}
			}, "scripted-tls-conn-" + index);
			t.setDaemon(true);
			workers.add(t);
			t.start();
		}
	}

	private Socket wrap(Socket raw) throws IOException {
		SSLSocket ssl = (SSLSocket) tls.createSocket(raw, null, true);
		ssl.setUseClientMode(false);
		sockets.add(ssl);
		return ssl;
	}

	@Override
	public void close() {
		try {
			server.close();
		}
		catch (IOException e) {
			// ignore
		}
		for (Socket s : sockets) {
			try {
				s.close();
			}
			catch (IOException e) {
				// ignore
			}
		}
		try {
			acceptor.join(2000);
			for (Thread t : workers) {
				t.join(2000);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** The server side of one connection. */
	final class Conn {
		final Socket raw;
		final Socket socket;
		private final InputStream in;
		private final OutputStream out;

		Conn(Socket raw, Socket socket) throws IOException {
			this.raw = raw;
			this.socket = socket;
			this.in = socket.getInputStream();
			this.out = socket.getOutputStream();
		}

		/** Reads one request (head and Content-Length body) and records it; null at end of stream. */
		Recorded readRequest() throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int last4 = 0;
			while (last4 != 0x0D0A0D0A) {
				int b = in.read();
				if (b < 0) {
					return null;
				}
				head.write(b);
				last4 = (last4 << 8) | b;
			}
			String h = head.toString(StandardCharsets.UTF_8);
			int length = 0;
			for (String line : h.split("\r\n")) {
				if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
					length = Integer.parseInt(line.substring(15).trim());
				}
			}
			byte[] body = in.readNBytes(length);
			Recorded r = new Recorded(h, body);
			requests.add(r);
			return r;
		}

		void write(String s) throws IOException {
			write(s.getBytes(StandardCharsets.ISO_8859_1));
		}

		void write(byte[] b) throws IOException {
			out.write(b);
			out.flush();
		}

		/** Writes the bytes in pieces with a pause between them. */
		void drip(byte[] b, int piece, Duration pause) throws IOException, InterruptedException {
			for (int i = 0; i < b.length; i += piece) {
				out.write(b, i, Math.min(piece, b.length - i));
				out.flush();
				Thread.sleep(pause.toMillis());
			}
		}

		/** Waits until the client closes the connection (or the server is closed). */
		void awaitClose() throws IOException {
			try {
				while (in.read() >= 0) {
					// discard
				}
			}
			catch (IOException e) {
				// closed
			}
		}

		/** A TCP reset: SO_LINGER 0, then close the TCP socket without a TLS close_notify. */
		void reset() throws IOException {
			raw.setSoLinger(true, 0);
			raw.close();
		}
	}
}
