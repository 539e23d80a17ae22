package io.github.subnetsim.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.Transform;

/**
 * Both ways a transform call is bounded: on the caller's thread under the watchdog (where {@code Thread.stop} works)
 * and on the runner's pool. Whichever ran it, the outcome is the same, and a stopped call leaves the caller's thread
 * as it was: no pending stop, no interrupt flag, able to run the next call.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransformRunnerTest {

	private static final HttpResponse INPUT = HttpResponse.of(200, List.of(), "{\"a\":1}");

	private static TransformRunner runner(boolean inline) {
		if (inline) {
			Assumptions.assumeTrue(TransformRunner.CAN_STOP_THREADS, "Thread.stop is gone from this JDK");
		}
		return new TransformRunner(inline);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aReturningTransformReturnsItsResponse(boolean inline) {
		try (TransformRunner r = runner(inline)) {
			HttpResponse out = HttpResponse.of(200, List.of(), "b");
			TransformRunner.Outcome o = r.run(Transform.of("t", (in, c) -> out), INPUT, Duration.ofSeconds(5), 0);
			assertSame(out, assertInstanceOf(TransformRunner.Returned.class, o).response());
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aThrowingTransformThrew(boolean inline) {
		try (TransformRunner r = runner(inline)) {
			IllegalStateException boom = new IllegalStateException("boom");
			TransformRunner.Outcome o = r.run(Transform.of("t", (in, c) -> {
				throw boom;
			}), INPUT, Duration.ofSeconds(5), 0);
			assertSame(boom, assertInstanceOf(TransformRunner.Threw.class, o).thrown());
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aLoopPastTheBoundIsStoppedAndTheCallerCarriesOn(boolean inline) {
		try (TransformRunner r = runner(inline)) {
			for (int i = 0; i < 3; i++) {
				TransformRunner.Outcome o = r.run(Transform.of("t", (in, c) -> {
					long x = 1;
					while (x != 0) {
						x = x * 3 + 1; // never ends, ignores interruption
					}
					return in;
				}), INPUT, Duration.ofMillis(100), 0);
				assertEquals("transform ran longer than 100 ms", assertInstanceOf(TransformRunner.Exceeded.class, o).why());
				assertFalse(Thread.currentThread().isInterrupted(), "the caller's interrupt flag is untouched");
				TransformRunner.Outcome next = r.run(Transform.of("t", (in, c) -> in), INPUT, Duration.ofSeconds(5), 0);
				assertInstanceOf(TransformRunner.Returned.class, next, "the next call runs");
			}
			// Nothing is left pending on this thread: a stop arriving late would surface here.
			long sum = 0;
			for (int i = 0; i < 10_000_000; i++) {
				sum += i;
			}
			assertTrue(sum > 0);
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aTransformThatSwallowsTheStopIsStillPastItsBound(boolean inline) {
		try (TransformRunner r = runner(inline)) {
			TransformRunner.Outcome o = r.run(Transform.of("t", (in, c) -> {
				long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
				while (System.nanoTime() - end < 0) {
					try {
						spin(1);
					}
					catch (Throwable swallowed) {
						// a transform that catches everything, ThreadDeath included
					}
				}
				return in;
			}), INPUT, Duration.ofMillis(100), 0);
			assertEquals("transform ran longer than 100 ms", assertInstanceOf(TransformRunner.Exceeded.class, o).why());
			assertInstanceOf(TransformRunner.Returned.class, r.run(Transform.of("t", (in, c) -> in), INPUT, Duration.ofSeconds(5), 0));
		}
	}

	private static void spin(long millis) {
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (System.nanoTime() - end < 0) {
			Thread.onSpinWait();
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aSleepPastTheBoundIsStopped(boolean inline) {
		try (TransformRunner r = runner(inline)) {
			TransformRunner.Outcome o = r.run(Transform.of("t", (in, c) -> {
				try {
					Thread.sleep(60_000);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				return in;
			}), INPUT, Duration.ofMillis(100), 0);
			assertInstanceOf(TransformRunner.Exceeded.class, o);
			assertFalse(Thread.interrupted(), "the caller's interrupt flag is untouched");
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void anAllocationPastTheGuardIsExceeded(boolean inline) {
		try (TransformRunner r = runner(inline)) {
			TransformRunner.Outcome o = r.run(Transform.of("t", (in, c) -> {
				List<byte[]> hoard = new ArrayList<>();
				for (int i = 0; i < 1024; i++) {
					hoard.add(new byte[1024 * 1024]); // 1 GiB in total
				}
				return in.withBody(new byte[hoard.size()]);
			}), INPUT, Duration.ofSeconds(20), 64L * 1024 * 1024);
			String why = assertInstanceOf(TransformRunner.Exceeded.class, o).why();
			assertTrue(why.endsWith("over the guard of 67108864"), why);
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true })
	void anInlineCallRunsOnTheCallersThread(boolean inline) {
		try (TransformRunner r = runner(inline)) {
			Thread[] ran = new Thread[1];
			r.run(Transform.of("t", (in, c) -> {
				ran[0] = Thread.currentThread();
				return in;
			}), INPUT, Duration.ofSeconds(5), 0);
			assertSame(Thread.currentThread(), ran[0]);
		}
	}
}
