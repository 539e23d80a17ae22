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
 * {@code rs/config/src/subnet_config.rs}).
 *
 * <p>Where the JVM can still stop a thread ({@code Thread.stop}, JDK 17 to 19) a call runs on the caller's own thread
 * and a shared {@link Watchdog} stops it when it passes the bound: handing each of 13 tiny transforms to another
 * thread and back cost more than everything else in an in-memory outcall. On newer JDKs a call runs on a daemon
 * thread of this runner's pool instead, so the caller waits at most the bound; a call past it is interrupted, and a
 * loop that ignores interruption keeps spinning on its daemon thread until it ends, but neither the outcall nor
 * {@code Subnet.close()} waits for it.
 *
 * <p>The allocation guard counts the bytes the transform's thread allocated ({@code com.sun.management.ThreadMXBean},
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

	/** {@code Thread.stop} works up to JDK 19 and throws {@link UnsupportedOperationException} from JDK 20 on. */
	static final boolean CAN_STOP_THREADS = Runtime.version().feature() < 20;

	private final ThreadPoolExecutor pool;
	private final boolean inline;

	/** Inline calls where threads can be stopped, else a pool whose idle threads end after a few seconds. */
	public TransformRunner() {
		this(CAN_STOP_THREADS);
	}

	/**
	 * A runner that calls transforms on the caller's thread ({@code inline}, needs {@code Thread.stop}) or on its pool.
	 *
	 * @param inline whether calls run on the caller's thread
	 */
	TransformRunner(boolean inline) {
		if (inline && !CAN_STOP_THREADS) {
			throw new IllegalArgumentException("inline transforms need Thread.stop (JDK 17 to 19)");
		}
		this.inline = inline;
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
		return inline ? runInline(t, input, bound, allocationBytes) : runPooled(t, input, bound, allocationBytes);
	}

	/**
	 * The call on this thread, watched. The watchdog stops this thread only while the call is still running (it moves
	 * the call from RUNNING to STOPPING first, then throws {@code ThreadDeath} into it); once this thread has moved it to
	 * DONE it is never stopped. When the watchdog won, this thread waits for its {@code ThreadDeath} here, so it cannot
	 * land later in the caller's code.
	 */
	private static Outcome runInline(Transform t, HttpResponse input, Duration bound, long allocationBytes) {
		Watchdog.Call call = new Watchdog.Call(Thread.currentThread(), System.nanoTime() + bound.toNanos(), bound, allocationBytes,
				Allocation.current());
		boolean interruptedBefore = Thread.currentThread().isInterrupted();
		HttpResponse out = null;
		Throwable thrown = null;
		long started = System.nanoTime();
		try {
			// Inside the try: with a bound of a few nanoseconds the watchdog may stop this thread before the call starts.
			Watchdog.INSTANCE.watch(call);
			out = t.function().apply(input, t.context());
		}
		catch (Throwable e) {
			thrown = e;
		}
		long ran = System.nanoTime() - started;
		boolean stopped = thrown instanceof ThreadDeath;
		int checks = 0;
		while (true) {
			try {
				if (call.state.get() == Watchdog.RUNNING && call.state.compareAndSet(Watchdog.RUNNING, Watchdog.DONE)) {
					break;
				}
				if (stopped || call.stopFailed) {
					break;
				}
				if (!call.stopIssued) {
					// The watchdog has decided and is stopping this thread.
					Thread.onSpinWait();
					continue;
				}
				// The stop is installed: this thread takes it at its next check, and a native call's return is one. If
				// it does not come, the transform caught it and went on; no second stop is ever sent for a call.
				Thread.yield();
				if (++checks >= 3) {
					break;
				}
			}
			catch (ThreadDeath death) {
				if (call.state.get() != Watchdog.STOPPING || stopped) {
					throw death; // not the watchdog's, or a second one
				}
				stopped = true;
			}
		}
		Watchdog.INSTANCE.forget(call);
		if (call.state.get() != Watchdog.DONE) {
			// The JVM interrupts a thread it stops (to wake it from a sleep or wait): that flag is the stop's, not the caller's.
			Thread.interrupted();
			if (interruptedBefore) {
				Thread.currentThread().interrupt();
			}
			return new Exceeded(call.why);
		}
		long allocated = Allocation.since(call.allocatedAtStart);
		if (allocationBytes > 0 && allocated > allocationBytes && (thrown == null || !(thrown instanceof RuntimeException))) {
			return new Exceeded("transform allocated " + allocated + " bytes, over the guard of " + allocationBytes);
		}
		if (thrown == null && ran > bound.toNanos()) {
			// Finished past its bound before the watchdog got a core: the same verdict as if it had been stopped.
			return new Exceeded("transform ran longer than " + bound.toMillis() + " ms");
		}
		return thrown == null ? new Returned(out) : new Threw(thrown);
	}

	private Outcome runPooled(Transform t, HttpResponse input, Duration bound, long allocationBytes) {
		AtomicReference<Thread> runner = new AtomicReference<>();
		AtomicLong allocatedAtStart = new AtomicLong(-1);
		AtomicLong allocated = new AtomicLong();
		AtomicLong ranNanos = new AtomicLong();
		Future<HttpResponse> f = pool.submit(() -> {
			runner.set(Thread.currentThread());
			allocatedAtStart.set(Allocation.current());
			long started = System.nanoTime();
			try {
				return t.function().apply(input, t.context());
			}
			finally {
				ranNanos.set(System.nanoTime() - started);
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
				if (ranNanos.get() > bound.toNanos()) {
					// Finished, but later than its bound: a busy caller may only look once it is done, and the verdict
					// must not depend on when the caller got a core (the inline mode measures the same way).
					return new Exceeded("transform ran longer than " + bound.toMillis() + " ms");
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

	/**
	 * One daemon thread for the whole JVM that stops inline transform calls past their bound or allocation guard. It
	 * looks every {@value #POLL_MILLIS} ms while calls are running and ends after a second without any, so an idle JVM
	 * keeps no thread for it; the next call starts it again.
	 */
	static final class Watchdog {
		static final int RUNNING = 0;
		static final int DONE = 1;
		static final int STOPPING = 2;
		static final Watchdog INSTANCE = new Watchdog();
		private static final int IDLE_POLLS = 100;

		/** One inline transform call. */
		static final class Call {
			final Thread thread;
			final long deadlineNanos;
			final Duration bound;
			final long allocationBytes;
			final long allocatedAtStart;
			final AtomicInteger state = new AtomicInteger(RUNNING);
			volatile String why;
			volatile boolean stopIssued;
			volatile boolean stopFailed;

			Call(Thread thread, long deadlineNanos, Duration bound, long allocationBytes, long allocatedAtStart) {
				this.thread = thread;
				this.deadlineNanos = deadlineNanos;
				this.bound = bound;
				this.allocationBytes = allocationBytes;
				this.allocatedAtStart = allocatedAtStart;
			}
		}

		private final java.util.Set<Call> active = java.util.concurrent.ConcurrentHashMap.newKeySet();
		private final java.util.concurrent.atomic.AtomicBoolean alive = new java.util.concurrent.atomic.AtomicBoolean();

		void watch(Call call) {
			active.add(call);
			// Added before reading alive: a watchdog that is ending re-checks the calls after clearing alive.
			if (!alive.get() && alive.compareAndSet(false, true)) {
				Thread w = new Thread(this::loop, "subnet-sim-transform-watchdog");
				w.setDaemon(true);
				w.start();
			}
		}

		void forget(Call call) {
			active.remove(call);
		}

		private void loop() {
			int idle = 0;
			while (true) {
				try {
					Thread.sleep(POLL_MILLIS);
				}
				catch (InterruptedException e) {
					// nobody interrupts it; keep watching
				}
				if (!active.isEmpty()) {
					idle = 0;
					active.forEach(this::check);
				}
				else if (++idle >= IDLE_POLLS) {
					alive.set(false);
					if (active.isEmpty() || !alive.compareAndSet(false, true)) {
						return; // a call that came in meanwhile started (or will start) a new watchdog
					}
					idle = 0;
				}
			}
		}

		@SuppressWarnings({ "removal", "deprecation" })
		private void check(Call call) {
			String why = null;
			if (System.nanoTime() - call.deadlineNanos >= 0) {
				why = "transform ran longer than " + call.bound.toMillis() + " ms";
			}
			else if (call.allocationBytes > 0 && call.allocatedAtStart >= 0) {
				long now = Allocation.of(call.thread) - call.allocatedAtStart;
				if (now > call.allocationBytes) {
					why = "transform allocated " + now + " bytes, over the guard of " + call.allocationBytes;
				}
			}
			if (why == null || call.state.get() != RUNNING) {
				return;
			}
			call.why = why;
			if (call.state.compareAndSet(RUNNING, STOPPING)) {
				try {
					call.thread.stop(); // returns once the stop is installed in the thread (a VM operation)
					call.stopIssued = true;
				}
				catch (UnsupportedOperationException | SecurityException e) {
					call.stopFailed = true; // not on this JVM: the call ends when the transform does
				}
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
