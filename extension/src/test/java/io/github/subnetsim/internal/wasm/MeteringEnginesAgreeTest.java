package io.github.subnetsim.internal.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.subnetsim.RejectCode;
import io.github.subnetsim.wasm.QueryOutcome;

/**
 * The two ways of counting (docs/wasm-transforms.md §5) agree: Chicory's interpreter with an execution listener that
 * adds each executed instruction's weight, and the compiled module with the replica's per-block metering injected
 * ({@link MeteringInjection}). They share only the weight table; for a memory64 module the first skips what the
 * lowering inserted by its code addresses, the second leaves it unmetered. Every call that replies or rejects must
 * give the same reply and the same count on both.
 */
class MeteringEnginesAgreeTest {

	private static final String ID = "bkyz2-fmaaa-aaaaa-qaaaq-cai";

	private static void agree(String fixture, String method, byte[] arg) throws IOException {
		agree(fixture, method, arg, 5_000_000_000L);
	}

	private static void agree(String fixture, String method, byte[] arg, long limit) throws IOException {
		LoadedModule m = LoadedModule.of(ModuleLoadingTest.resource(fixture));
		CanisterRuntime interpreted = CanisterRuntime.install(m, CanisterRuntime.EMPTY_ARG, ID, 0, false);
		CanisterRuntime compiled = CanisterRuntime.install(m, CanisterRuntime.EMPTY_ARG, ID, 0, true);
		QueryOutcome a = interpreted.query(method, arg, ID, limit, CanisterErrors.DOCS_NEWEST);
		QueryOutcome b = compiled.query(method, arg, ID, limit, CanisterErrors.DOCS_NEWEST);
		assertArrayEquals(a.reply(), b.reply(), fixture + " " + method);
		assertEquals(a.rejectMessage(), b.rejectMessage(), fixture + " " + method);
		assertEquals(a.instructions(), b.instructions(), fixture + " " + method + ": " + a + " / " + b);
	}

	@ParameterizedTest
	@ValueSource(strings = { "motoko-transforms.wasm", "motoko-eop-transforms.wasm", "rust-transforms.wasm" })
	void onTheCanistersTransforms(String fixture) throws IOException {
		byte[] ok = TransformArgsCandid.encode(MotokoEopTest.response(200), "usd".getBytes(StandardCharsets.US_ASCII));
		byte[] unavailable = TransformArgsCandid.encode(MotokoEopTest.response(503), new byte[0]);
		List<String> methods = fixture.startsWith("rust") ? List.of("transform", "echo_context", "reject_non_200")
				: List.of("transform", "keep_everything", "echo_context", "price_only", "reject_non_200");
		for (String method : methods) {
			agree(fixture, method, ok);
			agree(fixture, method, unavailable);
		}
	}

	/**
	 * With a limit the transform passes mid-way, the fast compiled form stops at the same check with the same count as
	 * the exact one, which keeps the count in the global at every block: the fast form counts in locals and has
	 * Motoko's large functions split into several (FunctionOutlining), yet every charge and check runs in the original
	 * order. The limits fall in System API charges, in the Candid header parser, in the runtime, in the transform.
	 * (The interpreter's listener charges instruction by instruction, so it can stop a few instructions apart there.)
	 */
	@ParameterizedTest
	@ValueSource(strings = { "motoko-transforms.wasm", "motoko-eop-transforms.wasm", "rust-transforms.wasm" })
	void theInstructionLimitStopsTheFastFormWhereItStopsTheExactOne(String fixture) throws IOException {
		byte[] ok = TransformArgsCandid.encode(MotokoEopTest.response(200), "usd".getBytes(StandardCharsets.US_ASCII));
		LoadedModule m = LoadedModule.of(ModuleLoadingTest.resource(fixture));
		CanisterRuntime exact = CanisterRuntime.installExact(m, CanisterRuntime.EMPTY_ARG, ID, 0);
		CanisterRuntime fast = CanisterRuntime.install(m, CanisterRuntime.EMPTY_ARG, ID, 0, true);
		int limited = 0;
		for (long limit = 500; limit < 200_000; limit = limit * 5 / 4) {
			QueryOutcome a = exact.query("transform", ok, ID, limit, CanisterErrors.DOCS_NEWEST);
			QueryOutcome b = fast.query("transform", ok, ID, limit, CanisterErrors.DOCS_NEWEST);
			assertEquals(a, b, fixture + " at " + limit);
			limited += a.reason() == io.github.subnetsim.trace.RejectReason.INSTRUCTION_LIMIT ? 1 : 0;
		}
		assertTrue(limited > 5, "most limits stop the call: " + limited);
	}

	@Test
	void aModuleTheInjectionCannotMeterRunsInTheInterpreter() {
		// (module (import "ic0" "msg_reply" (func $reply))
		//   (func (export "canister_query v") v128.const i32x4 0 0 0 0 drop call $reply))
		byte[] simd = HexFormat.of().parseHex("0061736d0100000001040160000002110103696330096d73675f7265706c790000030201000714011063616e6973"
				+ "7465725f7175657279207600010a19011700fd0c000000000000000000000000000000001a10000b");
		LoadedModule m = LoadedModule.of(simd);
		assertNull(m.compiled(), "SIMD is not metered by injection");
		CanisterRuntime runtime = CanisterRuntime.install(m, CanisterRuntime.EMPTY_ARG, ID, 0, true);
		QueryOutcome run = runtime.query("v", CanisterRuntime.EMPTY_ARG, ID, 5_000_000_000L, CanisterErrors.DOCS_NEWEST);
		// interpreted and listener-metered; Chicory's interpreter without its SIMD module traps on v128.const, after the
		// entry's 1 and v128.const's 1: a reject, not a crash
		assertEquals(RejectCode.CANISTER_ERROR, run.rejectCode(), run.toString());
		assertEquals(2, run.instructions(), run.toString());
	}

	@ParameterizedTest
	@ValueSource(strings = { "spin", "echo", "no" })
	void onTheHandCountedWasm32Fixture(String method) throws IOException {
		byte[] arg = new byte[100];
		Arrays.fill(arg, (byte) 'x');
		agree("metering.wasm", method, arg);
	}

	@ParameterizedTest
	@ValueSource(strings = { "spin", "echo", "no", "mem", "grow_huge", "started" })
	void onTheHandCountedMemory64Fixture(String method) throws IOException {
		byte[] arg = new byte[100];
		Arrays.fill(arg, (byte) 'x');
		agree("metering64.wasm", method, arg);
	}
}
