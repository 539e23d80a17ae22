package io.github.subnetsim.internal.charge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;

/**
 * Byte-for-byte checks against npm {@code @dfinity/candid} 3.4.3. The table rows and the two full vectors are
 * copied from dfinity/candid spec; the "generated" vectors were produced with the same package and the same
 * {@code IDL.encode([IDL.Record({status: IDL.Nat, headers: IDL.Vec(IDL.Record({name: IDL.Text, value: IDL.Text})),
 * body: IDL.Vec(IDL.Nat8)})], [value])} call (node 20, in /tmp, not part of the build).
 */
class CandidEncodingTest {

	private static final HexFormat HEX = HexFormat.of();

	/** The constant prefix of every vector (dfinity/candid spec). */
	private static final String PREFIX = "4449444c046d7b6c02f1fee18d0371cbe4fdc704716d016c03b2ceef2f7da2f5ed880400c6a4a19806020103";

	private static final String PRICE = "{\"price\":1.23}";

	@Test
	void candidVectorsFullHex_status200_noHeaders_emptyBody_48Bytes() {
		HttpResponse r = HttpResponse.of(200, List.of(), new byte[0]);
		assertHex("4449444c046d7b6c02f1fee18d0371cbe4fdc704716d016c03b2ceef2f7da2f5ed880400c6a4a19806020103c8010000", r);
		assertEquals(48, CandidEncoding.encodedLength(r));
	}

	@Test
	void candidVectorsFullHex_status200_contentTypeJson_priceBody_92Bytes() {
		HttpResponse r = HttpResponse.of(200, List.of(HttpHeader.of("content-type", "application/json")), PRICE);
		assertHex("4449444c046d7b6c02f1fee18d0371cbe4fdc704716d016c03b2ceef2f7da2f5ed880400c6a4a19806020103c8010e7b227072696365223a312e32337d01106170706c69636174696f6e2f6a736f6e0c636f6e74656e742d74797065", r);
		assertEquals(92, CandidEncoding.encodedLength(r));
	}

	@Test
	void candidVectorsTableRow1_status200_noHeaders_emptyBody_is48() {
		assertLength(48, HttpResponse.of(200, List.of(), new byte[0]));
	}

	@Test
	void candidVectorsTableRow2_status200_noHeaders_14ByteBody_is62() {
		assertLength(62, HttpResponse.of(200, List.of(), PRICE));
	}

	@Test
	void candidVectorsTableRow3_status200_contentType_14ByteBody_is92() {
		assertLength(92, HttpResponse.of(200, List.of(HttpHeader.of("content-type", "application/json")), PRICE));
	}

	@Test
	void candidVectorsTableRow4_status404_twoHeaders_1000ByteBody_is1059() {
		assertLength(1_059, HttpResponse.of(404, List.of(HttpHeader.of("a", "b"), HttpHeader.of("cd", "ef")), new byte[1_000]));
	}

	@Test
	void candidVectorsTableRow5_status200_noHeaders_2000000ByteBody_is2000050() throws Exception {
		byte[] body = new byte[2_000_000];
		Arrays.fill(body, (byte) 'x');
		HttpResponse r = HttpResponse.of(200, List.of(), body);
		assertLength(2_000_050, r);
		// The streamed digest equals the digest of the array encoding.
		MessageDigest streamed = MessageDigest.getInstance("SHA-256");
		CandidEncoding.encodeTo(r, streamed);
		assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(CandidEncoding.encode(r)), streamed.digest());
	}

	@Test
	void generatedVector_status0_isOneLebByte_47Bytes() {
		// @dfinity/candid 3.4.3: status 0, no headers, empty body.
		assertHex(PREFIX + "000000", HttpResponse.of(0, List.of(), new byte[0]));
	}

	@Test
	void generatedVector_status127_isLastOneByteLeb_47Bytes() {
		// @dfinity/candid 3.4.3: status 127.
		assertHex(PREFIX + "7f0000", HttpResponse.of(127, List.of(), new byte[0]));
	}

	@Test
	void generatedVector_status128_needsTwoLebBytes_48Bytes() {
		// @dfinity/candid 3.4.3: status 128.
		assertHex(PREFIX + "80010000", HttpResponse.of(128, List.of(), new byte[0]));
	}

	@Test
	void generatedVector_status404_twoHeaders_keepsHeaderOrder_61Bytes() {
		// @dfinity/candid 3.4.3: status 404, headers a: b, cd: ef, body 01 02 03.
		HttpResponse r = HttpResponse.of(404, List.of(HttpHeader.of("a", "b"), HttpHeader.of("cd", "ef")), new byte[] {1, 2, 3});
		assertHex(PREFIX + "9403030102030201620161026566026364", r);
	}

	@Test
	void generatedVector_status70000_nonAsciiHeaderAndBody_76Bytes() {
		// @dfinity/candid 3.4.3: status 70000, header "x-währung: € 1,23 😀", body "ü".
		HttpResponse r = HttpResponse.of(70_000, List.of(HttpHeader.of("x-währung", "€ 1,23 😀")), "ü");
		assertHex(PREFIX + "f0a20402c3bc010de282ac20312c323320f09f98800a782d77c3a46872756e67", r);
	}

	@Test
	void generatedVector_statusIntMax_200ByteBody_twoByteLengthLeb_252Bytes() {
		// @dfinity/candid 3.4.3: status 2147483647, no headers, body 200 × 0xab.
		byte[] body = new byte[200];
		Arrays.fill(body, (byte) 0xab);
		assertHex(PREFIX + "ffffffff07c801" + "ab".repeat(200) + "00", HttpResponse.of(Integer.MAX_VALUE, List.of(), body));
	}

	@Test
	void outputStreamVariantWritesTheSameBytes() {
		HttpResponse r = HttpResponse.of(404, List.of(HttpHeader.of("a", "b"), HttpHeader.of("cd", "ef")), new byte[20_000]);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		CandidEncoding.encodeTo(r, out);
		assertArrayEquals(CandidEncoding.encode(r), out.toByteArray());
	}

	@Test
	void loneSurrogateLengthMatchesWhatIsWritten() {
		// Not a Candid vector: Java strings may hold a lone surrogate, which getBytes writes as one '?' byte.
		HttpResponse r = HttpResponse.of(200, List.of(HttpHeader.of("x", "a\uD800b")), new byte[0]);
		assertEquals(CandidEncoding.encode(r).length, CandidEncoding.encodedLength(r));
	}

	private static void assertHex(String expected, HttpResponse r) {
		assertEquals(expected, HEX.formatHex(CandidEncoding.encode(r)));
		assertEquals(expected.length() / 2, CandidEncoding.encodedLength(r));
		assertEquals(expected, HEX.formatHex(digestInput(r)));
	}

	private static void assertLength(long expected, HttpResponse r) {
		assertEquals(expected, CandidEncoding.encodedLength(r));
		assertEquals(expected, CandidEncoding.encode(r).length);
	}

	/** What {@link CandidEncoding#encodeTo(HttpResponse, MessageDigest)} feeds, captured by a recording digest. */
	private static byte[] digestInput(HttpResponse r) {
		RecordingDigest d = new RecordingDigest();
		CandidEncoding.encodeTo(r, d);
		return d.bytes.toByteArray();
	}

	private static final class RecordingDigest extends MessageDigest {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		RecordingDigest() {
			super("recording");
		}

		@Override
		protected void engineUpdate(byte input) {
			bytes.write(input);
		}

		@Override
		protected void engineUpdate(byte[] input, int offset, int len) {
			bytes.write(input, offset, len);
		}

		@Override
		protected byte[] engineDigest() {
			return bytes.toByteArray();
		}

		@Override
		protected void engineReset() {
			bytes.reset();
		}
	}
}
