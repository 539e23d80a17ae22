package io.github.subnetsim.internal.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.wasm.QueryOutcome;
import io.github.subnetsim.wasm.WasmCanister;

/**
 * Many calls at once on one installed canister, as the replicas of an outcall make them: each call runs on a pooled
 * instance that the next call may take as soon as it is back in the pool, so whatever a call reports (reply,
 * instructions) must be read before its instance is given back. Counts from {@code canisters/metering.wat}, computed by
 * hand in {@link InstructionMeteringTest}.
 */
class ConcurrentCallsTest {

	private static final int THREADS = 16;
	private static final int CALLS_PER_THREAD = 5_000;

	@Test
	void everyConcurrentCallReportsItsOwnInstructionCount() throws Exception {
		// A fresh canister (not the cached WasmCanister of another test class): its pool starts empty.
		WasmCanister metering = WasmCanister.fromResource("/canisters/metering.wasm");
		byte[] empty = "DIDL\0\0".getBytes(StandardCharsets.US_ASCII);
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Map<Long, Integer>>> threads = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				threads.add(pool.submit(() -> {
					start.await();
					Map<Long, Integer> counts = new TreeMap<>();
					for (int i = 0; i < CALLS_PER_THREAD; i++) {
						QueryOutcome run = metering.query("spin", CanisterRuntime.EMPTY_ARG);
						assertArrayEquals(empty, run.reply(), run::toString);
						counts.merge(run.instructions(), 1, Integer::sum);
					}
					return counts;
				}));
			}
			start.countDown();
			Map<Long, Integer> all = new TreeMap<>();
			for (Future<Map<Long, Integer>> f : threads) {
				f.get(120, TimeUnit.SECONDS).forEach((count, n) -> all.merge(count, n, Integer::sum));
			}
			// 715 Wasm + 800 (append of 6 bytes) + 500 (reply): InstructionMeteringTest.spinCountsTheLoopByHand
			assertEquals(Map.of(2_015L, THREADS * CALLS_PER_THREAD), all, "instructions reported by " + THREADS * CALLS_PER_THREAD
					+ " concurrent calls (count → calls)");
			assertEquals(THREADS * CALLS_PER_THREAD, metering.instancesCreated(), "one instance in the installed state per call");
		}
		finally {
			pool.shutdownNow();
			assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "the callers stop");
		}
	}
}
