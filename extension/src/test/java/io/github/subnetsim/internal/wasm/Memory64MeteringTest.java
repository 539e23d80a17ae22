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
 * Exact instruction counts of a memory64 module, lowered to wasm32 to run: {@code canisters/metering64.wat}, whose
 * counts are computed by hand in its comments with the wasm64 weights of dfinity/ic
 * {@code rs/embedders/src/wasm_utils/instrumentation.rs} {@code instruction_to_cost(op, Wasm64)} (loads and stores 2)
 * and the System API costs of {@code system_api_complexity.rs} and {@code linker.rs} (docs/wasm-transforms.md). What
 * the lowering inserts (a helper call per load, store and bulk op) must not count: the totals are those of the original.
 */
class Memory64MeteringTest {

	private static final WasmCanister METERING64 = WasmCanister.fromResource("/canisters/metering64.wasm");

	@Test
	void theModuleIsLoweredWithHelperCalls() throws Exception {
		LoadedModule m = LoadedModule.of(ModuleLoadingTest.resource("metering64.wasm"));
		assertTrue(m.lowered());
		// metering64.wat: 1 memory.fill + 1 memory.copy + 2 loads + 1 store + memory.size (extend) + 2 memory.grow (wrap
		// and extend each) = 10 helper calls
		Memory64Lowering.Result r = Memory64Lowering.lower(ModuleLoadingTest.resource("metering64.wasm"));
		assertEquals(10, r.rewritten());
		assertEquals(5 + 8, r.firstHelper(), "5 imports + 8 functions: the helpers come after them");
	}

	@Test
	void spinAndEchoCountAsTheirWasm32Twins() {
		// metering64.wat, spin: 715 Wasm + 800 (append of 6 bytes) + 500 (reply) = 2,015, as metering.wat
		QueryOutcome spin = METERING64.query("spin", CanisterRuntime.EMPTY_ARG);
		assertArrayEquals("DIDL\0\0".getBytes(StandardCharsets.US_ASCII), spin.reply());
		assertEquals(2_015, spin.instructions());
		// echo of 100 bytes: 29 + 1,000 + 600 + 5,500 + 500 = 7,629
		byte[] arg = new byte[100];
		Arrays.fill(arg, (byte) 'y');
		QueryOutcome echo = METERING64.query("echo", arg);
		assertArrayEquals(arg, echo.reply());
		assertEquals(7_629, echo.instructions());
		// no: 8 + 950 = 958
		QueryOutcome no = METERING64.query("no", CanisterRuntime.EMPTY_ARG);
		assertEquals(RejectCode.CANISTER_REJECT, no.rejectCode());
		assertEquals("no thanks", no.rejectMessage());
		assertEquals(958, no.instructions());
	}

	@Test
	void memoryInstructionsWeighAsWasm64AndTheLoweringIsFree() {
		// metering64.wat, mem: 580 Wasm (loads and stores 2 each) + 800 (append) + 500 (reply) = 1,880
		QueryOutcome mem = METERING64.query("mem", CanisterRuntime.EMPTY_ARG);
		assertTrue(mem.replied(), mem.toString());
		assertArrayEquals("DIDL\0\0".getBytes(StandardCharsets.US_ASCII), mem.reply());
		assertEquals(1_880, mem.instructions());
	}

	@Test
	void theStartFunctionRanOnceAtInstallAndNotBeforeTheQuery() {
		// metering64.wat, started: 19 Wasm + 800 + 500 = 1,319; the start function's 7 are not in it
		QueryOutcome started = METERING64.query("started", CanisterRuntime.EMPTY_ARG);
		assertTrue(started.replied(), started.toString());
		assertEquals(1_319, started.instructions());
	}

	@Test
	void anAddressPast4GiBTrapsAsOutOfBoundsInsteadOfWrapping() {
		QueryOutcome far = METERING64.query("far", CanisterRuntime.EMPTY_ARG);
		assertEquals(RejectCode.CANISTER_ERROR, far.rejectCode());
		assertTrue(far.rejectMessage().startsWith("IC0502: Error from Canister bkyz2-fmaaa-aaaaa-qaaaq-cai: Canister trapped: heap out of bounds."),
				far.rejectMessage());
	}

	@Test
	void growingBy2To32PagesFailsWithMinusOne() {
		// metering64.wat, grow_huge: 313 Wasm + 500 + 50 x 9 = 1,263, a reject with code 4
		QueryOutcome grow = METERING64.query("grow_huge", CanisterRuntime.EMPTY_ARG);
		assertEquals(RejectCode.CANISTER_REJECT, grow.rejectCode(), grow.toString());
		assertEquals(1_263, grow.instructions());
	}
}
