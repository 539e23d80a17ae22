package io.github.subnetsim.internal.wasm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;

/**
 * The transform's argument, {@code TransformArgs { response, context }}, as the replica encodes it with the Rust
 * {@code candid} crate ({@code Encode!} in dfinity/ic {@code rs/https_outcalls/client/src/client.rs},
 * {@code transform_adapter_response}); docs/wasm-transforms.md
 *
 * <p>Type {@code record { response : http_request_result; context : blob }}. The Rust crate builds its type table in
 * pre-order (a composite type gets its index before its fields' types), visiting record fields in field-hash order;
 * this layout is INFERRED from the crate's {@code TypeSerialize}, not checked against a replica:
 * <pre>
 * 0: record { 427267567 context: 1; 2718740097 response: 2 }
 * 1: vec nat8
 * 2: record { 100394802 status: nat; 1092319906 body: 1; 1661489734 headers: 3 }
 * 3: vec 4
 * 4: record { 834174833 value: text; 1224700491 name: text }
 * </pre>
 * <pre>{@code
 * byte[] arg = TransformArgsCandid.encode(HttpResponse.of(200, List.of(), "{}"), new byte[0]);
 * }</pre>
 */
public final class TransformArgsCandid {

	static final long CONTEXT = 427267567L;
	static final long RESPONSE = 2718740097L;
	static final long STATUS = 100394802L;
	static final long BODY = 1092319906L;
	static final long HEADERS = 1661489734L;
	static final long NAME = 1224700491L;
	static final long VALUE = 834174833L;

	private static final int RECORD = 0x6c;
	private static final int VEC = 0x6d;
	private static final int NAT = 0x7d;
	private static final int NAT8 = 0x7b;
	private static final int TEXT = 0x71;

	private TransformArgsCandid() {
	}

	/** The encoded argument. */
	public static byte[] encode(HttpResponse response, byte[] context) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(response.bodyLength() + context.length + 256);
		out.writeBytes("DIDL".getBytes(StandardCharsets.US_ASCII));
		leb(out, 5);
		// 0: record { context : 1; response : 2 }
		leb(out, RECORD);
		leb(out, 2);
		leb(out, CONTEXT);
		leb(out, 1);
		leb(out, RESPONSE);
		leb(out, 2);
		// 1: vec nat8
		leb(out, VEC);
		leb(out, NAT8);
		// 2: record { status : nat; body : 1; headers : 3 }
		leb(out, RECORD);
		leb(out, 3);
		leb(out, STATUS);
		leb(out, NAT);
		leb(out, BODY);
		leb(out, 1);
		leb(out, HEADERS);
		leb(out, 3);
		// 3: vec 4
		leb(out, VEC);
		leb(out, 4);
		// 4: record { value : text; name : text }
		leb(out, RECORD);
		leb(out, 2);
		leb(out, VALUE);
		leb(out, TEXT);
		leb(out, NAME);
		leb(out, TEXT);
		// one argument, of type 0
		leb(out, 1);
		leb(out, 0);
		// values, in field-hash order
		blob(out, context);
		leb(out, response.status());
		blob(out, response.body());
		leb(out, response.headers().size());
		for (HttpHeader h : response.headers()) {
			blob(out, h.value().getBytes(StandardCharsets.UTF_8));
			blob(out, h.name().getBytes(StandardCharsets.UTF_8));
		}
		return out.toByteArray();
	}

	private static void blob(ByteArrayOutputStream out, byte[] bytes) {
		leb(out, bytes.length);
		out.writeBytes(bytes);
	}

	static void leb(ByteArrayOutputStream out, long value) {
		long v = value;
		do {
			int b = (int) (v & 0x7f);
			v >>>= 7;
			out.write(v == 0 ? b : b | 0x80);
		}
		while (v != 0);
	}
}
