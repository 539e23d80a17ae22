package io.github.subnetsim.idempotency;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxy's worker threads: at most {@code max} exchanges run at once, the others wait their turn; each exchange can
 * ask how long it waited, so one that waited past the bound is answered 503 instead of being sent upstream late.
 */
final class AdmissionExecutor implements Executor {

	private static final ThreadLocal<Long> WAITED = new ThreadLocal<>();

	private final ThreadPoolExecutor pool;

	AdmissionExecutor(int max) {
		AtomicInteger n = new AtomicInteger();
		pool = new ThreadPoolExecutor(max, max, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
			Thread t = new Thread(r, "subnet-sim-ledger-proxy-" + n.incrementAndGet());
			t.setDaemon(true);
			return t;
		});
		pool.allowCoreThreadTimeOut(true); // an idle proxy holds no threads
	}

	@Override
	public void execute(Runnable exchange) {
		long queued = System.nanoTime();
		pool.execute(() -> {
			WAITED.set(System.nanoTime() - queued);
			try {
				exchange.run();
			}
			finally {
				WAITED.remove();
			}
		});
	}

	/** How long the exchange running on this thread waited for a worker, in nanoseconds (0 outside a worker). */
	static long waitedNanos() {
		Long w = WAITED.get();
		return w == null ? 0 : w;
	}

	/** Stops the workers; exchanges in flight are interrupted. */
	void shutdown() {
		pool.shutdownNow();
		try {
			pool.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
