package io.github.subnetsim.internal.wire;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A connection's read side: a growable buffer in front of the socket. Every read from the socket first sets
 * {@code SO_TIMEOUT} to the time left until the exchange's deadline, so a silent peer ends in a
 * {@link DeadlineExceededException} exactly at the deadline and there is no other idle timeout (adapter-wire §5, §7).
 * The buffer never holds more than the bound the caller passes to {@link #fill}.
 */
final class WireInput {

	private static final int INITIAL = 8 * 1024;

	private final Socket socket;
	private final InputStream in;
	private byte[] buf = new byte[INITIAL];
	private int pos;
	private int lim;
	private Deadline deadline;

	private final Socket tcp;

	WireInput(Socket socket) throws IOException {
		this(socket, null);
	}

	/** @param tcp the TCP socket under a TLS {@code socket}, or null */
	WireInput(Socket socket, Socket tcp) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.tcp = tcp;
	}

	void deadline(Deadline d) {
		this.deadline = d;
	}

	byte[] array() {
		return buf;
	}

	int position() {
		return pos;
	}

	int buffered() {
		return lim - pos;
	}

	void consume(int n) {
		pos += n;
		if (pos == lim) {
			pos = 0;
			lim = 0;
		}
	}

	/**
	 * Reads once from the socket into the buffer, keeping at most {@code maxBuffered} unread bytes.
	 *
	 * @return the bytes read, or −1 at end of stream
	 */
	int fill(int maxBuffered) throws IOException {
		int room = maxBuffered - buffered();
		if (room <= 0) {
			throw new IllegalStateException("buffer full");
		}
		if (pos > 0) {
			System.arraycopy(buf, pos, buf, 0, lim - pos);
			lim -= pos;
			pos = 0;
		}
		if (buf.length - lim < Math.min(room, INITIAL)) {
			int want = (int) Math.min((long) maxBuffered, Math.max((long) buf.length * 2, (long) lim + INITIAL));
			byte[] bigger = new byte[Math.max(want, lim + 1)];
			System.arraycopy(buf, 0, bigger, 0, lim);
			buf = bigger;
		}
		int n = readSocket(buf, lim, Math.min(room, buf.length - lim));
		if (n > 0) {
			lim += n;
		}
		return n;
	}

	/** Reads up to {@code len} bytes, from the buffer first; −1 at end of stream. */
	int read(byte[] dst, int off, int len) throws IOException {
		if (len == 0) {
			return 0;
		}
		if (buffered() > 0) {
			int n = Math.min(len, buffered());
			System.arraycopy(buf, pos, dst, off, n);
			consume(n);
			return n;
		}
		return readSocket(dst, off, len);
	}

	/** One byte, from the buffer first; −1 at end of stream. */
	int read() throws IOException {
		if (buffered() == 0 && fill(INITIAL) < 0) {
			return -1;
		}
		int b = buf[pos] & 0xFF;
		consume(1);
		return b;
	}

	/**
	 * Whether an idle connection has something to say: 1 when bytes (data, or a TLS close_notify) are waiting, -1 at
	 * end of stream, 0 when quiet. Over TLS it asks the kernel how many bytes wait on the TCP socket, without
	 * waiting; a bare TCP close is then found by the exchange itself, which retries a reused connection closed before
	 * any response byte (as hyper retries a request on a connection the pool thought idle). Otherwise it waits up to
	 * {@code millis} for one byte or end of stream.
	 */
	int probe(int millis) throws IOException {
		if (buffered() > 0) {
			return 1;
		}
		if (tcp != null) {
			if (tcp.isClosed() || tcp.isInputShutdown()) {
				return -1;
			}
			return tcp.getInputStream().available() > 0 ? 1 : 0;
		}
		socket.setSoTimeout(millis);
		try {
			int n = in.read(buf, 0, buf.length);
			if (n > 0) {
				pos = 0;
				lim = n;
			}
			return n;
		}
		catch (SocketTimeoutException e) {
			return 0;
		}
	}

	private int readSocket(byte[] dst, int off, int len) throws IOException {
		int ms = deadline.remainingMillisForSocket();
		if (ms <= 0) {
			throw new DeadlineExceededException();
		}
		socket.setSoTimeout(ms);
		try {
			return in.read(dst, off, len);
		}
		catch (SocketTimeoutException e) {
			throw new DeadlineExceededException();
		}
	}
}
