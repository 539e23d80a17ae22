package io.github.subnetsim.internal.wire;

import java.time.Duration;

/**
 * The real-time end of one exchange: the adapter's request timeout covers connect, handshake, head and body
 * (dfinity/ic {@code rs/https_outcalls/adapter/src/config.rs}, {@code DEFAULT_HTTP_REQUEST_TIMEOUT_SECS}).
 */
final class Deadline {

	private final long endNanos;

	private Deadline(long endNanos) {
		this.endNanos = endNanos;
	}

	static Deadline after(Duration timeout) {
		return new Deadline(System.nanoTime() + timeout.toNanos());
	}

	long remainingNanos() {
		return endNanos - System.nanoTime();
	}

	boolean expired() {
		return remainingNanos() <= 0;
	}

	/** Remaining whole milliseconds, at least 1 while time remains, 0 once expired (never a "no timeout" 0 by accident). */
	int remainingMillisForSocket() {
		long nanos = remainingNanos();
		if (nanos <= 0) {
			return 0;
		}
		long ms = (nanos + 999_999) / 1_000_000;
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1, ms));
	}
}
