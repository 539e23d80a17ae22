package io.github.subnetsim.internal.pipeline;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.Transform;

/**
 * Runs Java transforms under a wall-clock bound and an allocation guard, standing in for the replica's instruction
 * limit on the transform query (dfinity/ic {@code rs/https_outcalls/client/src/client.rs},
 * {@code transform_adapter_response}; the limit is {@code MAX_INSTRUCTIONS_PER_QUERY_MESSAGE} from
 * {@code rs/config/src/subnet_config.rs}). Each call runs on a daemon thread of this subnet's own pool, so the caller
 * waits at most the bound. A call past it is interrupted and, where the JVM still allows it ({@code Thread.stop} on
 * JDK 17 to 19), stopped; on newer JDKs a loop that ignores interruption keeps spinning on its daemon thread until it
 * ends, but neither the outcall nor {@code Subnet.close()} waits for it.
 *
 * <p>The allocation guard counts the bytes the calling thread allocated ({@code com.sun.management.ThreadMXBean},
 * where the JVM offers it): it is checked while the transform runs and once more when it returns.
 */
public final class TransformRunner implements AutoCloseable {

	/** How a bounded transform call ended. */
	public sealed interface Outcome {
	}

	/**
	 * The transform returned (possibly null).
	 *
	 * @param response what it returned
	 */
	public record Returned(HttpResponse response) implements Outcome {
	}

	/**
	 * The transform threw; {@link OutOfMemoryError} and {@link StackOverflowError} included.
	 *
	 * @param thrown what it threw
	 */
	public record Threw(Throwable thrown) implements Outcome {
	}

	/**
	 * The transform ran past the wall-clock bound or allocated past the guard.
	 *
	 * @param why one line for the trace
	 */
	public record Exceeded(String why) implements Outcome {
	}

	private static final long POLL_MILLIS = 10;
	private static final long STOP_GRACE_MILLIS = 50;

	private final ThreadPoolExecutor pool;

	/** A pool whose idle threads end after a few seconds and which {@link #close()} ends at once. */
	public TransformRunner() {
		AtomicInteger count = new AtomicInteger();
		this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
			Thread t = new Thread(r, "subnet-sim-transform-" + count.getAndIncrement());
			t.setDaemon(true);
			return t;
		});
	}

	/**
	 * Calls the transform, bounded.
	 *
	 * @param t the transform
	 * @param input the response it is given
	 * @param bound the wall-clock bound
	 * @param allocationBytes the allocation guard; 0 for none
	 * @return how the call ended
	 */
	public Outcome run(Transform t, HttpResponse input, Duration bound, long allocationBytes) {
		AtomicReference<Thread> runner = new AtomicReference<>();
		AtomicLong allocatedAtStart = new AtomicLong(-1);
		AtomicLong allocated = new AtomicLong();
		Future<HttpResponse> f = pool.submit(() -> {
			runner.set(Thread.currentThread());
			allocatedAtStart.set(Allocation.current());
			try {
				return t.function().apply(input, t.context());
			}
			finally {
				allocated.set(Allocation.since(allocatedAtStart.get()));
				runner.set(null);
			}
		});
		long deadline = System.nanoTime() + bound.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			try {
				HttpResponse out = f.get(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS))), TimeUnit.NANOSECONDS);
				if (allocationBytes > 0 && allocated.get() > allocationBytes) {
					return new Exceeded("transform allocated " + allocated.get() + " bytes, over the guard of " + allocationBytes);
				}
				return new Returned(out);
			}
			catch (ExecutionException e) {
				if (allocationBytes > 0 && allocated.get() > allocationBytes && !(e.getCause() instanceof RuntimeException)) {
					return new Exceeded("transform allocated " + allocated.get() + " bytes, over the guard of " + allocationBytes);
				}
				return new Threw(e.getCause());
			}
			catch (InterruptedException e) {
				stop(f, runner);
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while a transform ran", e);
			}
			catch (TimeoutException e) {
				if (System.nanoTime() - deadline >= 0) {
					stop(f, runner);
					return new Exceeded("transform ran longer than " + bound.toMillis() + " ms");
				}
				Thread running = runner.get();
				long now = running == null ? 0 : Allocation.of(running) - allocatedAtStart.get();
				if (allocationBytes > 0 && allocatedAtStart.get() >= 0 && now > allocationBytes) {
					stop(f, runner);
					return new Exceeded("transform allocated " + now + " bytes, over the guard of " + allocationBytes);
				}
			}
		}
	}

	@SuppressWarnings({ "removal", "deprecation" })
	private static void stop(Future<?> f, AtomicReference<Thread> runner) {
		f.cancel(true);
		Thread t = runner.get();
		if (t == null) {
			return;
		}
		try {
			f.get(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
			return;
		}
		catch (Exception e) {
			// still running, or ended by the interrupt
		}
		t = runner.get();
		if (t != null) {
			try {
				t.stop();
			}
			catch (UnsupportedOperationException | SecurityException e) {
				// JDK 20+: the thread cannot be stopped; it is a daemon and nothing waits for it.
			}
		}
	}

	/** Ends the pool; a runaway transform thread is not waited for. */
	@Override
	public void close() {
		pool.shutdownNow();
	}

	/** Bytes allocated by the current thread, where the JVM reports them. */
	private static final class Allocation {
		private static final com.sun.management.ThreadMXBean BEAN = bean();

		private static com.sun.management.ThreadMXBean bean() {
			try {
				java.lang.management.ThreadMXBean b = ManagementFactory.getThreadMXBean();
				if (b instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
					sun.setThreadAllocatedMemoryEnabled(true);
					return sun;
				}
			}
			catch (RuntimeException | LinkageError e) {
				// no guard on this JVM
			}
			return null;
		}

		static long current() {
			return BEAN == null ? -1 : BEAN.getCurrentThreadAllocatedBytes();
		}

		/** Bytes another thread has allocated so far; -1 where unknown. */
		static long of(Thread t) {
			return BEAN == null ? -1 : BEAN.getThreadAllocatedBytes(t.getId());
		}

		/** Bytes the current thread allocated since it read {@code start}. */
		static long since(long start) {
			if (BEAN == null || start < 0) {
				return 0;
			}
			return Math.max(0, BEAN.getCurrentThreadAllocatedBytes() - start);
		}
	}
}
