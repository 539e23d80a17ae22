package io.github.subnetsim.internal.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.wasm.QueryOutcome;
import io.github.subnetsim.wasm.WasmCanister;

/**
 * A real Motoko canister with enhanced orthogonal persistence (memory64 + table64, what npm {@code motoko} 4.10.0
 * builds by default from {@code canisters/motoko/transforms.mo}) runs lowered to wasm32 and answers exactly as its
 * classic-persistence (wasm32) build of the same source: the same reply bytes, reject codes and texts, for each
 * transform (docs/wasm-transforms.md, §6: "leave every reply byte unchanged").
 *
 * <p>Its instruction counts are those of the original memory64 module by the replica's rules (wasm64 weights, what
 * the lowering inserts not counted). That rule is checked by hand on {@code metering64.wat}
 * ({@link Memory64MeteringTest}); the Motoko totals below are this meter's, on this module, pinned so that a change of
 * the lowering or of the metering shows. They differ from the classic build's by a little (another runtime, with
 * 64-bit loads and stores that weigh 2).
 */
class MotokoEopTest {

	private static final long LIMIT = 2_000_000;
	private static final WasmCanister CLASSIC = WasmCanister.builder().instructionLimit(LIMIT).fromResource("/canisters/motoko-transforms.wasm");
	private static final WasmCanister EOP = WasmCanister.builder().instructionLimit(LIMIT).fromResource("/canisters/motoko-eop-transforms.wasm");

	/** A 9,999-byte JSON body and two headers, as an outcall response. */
	static HttpResponse response(int status) {
		StringBuilder body = new StringBuilder("[");
		while (body.length() < 9_900) {
			body.append("{\"symbol\":\"ICP\",\"price\":12.34,\"timestamp\":1764489600},");
		}
		body.setLength(body.length() - 1);
		body.append(']');
		return HttpResponse.of(status, List.of(HttpHeader.of("content-type", "application/json"), HttpHeader.of("x-request-id", "req-1")),
				body.toString());
	}

	private static final byte[] OK = TransformArgsCandid.encode(response(200), "usd".getBytes(StandardCharsets.US_ASCII));
	private static final byte[] UNAVAILABLE = TransformArgsCandid.encode(response(503), new byte[0]);

	/** Runs {@code method} on both builds and checks that they answer alike; returns the EOP build's outcome. */
	private static QueryOutcome same(String method, byte[] arg) {
		QueryOutcome classic = CLASSIC.query(method, arg);
		QueryOutcome eop = EOP.query(method, arg);
		assertEquals(classic.rejectCode(), eop.rejectCode(), method);
		assertEquals(classic.rejectMessage(), eop.rejectMessage(), method);
		assertEquals(classic.reason(), eop.reason(), method);
		assertArrayEquals(classic.reply(), eop.reply(), method + ": the reply bytes");
		return eop;
	}

	@Test
	void theEopModuleIsMemory64AndTable64AndIsLowered() throws Exception {
		byte[] bytes = ModuleLoadingTest.resource("motoko-eop-transforms.wasm");
		assertEquals("memory64 + table64", WasmSections.sixtyFourBitFeature(bytes));
		LoadedModule m = LoadedModule.of(bytes);
		assertTrue(m.lowered());
		assertFalse(LoadedModule.of(ModuleLoadingTest.resource("motoko-transforms.wasm")).lowered());
		// 30 ic0 imports, i64 pointers kept: one host function per import serves both builds
		assertEquals(30, m.importedFunctions());
	}

	@Test
	void dropHeadersRepliesTheSameBytes() {
		QueryOutcome run = same("transform", OK);
		assertEquals(9_986, run.reply().length);
		// 499,800 of them the reply's msg_reply_data_append (500 + 50 x 9,986)
		assertEquals(550_035, run.instructions());
	}

	@Test
	void keepEverythingAndEchoContextReplyTheSameBytes() {
		assertEquals(553_940, same("keep_everything", OK).instructions());
		QueryOutcome echo = same("echo_context", OK);
		assertEquals(51, echo.reply().length);
		assertEquals(43_293, echo.instructions());
	}

	@Test
	void theJsonFieldExtractionRepliesTheSameBytes() {
		QueryOutcome run = same("price_only", OK);
		assertEquals(HttpResponse.of(200, List.of(), "12.34"), CandidReply.decode(run.reply()));
		assertEquals(419_874, run.instructions());
	}

	@Test
	void theRejectIsTheSame() {
		QueryOutcome run = same("reject_non_200", UNAVAILABLE);
		assertEquals(RejectCode.CANISTER_REJECT, run.rejectCode());
		assertEquals("upstream answered 503", run.rejectMessage());
		assertEquals(RejectReason.TRANSFORM_REJECTED, run.reason());
		assertEquals(42_659, run.instructions());
	}

	@Test
	void theTrapIsTheSame() {
		QueryOutcome run = same("explode", OK);
		assertTrue(run.rejectMessage().startsWith("IC0503: Error from Canister bkyz2-fmaaa-aaaaa-qaaaq-cai: Canister called `ic0.trap` with "
				+ "message: 'transform failed on purpose'."), run.rejectMessage());
		// the trapping block is charged whole, at its start, as the replica's injected metering does
		assertEquals(38_460, run.instructions());
		assertEquals(RejectReason.TRANSFORM_TRAPPED, run.reason());
	}

	@Test
	void theLoopStopsAtTheLimitWithTheSameText() {
		QueryOutcome run = same("spin", OK);
		assertTrue(run.rejectMessage().startsWith("IC0522: Error from Canister bkyz2-fmaaa-aaaaa-qaaaq-cai: Canister exceeded the limit of "
				+ LIMIT + " instructions"), run.rejectMessage());
		// checked at function entries, loops, branches and System API calls: a run passes the limit by less than the
		// instructions between two checks
		assertTrue(run.instructions() > LIMIT && run.instructions() < LIMIT + 100, "used " + run.instructions());
		assertEquals(RejectReason.INSTRUCTION_LIMIT, run.reason());
		assertEquals(RejectReason.INSTRUCTION_LIMIT, run.asTransform().reason());
	}

	@Test
	void aMissingMethodIsTheSame() {
		assertTrue(same("nope", OK).rejectMessage().startsWith("IC0536: "));
	}
}
