package io.github.subnetsim.internal.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.RejectCode;
import io.github.subnetsim.wasm.QueryOutcome;
import io.github.subnetsim.wasm.WasmCanister;

/**
 * Exact instruction counts on the hand-written reference fixture {@code canisters/metering.wat}
 * (docs/wasm-transforms.md, "Reference fixture for exact counts"). Weights: dfinity/ic
 * {@code rs/embedders/src/wasm_utils/instrumentation.rs} {@code instruction_to_cost}; System API:
 * {@code system_api_complexity.rs} (500 per call) + 1 per copied byte + 50 per replied/rejected byte
 * ({@code linker.rs} {@code BYTE_TRANSMISSION_COST_FACTOR}).
 */
class InstructionMeteringTest {

	private static final WasmCanister METERING = WasmCanister.fromResource("/canisters/metering.wasm");

	@Test
	void spinCountsTheLoopByHand() {
		// Wasm: 1 (entry) + 2 (i32.const 100; local.set) + 100 x 7 (local.get, i32.const, i32.sub, local.set, local.get: 5 x 1;
		// br_if: 2; loop/end: 0) + 7 (i32.const, i32.const, call append) + 5 (call reply) = 715.
		// System API: append 6 bytes = 500 + 50 x 6 = 800; reply = 500. Total 2,015.
		QueryOutcome run = METERING.query("spin", CanisterRuntime.EMPTY_ARG);
		assertTrue(run.replied(), run.toString());
		assertArrayEquals("DIDL\0\0".getBytes(StandardCharsets.US_ASCII), run.reply());
		assertEquals(2_015, run.instructions());
	}

	@Test
	void echoOfAHundredByteArgument() {
		// Wasm: 1 + 12 (i32.const, i32.const, call size, call copy) + 11 (i32.const, call size, call append) + 5 (call reply) = 29.
		// System API: 2 x 500 (msg_arg_data_size) + 500 + 100 (copy of 100 bytes) + 500 + 50 x 100 (append) + 500 (reply).
		// Total 29 + 1,000 + 600 + 5,500 + 500 = 7,629.
		byte[] arg = new byte[100];
		Arrays.fill(arg, (byte) 'x');
		QueryOutcome run = METERING.query("echo", arg);
		assertEquals(7_629, run.instructions());
		assertArrayEquals(arg, run.reply());
	}

	@Test
	void rejectIsCodeFourWithTheMessageVerbatimAndCostsPerByte() {
		// Wasm: 1 + 7 (i32.const, i32.const, call reject) = 8. System API: 500 + 50 x 9 = 950. Total 958.
		QueryOutcome run = METERING.query("no", CanisterRuntime.EMPTY_ARG);
		assertEquals(RejectCode.CANISTER_REJECT, run.rejectCode());
		assertEquals("no thanks", run.rejectMessage());
		assertEquals(958, run.instructions());
	}

	@Test
	void aTrapInTheWasmCodeChargesItsBlockWholeOnEveryEngine() throws java.io.IOException {
		// Wasm: trap_deep's one block 1 (entry) + 1 (i32.const) + 5 (call) + 1 (drop) = 8; $deep 1 (entry) + 3 x 6 (loop
		// body: 4 x 1 + br_if 2) + 4 (the block of the trapping i32.load, charged whole at its start) = 23. Total 31.
		// The compiled module counts in locals and re-runs such a call on the global-counting form (MeteringInjection):
		// without that, the callee's 23 would be missing.
		QueryOutcome run = METERING.query("trap_deep", CanisterRuntime.EMPTY_ARG);
		assertEquals(RejectCode.CANISTER_ERROR, run.rejectCode(), run.toString());
		assertTrue(run.rejectMessage().startsWith("IC0502: Error from Canister bkyz2-fmaaa-aaaaa-qaaaq-cai: Canister trapped: heap out of bounds."),
				run.rejectMessage());
		assertEquals(31, run.instructions());
		LoadedModule m = LoadedModule.of(ModuleLoadingTest.resource("metering.wasm"));
		QueryOutcome exact = CanisterRuntime.install(m, CanisterRuntime.EMPTY_ARG, "bkyz2-fmaaa-aaaaa-qaaaq-cai", 0, true).query("trap_deep",
				CanisterRuntime.EMPTY_ARG, "bkyz2-fmaaa-aaaaa-qaaaq-cai", 5_000_000_000L, CanisterErrors.DOCS_NEWEST);
		assertEquals(31, exact.instructions(), "the engine without reuse, straight from the runtime");
	}

	@Test
	void anEndlessLoopStopsJustPastTheLimitWithIc0522() {
		WasmCanister limited = WasmCanister.builder().instructionLimit(1_000_000).fromResource("/canisters/metering.wasm");
		QueryOutcome run = limited.query("forever", CanisterRuntime.EMPTY_ARG);
		assertEquals(RejectCode.CANISTER_ERROR, run.rejectCode());
		assertEquals("IC0522: Error from Canister bkyz2-fmaaa-aaaaa-qaaaq-cai: Canister exceeded the limit of 1000000 instructions for "
				+ "single message execution..\nTry optimizing this method to consume fewer instructions or split the work across multiple "
				+ "messages. See documentation: https://docs.internetcomputer.org/references/execution-errors#instruction-limit-exceeded",
				run.rejectMessage());
		// 6 per iteration (local.get, i64.const, i64.add, local.set: 4 x 1; br: 2), checked at each branch: it passes the
		// limit by less than one iteration.
		assertTrue(run.instructions() > 1_000_000 && run.instructions() <= 1_000_006, "used " + run.instructions());
	}

	/** The decoded response is not what echo replies (the argument is no http_request_result), so read the raw bytes. */
	private static byte[] rawReplyOf(QueryOutcome run) {
		return run.reply();
	}
}
