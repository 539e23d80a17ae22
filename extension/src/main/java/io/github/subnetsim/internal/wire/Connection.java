package io.github.subnetsim.internal.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/** One TLS connection of a {@link WireClient}: the socket, its buffered read side and its write side. */
final class Connection {

	final String key;
	final Socket socket;
	/** The TCP socket under the TLS one, or null. */
	private final Socket tcp;
	final WireInput in;
	final OutputStream out;
	long idleSinceNanos;
	/** The source address the server saw: the local address of a direct connection, the proxy's bound address otherwise. */
	String seenAs;

	Connection(String key, Socket socket) throws IOException {
		this(key, socket, null);
	}

	/** A connection whose TLS socket is layered over {@code tcp}, which lets an idle probe look without waiting. */
	Connection(String key, Socket socket, Socket tcp) throws IOException {
		this.key = key;
		this.socket = socket;
		this.tcp = tcp;
		this.in = new WireInput(socket, tcp);
		this.out = socket.getOutputStream();
	}

	void closeQuietly() {
		try {
			if (tcp != null && !tcp.isClosed()) {
				// The JDK's TLS socket reads and discards whatever is available before it closes (SSLSocketImpl
				// bruteForceCloseInput, deplete): after a body cut off at its limit, a server still streaming keeps it
				// reading. The replica drops the connection instead; with the input shut down there is nothing to read.
				tcp.shutdownInput();
			}
		}
		catch (IOException | RuntimeException e) {
			// the close below still runs
		}
		try {
			socket.close();
		}
		catch (IOException | RuntimeException e) {
			// Closing is best effort.
		}
	}
}
