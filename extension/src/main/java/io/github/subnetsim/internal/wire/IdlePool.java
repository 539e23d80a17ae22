package io.github.subnetsim.internal.wire;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Idle keep-alive connections per (host, port), as hyper-util's legacy client pools them (hyper-util
 * {@code client/legacy/pool.rs}; idle timeout 90 s by default). At most {@link #MAX_IDLE_PER_KEY} per key; the most
 * recently used is taken first. A connection is probed before reuse: one that shows end of stream or unsolicited
 * bytes while idle is closed, as hyper closes such a connection.
 */
final class IdlePool {

	static final int MAX_IDLE_PER_KEY = 4;
	static final long IDLE_TIMEOUT_NANOS = 90_000_000_000L;
	private static final int PROBE_MILLIS = 1;

	private final Map<String, ArrayDeque<Connection>> idle = new HashMap<>();
	private boolean closed;

	/** A live idle connection for the key, or null. */
	Connection take(String key) {
		while (true) {
			Connection c;
			synchronized (this) {
				ArrayDeque<Connection> q = idle.get(key);
				c = q == null ? null : q.pollFirst();
			}
			if (c == null) {
				return null;
			}
			if (System.nanoTime() - c.idleSinceNanos < IDLE_TIMEOUT_NANOS && alive(c)) {
				return c;
			}
			c.closeQuietly();
		}
	}

	private static boolean alive(Connection c) {
		try {
			return c.in.probe(PROBE_MILLIS) == 0;
		}
		catch (java.io.IOException | RuntimeException e) {
			return false;
		}
	}

	/** Keeps the connection for reuse, or closes it when the pool is closed or full. */
	void offer(Connection c) {
		c.idleSinceNanos = System.nanoTime();
		Connection evicted = null;
		synchronized (this) {
			if (!closed) {
				ArrayDeque<Connection> q = idle.computeIfAbsent(c.key, k -> new ArrayDeque<>());
				q.addFirst(c);
				if (q.size() > MAX_IDLE_PER_KEY) {
					evicted = q.pollLast();
				}
				c = null;
			}
		}
		if (c != null) {
			c.closeQuietly();
		}
		if (evicted != null) {
			evicted.closeQuietly();
		}
	}

	/** Number of idle connections (for tests). */
	synchronized int size() {
		return idle.values().stream().mapToInt(ArrayDeque::size).sum();
	}

	/** Closes every idle connection; later offers are closed at once. */
	void close() {
		List<Connection> all = new ArrayList<>();
		synchronized (this) {
			closed = true;
			idle.values().forEach(all::addAll);
			idle.clear();
		}
		all.forEach(Connection::closeQuietly);
	}
}
