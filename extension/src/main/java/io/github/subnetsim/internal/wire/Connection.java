package io.github.subnetsim.internal.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/** One TLS connection of a {@link WireClient}: the socket, its buffered read side and its write side. */
final class Connection {

	final String key;
	final Socket socket;
	final WireInput in;
	final OutputStream out;
	long idleSinceNanos;

	Connection(String key, Socket socket) throws IOException {
		this.key = key;
		this.socket = socket;
		this.in = new WireInput(socket);
		this.out = socket.getOutputStream();
	}

	void closeQuietly() {
		try {
			socket.close();
		}
		catch (IOException | RuntimeException e) {
			// Closing is best effort.
		}
	}
}
