package io.github.subnetsim.internal.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.internal.charge.CandidEncoding;
import io.github.subnetsim.wasm.QueryOutcome;
import io.github.subnetsim.wasm.WasmCanister;

/** The transform's Candid argument and reply (docs/wasm-transforms.md, dfinity/candid spec). */
class TransformCandidTest {

	private static final HexFormat HEX = HexFormat.of();

	/** Candid's field hash: fold of h·223 + byte, mod 2³². */
	private static long idlHash(String field) {
		long h = 0;
		for (byte b : field.getBytes(StandardCharsets.UTF_8)) {
			h = (h * 223 + (b & 0xFF)) & 0xFFFF_FFFFL;
		}
		return h;
	}

	private static String leb(long v) {
		StringBuilder s = new StringBuilder();
		do {
			int b = (int) (v & 0x7f);
			v >>>= 7;
			s.append(String.format("%02x", v == 0 ? b : b | 0x80));
		}
		while (v != 0);
		return s.toString();
	}

	@Test
	void theFieldHashesAreTheReferences() {
		assertEquals(100394802L, idlHash("status"));
		assertEquals(1092319906L, idlHash("body"));
		assertEquals(1661489734L, idlHash("headers"));
		assertEquals(2718740097L, idlHash("response"));
		assertEquals(427267567L, idlHash("context"));
		assertEquals(1224700491L, idlHash("name"));
		assertEquals(834174833L, idlHash("value"));
	}

	@Test
	void theArgumentHasTheRustCandidLayout() {
		HttpResponse r = HttpResponse.of(200, List.of(HttpHeader.of("a", "b")), "hi");
		String expected = "4449444c05"
				+ "6c02" + leb(idlHash("context")) + "01" + leb(idlHash("response")) + "02"
				+ "6d7b"
				+ "6c03" + leb(idlHash("status")) + "7d" + leb(idlHash("body")) + "01" + leb(idlHash("headers")) + "03"
				+ "6d04"
				+ "6c02" + leb(idlHash("value")) + "71" + leb(idlHash("name")) + "71"
				+ "0100"
				+ "03757364"          // context "usd"
				+ "c801"              // status 200
				+ "026869"            // body "hi"
				+ "01" + "0162" + "0161"; // one header: value "b", name "a"
		assertEquals(expected, HEX.formatHex(TransformArgsCandid.encode(r, "usd".getBytes(StandardCharsets.US_ASCII))));
	}

	@Test
	void theReferenceVectorsDecode() {
		HttpResponse empty = CandidReply.decode(HEX.parseHex(
				"4449444c046d7b6c02f1fee18d0371cbe4fdc704716d016c03b2ceef2f7da2f5ed880400c6a4a19806020103c8010000"));
		assertEquals(HttpResponse.of(200, List.of(), ""), empty);
		HttpResponse json = CandidReply.decode(HEX.parseHex("4449444c046d7b6c02f1fee18d0371cbe4fdc704716d016c03b2ceef2f7da2f5ed880400c6a4a19806"
				+ "020103c8010e7b227072696365223a312e32337d01106170706c69636174696f6e2f6a736f6e0c636f6e74656e742d74797065"));
		assertEquals(HttpResponse.of(200, List.of(HttpHeader.of("content-type", "application/json")), "{\"price\":1.23}"), json);
	}

	@Test
	void aReplyThatIsNotAnHttpRequestResultIsRejectedWithTheReason() {
		assertTrue(assertThrows(IllegalArgumentException.class, () -> CandidReply.decode("DIDL\0\0".getBytes(StandardCharsets.US_ASCII)))
				.getMessage().contains("carries no value"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> CandidReply.decode(HEX.parseHex("4449444c00017d2a")))
				.getMessage().contains("not a record"));
		byte[] cut = HEX.parseHex("4449444c046d7b6c02f1fee18d0371cbe4fdc704716d016c03b2ceef2f7da2f5ed880400c6a4a19806020103c8010e7b22");
		assertEquals("the reply ends too early", assertThrows(IllegalArgumentException.class, () -> CandidReply.decode(cut)).getMessage());
	}

	@Test
	void motokoDecodesTheArgumentAndRepliesWithTheNpmCandidLayout() {
		WasmCanister motoko = WasmCanister.fromResource("/canisters/motoko-transforms.wasm");
		HttpResponse r = HttpResponse.of(200, List.of(HttpHeader.of("content-type", "application/json"), HttpHeader.of("x-request-id", "7")),
				"{\"price\":1.23}");
		QueryOutcome out = motoko.query("transform", TransformArgsCandid.encode(r, new byte[0]));
		byte[] npm = CandidEncoding.encode(r.withHeaders(List.of()));
		// Same value, same length as npm @dfinity/candid, but Motoko lays out the type table in pre-order (the record
		// first): other bytes, so another hash. This is why the pipeline hashes the canister's own bytes.
		assertEquals(npm.length, out.reply().length);
		assertEquals("4449444c046c03", HEX.formatHex(out.reply(), 0, 7));
		assertEquals("4449444c046d7b", HEX.formatHex(npm, 0, 7));
		assertEquals(r.withHeaders(List.of()), CandidReply.decode(out.reply()));
		assertArrayEquals(Arrays.copyOfRange(npm, 44, npm.length), Arrays.copyOfRange(out.reply(), 44, npm.length), "the values agree");
		QueryOutcome same = motoko.query("keep_everything", TransformArgsCandid.encode(r, new byte[0]));
		assertEquals(r, CandidReply.decode(same.reply()));
	}
}
