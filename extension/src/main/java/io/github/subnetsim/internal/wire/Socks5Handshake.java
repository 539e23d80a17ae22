package io.github.subnetsim.internal.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The client side of a SOCKS5 CONNECT without authentication, with the host name sent to the proxy ({@code socks5h},
 * as the adapter's proxies are configured: dfinity/ic {@code rs/https_outcalls/consensus/src/pool_manager.rs}), per
 * RFC 1928. Bounded by the exchange's deadline: every read has the time left as its socket timeout.
 */
final class Socks5Handshake {

	private static final String[] REPLIES = { "Succeeded", "GeneralFailure", "ConnectionNotAllowed", "NetworkUnreachable",
			"HostUnreachable", "ConnectionRefused", "TtlExpired", "CommandNotSupported", "AddressTypeNotSupported" };

	private Socks5Handshake() {
	}

	/**
	 * Negotiates the CONNECT on a socket connected to the proxy.
	 *
	 * @return the address the proxy bound for the onward connection (BND.ADDR): what the server sees
	 * @throws Refused when the proxy answers with an error reply
	 * @throws IOException when the proxy breaks the protocol, closes, or the deadline passes
	 */
	static String connect(Socket proxy, String host, int port, Deadline deadline) throws IOException {
		byte[] name = host.getBytes(StandardCharsets.US_ASCII);
		if (name.length > 255) {
			throw new IOException("host name longer than 255 bytes");
		}
		OutputStream out = proxy.getOutputStream();
		InputStream in = proxy.getInputStream();
		out.write(new byte[] { 5, 1, 0 });
		out.flush();
		byte[] chosen = read(proxy, in, 2, deadline);
		if (chosen[0] != 5 || chosen[1] != 0) {
			throw new IOException("the proxy refused the no-authentication method");
		}
		byte[] request = new byte[7 + name.length];
		request[0] = 5;
		request[1] = 1;
		request[2] = 0;
		request[3] = 3;
		request[4] = (byte) name.length;
		System.arraycopy(name, 0, request, 5, name.length);
		request[5 + name.length] = (byte) (port >>> 8);
		request[6 + name.length] = (byte) port;
		out.write(request);
		out.flush();
		byte[] head = read(proxy, in, 4, deadline);
		if (head[0] != 5) {
			throw new IOException("not a SOCKS5 reply");
		}
		int rep = head[1] & 0xff;
		if (rep != 0) {
			throw new Refused(rep < REPLIES.length ? REPLIES[rep] : "Unknown(" + rep + ")");
		}
		byte[] address;
		switch (head[3]) {
			case 1 -> address = read(proxy, in, 4, deadline);
			case 4 -> address = read(proxy, in, 16, deadline);
			case 3 -> {
				int len = read(proxy, in, 1, deadline)[0] & 0xff;
				String bound = new String(read(proxy, in, len, deadline), StandardCharsets.US_ASCII);
				read(proxy, in, 2, deadline);
				return bound;
			}
			default -> throw new IOException("unknown SOCKS5 address type " + head[3]);
		}
		read(proxy, in, 2, deadline);
		return AddressText.of(InetAddress.getByAddress(address));
	}

	private static byte[] read(Socket s, InputStream in, int n, Deadline deadline) throws IOException {
		byte[] b = new byte[n];
		int off = 0;
		while (off < n) {
			int ms = deadline.remainingMillisForSocket();
			if (ms <= 0) {
				throw new java.net.SocketTimeoutException("deadline");
			}
			s.setSoTimeout(ms);
			int r = in.read(b, off, n - off);
			if (r < 0) {
				throw new EOFException("the proxy closed the connection");
			}
			off += r;
		}
		return b;
	}

	/** The proxy's error reply to the CONNECT, named as RFC 1928 §6 names the codes. */
	static final class Refused extends IOException {
		private static final long serialVersionUID = 1L;
		private final String replyName;

		Refused(String replyName) {
			super("SOCKS5 reply " + replyName);
			this.replyName = replyName;
		}

		String replyName() {
			return replyName;
		}
	}
}
