package io.github.subnetsim.internal.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.RejectCode;
import io.github.subnetsim.wasm.QueryOutcome;
import io.github.subnetsim.wasm.WasmCanister;

/** The reject mapping and the System API of the transform context, on {@code canisters/system-api.wat} (docs/wasm-transforms.md, §3). */
class SystemApiInTransformTest {

	private static final String ID = "bkyz2-fmaaa-aaaaa-qaaaq-cai";
	private static final String DOCS = " See documentation: https://docs.internetcomputer.org/references/execution-errors#";
	private static final String TRAP_HELP = "\nConsider gracefully handling failures from this canister or altering the canister to handle exceptions.";
	private static final WasmCanister CANISTER = WasmCanister.builder().time(Instant.parse("2026-05-01T12:00:00Z"))
			.fromResource("/canisters/system-api.wasm");

	private static QueryOutcome call(String method) {
		return CANISTER.query(method, CanisterRuntime.EMPTY_ARG);
	}

	private static void assertError(String expected, QueryOutcome run) {
		assertEquals(RejectCode.CANISTER_ERROR, run.rejectCode(), run.toString());
		assertEquals(expected, run.rejectMessage());
	}

	@Test
	void ic0TrapIsIc0503WithTheMessage() {
		assertError("IC0503: Error from Canister " + ID + ": Canister called `ic0.trap` with message: 'transform failed on purpose'."
				+ TRAP_HELP + DOCS + "trapped-explicitly", call("trap"));
	}

	@Test
	void wasmTrapsAreIc0502WithTheTrapCode() {
		assertError("IC0502: Error from Canister " + ID + ": Canister trapped: unreachable." + TRAP_HELP + DOCS + "trapped", call("unreachable"));
		assertError("IC0502: Error from Canister " + ID + ": Canister trapped: integer division by 0." + TRAP_HELP + DOCS + "trapped",
				call("divide_by_zero"));
		assertError("IC0502: Error from Canister " + ID + ": Canister trapped: heap out of bounds." + TRAP_HELP + DOCS + "trapped",
				call("out_of_bounds"));
	}

	@Test
	void aMissingMethodIsIc0536() {
		QueryOutcome run = call("no_such_method");
		assertError("IC0536: Error from Canister " + ID + ": Canister has no query method 'no_such_method'..\n"
				+ "Check that the method being called is exported by the target canister." + DOCS + "method-not-found", run);
		assertEquals(0, run.instructions());
	}

	@Test
	void anInterCanisterCallIsAContractViolation() {
		assertError("IC0504: Error from Canister " + ID + ": Canister violated contract: \"ic0_call_new\" cannot be executed in "
				+ "non replicated query mode.\nCheck the ICP documentation to make sure APIs are being called in the correct message types."
				+ DOCS + "calling-a-system-api-from-the-wrong-mode", call("call"));
	}

	@Test
	void replyingTwiceCopyingOutOfBoundsAndNeverReplyingAreErrors() {
		QueryOutcome twice = call("reply_twice");
		assertEquals(RejectCode.CANISTER_ERROR, twice.rejectCode());
		assertTrue(twice.rejectMessage().startsWith("IC0504: Error from Canister " + ID + ": Canister violated contract: "), twice.rejectMessage());
		QueryOutcome copy = call("copy_out_of_bounds");
		assertTrue(copy.rejectMessage().startsWith("IC0504: "), copy.rejectMessage());
		assertError("IC0506: Canister " + ID + " did not reply to the call", call("never_reply"));
	}

	/** The violation texts of dfinity/ic rs/system_api/src/lib.rs (valid_subslice, ic0_msg_reply, ic0_msg_reject, ic0_trap). */
	@Test
	void rangesPastTheHeapAndRepliesAfterAReplyAreTheReplicasViolations() {
		String violated = "IC0504: Error from Canister " + ID + ": Canister violated contract: ";
		String help = ".\nCheck the ICP documentation to make sure APIs are being called in the correct message types." + DOCS
				+ "calling-a-system-api-from-the-wrong-mode";
		// the heap is checked before the argument (the replica's own test expects this text for a 10-byte copy to 65,536)
		assertError(violated + "ic0.msg_arg_data_copy heap: src=65536 + length=10 exceeds the slice size=65536" + help, call("copy_past_the_heap"));
		assertError(violated + "msg.reply: src=65530 + length=10 exceeds the slice size=65536" + help, call("append_past_the_heap"));
		assertError(violated + "ic0.msg_reject: invalid UTF-8 string provided" + help, call("reject_not_utf8"));
		assertError(violated + "ic0.msg_reply: the call is already replied" + help, call("reply_twice"));
		assertError(violated + "ic0_canister_cycle_balance128 failed because dst + size is out of bounds.Found dst = 65530 and size = 16 "
				+ "while must be <= 65536" + help, call("balance_past_the_heap"));
		// ic0.trap with a range past the heap still traps, with the replica's placeholder for the message
		assertError("IC0503: Error from Canister " + ID + ": Canister called `ic0.trap` with message: '(trap message out of memory bounds)'."
				+ TRAP_HELP + DOCS + "trapped-explicitly", call("trap_past_the_heap"));
		// debug_print never traps
		QueryOutcome printed = call("print_past_the_heap");
		assertTrue(printed.replied(), printed::toString);
	}

	@Test
	void anI32SizeIsUnsigned() {
		// msg_arg_data_copy(0, 0, 0x8000_0000): 2,147,483,648 bytes, not -2,147,483,648 (SPEC canister-interface.md:
		// System API i32 arguments are addresses and sizes). Wasm: one block 1 + 3 (i32.const x 3) + 5 (call) = 9; System
		// API: 500 + 1 per byte, charged before the bounds check. Total 2,147,484,157.
		QueryOutcome copy = call("copy_two_gibibytes");
		assertEquals(RejectCode.CANISTER_ERROR, copy.rejectCode(), copy::toString);
		assertTrue(copy.rejectMessage().contains("length=2147483648 "), copy.rejectMessage());
		assertEquals(2_147_484_157L, copy.instructions());
	}

	@Test
	void callerIsTheManagementCanisterAndSelfIsTheCallingCanister() {
		QueryOutcome who = call("who");
		assertArrayEquals(Principals.bytes(ID), who.reply(), "empty caller bytes, then the canister's own id");
		assertEquals(10, who.reply().length);
	}

	@Test
	void timeIsTheConfiguredOneAndTheContextIsNonReplicatedWithoutCertificate() {
		ByteBuffer facts = ByteBuffer.wrap(call("context_facts").reply()).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(Instant.parse("2026-05-01T12:00:00Z").getEpochSecond() * 1_000_000_000L, facts.getLong());
		assertEquals(0, facts.getInt(), "in_replicated_execution");
		assertEquals(0, facts.getInt(), "data_certificate_present");
	}

	@Test
	void performanceCounterAnswersTheInstructionsUsedSoFar() {
		// The function is one basic block (no branch before its end), and the replica charges a block's static cost at its
		// start (rs/embedders/src/wasm_utils/instrumentation.rs, metering injection): 1 (entry) + i32.const 1 + i32.const 1
		// + call 5 + i64.store 1 + i32.const 1 + i32.const 1 + call 5 + call 5 = 21 before the first instruction runs,
		// + 200 (performance_counter's own overhead) = 221.
		QueryOutcome run = call("counter");
		assertEquals(221, ByteBuffer.wrap(run.reply()).order(ByteOrder.LITTLE_ENDIAN).getLong());
		// then append 500 + 50 x 8, reply 500
		assertEquals(221 + 900 + 500, run.instructions());
	}
}
