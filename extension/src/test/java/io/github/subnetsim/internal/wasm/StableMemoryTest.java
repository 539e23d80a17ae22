package io.github.subnetsim.internal.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.RejectCode;
import io.github.subnetsim.wasm.QueryOutcome;
import io.github.subnetsim.wasm.WasmCanister;

/**
 * Stable memory that {@code canister_init} wrote, as transforms see it ({@code canisters/stable.wat}): each call starts
 * from the installed stable memory, and what a call writes or grows is gone with it (docs/wasm-transforms.md, "Per-call
 * model"). Costs: {@code stable64_read/write/size} 20 + 1 per byte, {@code stable64_grow} 500 (dfinity/ic
 * {@code rs/embedders/src/wasmtime_embedder/system_api_complexity.rs}), {@code msg_reply_data_append} 500 + 50 per byte,
 * {@code msg_reply} 500; Wasm weights as in {@link InstructionMeteringTest}.
 */
class StableMemoryTest {

	private static final WasmCanister STABLE = WasmCanister.fromResource("/canisters/stable.wasm");

	@Test
	void aTransformReadsWhatInitWrote() {
		// Wasm: 1 (entry) + 3 (i64.const x 3) + 5 (call read) + 2 (i32.const x 2) + 5 (call append) + 5 (call reply) = 21.
		// System API: read of 9 bytes 20 + 9 = 29; append of 9 bytes 500 + 450 = 950; reply 500. Total 1,500.
		QueryOutcome run = STABLE.query("read", CanisterRuntime.EMPTY_ARG);
		assertArrayEquals("installed".getBytes(StandardCharsets.US_ASCII), run.reply(), run::toString);
		assertEquals(1_500, run.instructions());
	}

	@Test
	void whatACallWritesIsGoneWithTheCall() {
		// Wasm: 1 + 3 + 5 (write) + 3 + 5 (read) + 2 + 5 + 5 = 29. System API: write 29 + read 29 + append 950 + reply 500.
		// Total 1,537.
		QueryOutcome written = STABLE.query("write_then_read", CanisterRuntime.EMPTY_ARG);
		assertArrayEquals("written!!".getBytes(StandardCharsets.US_ASCII), written.reply(), written::toString);
		assertEquals(1_537, written.instructions());
		QueryOutcome after = STABLE.query("read", CanisterRuntime.EMPTY_ARG);
		assertArrayEquals("installed".getBytes(StandardCharsets.US_ASCII), after.reply(), "the next call sees the installed stable memory");
	}

	@Test
	void whatACallGrowsIsGoneWithTheCall() {
		// Wasm: 1 + 1 (i64.const) + 5 (call grow) + 1 (drop) + 1 (i32.const) + 5 (call size) + 1 (i64.store) + 2 + 5 + 5 = 27.
		// System API: grow 500 + size 20 + append of 8 bytes 900 + reply 500 = 1,920. Total 1,947.
		for (int call = 0; call < 2; call++) {
			QueryOutcome run = STABLE.query("grow_then_size", CanisterRuntime.EMPTY_ARG);
			assertEquals(1_025, ByteBuffer.wrap(run.reply()).order(ByteOrder.LITTLE_ENDIAN).getLong(), "1,024 installed pages + 1, on call " + call);
			assertEquals(1_947, run.instructions());
		}
	}

	@Test
	void aReadPastTheEndTrapsAsTheReplicaDoes() {
		// Text: dfinity/ic rs/interfaces/src/execution_environment/errors.rs, TrapCode::StableMemoryOutOfBounds.
		// Wasm: the function is one basic block, charged whole at its start: 1 + 3 (i64.const x 3) + 5 (call read) + 5 (call
		// reply, never reached) = 14. System API: read of 10 bytes 20 + 10 = 30, charged before the bounds check traps.
		// Total 44.
		QueryOutcome run = STABLE.query("read_past_end", CanisterRuntime.EMPTY_ARG);
		assertEquals(RejectCode.CANISTER_ERROR, run.rejectCode(), run::toString);
		assertTrue(run.rejectMessage().startsWith("IC0502: Error from Canister bkyz2-fmaaa-aaaaa-qaaaq-cai: Canister trapped: "
				+ "stable memory out of bounds."), run.rejectMessage());
		assertEquals(44, run.instructions());
	}

	@Test
	void aSizeNearTwoToTheSixtyThirdCostsMoreThanAnyLimitInsteadOfWrappingAround() {
		// 20 + (2^63 - 1) does not fit an i64: the charge saturates and the call stops at the limit (IC0522), where a
		// wrapped, negative charge would have handed instructions back and reached the bounds check.
		WasmCanister limited = WasmCanister.builder().instructionLimit(1_000_000).fromResource("/canisters/stable.wasm");
		QueryOutcome run = limited.query("read_everything", CanisterRuntime.EMPTY_ARG);
		assertEquals(RejectCode.CANISTER_ERROR, run.rejectCode(), run::toString);
		assertTrue(run.rejectMessage().startsWith("IC0522: Error from Canister bkyz2-fmaaa-aaaaa-qaaaq-cai: Canister exceeded the limit of "
				+ "1000000 instructions for single message execution."), run.rejectMessage());
		assertTrue(run.instructions() > 1_000_000, run::toString);
	}

	@Test
	void aCallCopiesOnlyTheStablePagesItWrites() {
		// 64 MiB of installed stable memory: a call that copied all of it would allocate 64 MiB; 13 replicas at once, 832 MiB.
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		STABLE.query("write_then_read", CanisterRuntime.EMPTY_ARG); // warm: the pool's instance exists
		long before = threads.getCurrentThreadAllocatedBytes();
		for (int i = 0; i < 20; i++) {
			assertEquals(1_537, STABLE.query("write_then_read", CanisterRuntime.EMPTY_ARG).instructions());
			assertEquals(1_500, STABLE.query("read", CanisterRuntime.EMPTY_ARG).instructions());
		}
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		assertTrue(allocated < 16L * 1024 * 1024, () -> "40 calls allocated " + allocated + " bytes; 64 MiB of stable memory must not be copied per call");
	}
}
