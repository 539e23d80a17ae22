package io.github.subnetsim.internal.wasm;

import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;

/**
 * Decodes a transform's reply bytes as {@code http_request_result}, whatever type-table layout the canister's Candid
 * encoder chose (Motoko, Rust {@code candid}, npm {@code @dfinity/candid} lay it out differently): the type table is
 * read in full and the value decoded against it; record fields are matched by their hashes. The replica itself never
 * decodes the reply (docs/wasm-transforms.md): this is what the calling canister's callback would do.
 * <pre>{@code
 * HttpResponse r = CandidReply.decode(replyBytes); // throws IllegalArgumentException with the reason when not valid
 * }</pre>
 */
public final class CandidReply {

	private static final int NULL = -1, BOOL = -2, NAT = -3, INT = -4, NAT8 = -5, NAT16 = -6, NAT32 = -7, NAT64 = -8, INT8 = -9,
			INT16 = -10, INT32 = -11, INT64 = -12, FLOAT32 = -13, FLOAT64 = -14, TEXT = -15, RESERVED = -16, EMPTY = -17,
			OPT = -18, VEC = -19, RECORD = -20, VARIANT = -21, PRINCIPAL = -24;

	private final byte[] in;
	private int pos;
	private final List<long[]> table = new ArrayList<>(); // [opcode, ...] per type: opt/vec [op, inner]; record/variant [op, hash, type, ...]

	private CandidReply(byte[] in) {
		this.in = in;
	}

	/** The reply as {@code http_request_result}; {@link IllegalArgumentException} naming the reason when it is not one. */
	public static HttpResponse decode(byte[] reply) {
		try {
			return new CandidReply(reply).read();
		}
		catch (ArrayIndexOutOfBoundsException e) {
			throw new IllegalArgumentException("the reply ends too early");
		}
	}

	private HttpResponse read() {
		if (in.length < 4 || in[0] != 'D' || in[1] != 'I' || in[2] != 'D' || in[3] != 'L') {
			throw new IllegalArgumentException("the reply does not start with DIDL");
		}
		pos = 4;
		long types = uleb();
		for (long i = 0; i < types; i++) {
			long op = sleb();
			if (op == OPT || op == VEC) {
				table.add(new long[] {op, sleb()});
			}
			else if (op == RECORD || op == VARIANT) {
				int n = Math.toIntExact(uleb());
				long[] t = new long[1 + 2 * n];
				t[0] = op;
				for (int k = 0; k < n; k++) {
					t[1 + 2 * k] = uleb();
					t[2 + 2 * k] = sleb();
				}
				table.add(t);
			}
			else {
				throw new IllegalArgumentException("unsupported Candid type constructor " + op + " in the reply's type table");
			}
		}
		long args = uleb();
		if (args < 1) {
			throw new IllegalArgumentException("the reply carries no value");
		}
		long type = sleb();
		for (long i = 1; i < args; i++) {
			sleb(); // further arguments are ignored, as a decoder of one result does
		}
		Object value = value(type);
		if (!(value instanceof Map<?, ?> record)) {
			throw new IllegalArgumentException("the reply is not a record");
		}
		Object status = record.get(TransformArgsCandid.STATUS);
		Object body = record.get(TransformArgsCandid.BODY);
		Object headers = record.get(TransformArgsCandid.HEADERS);
		if (!(status instanceof BigInteger s) || !(body instanceof byte[] b) || !(headers instanceof List<?> hs)) {
			throw new IllegalArgumentException("the reply is not a record { status : nat; headers : vec http_header; body : blob }");
		}
		if (s.bitLength() > 31) {
			throw new IllegalArgumentException("status " + s + " does not fit the simulator's int");
		}
		List<HttpHeader> out = new ArrayList<>(hs.size());
		for (Object h : hs) {
			if (!(h instanceof Map<?, ?> m) || !(m.get(TransformArgsCandid.NAME) instanceof String name)
					|| !(m.get(TransformArgsCandid.VALUE) instanceof String v)) {
				throw new IllegalArgumentException("a header is not a record { name : text; value : text }");
			}
			out.add(new HttpHeader(name, v));
		}
		return new HttpResponse(s.intValueExact(), out, b);
	}

	private Object value(long type) {
		if (type >= 0) {
			long[] t = table.get(Math.toIntExact(type));
			switch ((int) t[0]) {
				case OPT -> {
					int tag = in[pos++];
					return tag == 0 ? null : value(t[1]);
				}
				case VEC -> {
					int n = Math.toIntExact(uleb());
					if (t[1] == NAT8) {
						if (n > in.length - pos) {
							throw new IllegalArgumentException("the reply ends too early");
						}
						byte[] bytes = java.util.Arrays.copyOfRange(in, pos, pos + n);
						pos += n;
						return bytes;
					}
					List<Object> items = new ArrayList<>(Math.min(n, 1024));
					for (int i = 0; i < n; i++) {
						items.add(value(t[1]));
					}
					return items;
				}
				case RECORD -> {
					Map<Long, Object> fields = new HashMap<>();
					for (int k = 1; k < t.length; k += 2) {
						fields.put(t[k], value(t[k + 1]));
					}
					return fields;
				}
				default -> {
					int index = Math.toIntExact(uleb());
					return Map.of(t[1 + 2 * index], value(t[2 + 2 * index]));
				}
			}
		}
		return switch ((int) type) {
			case NULL, RESERVED -> null;
			case BOOL -> in[pos++] != 0;
			case NAT -> new BigInteger(Long.toUnsignedString(uleb()));
			case INT -> BigInteger.valueOf(sleb());
			case NAT8, INT8 -> fixed(1);
			case NAT16, INT16 -> fixed(2);
			case NAT32, INT32, FLOAT32 -> fixed(4);
			case NAT64, INT64, FLOAT64 -> fixed(8);
			case TEXT -> text();
			case PRINCIPAL -> {
				if (in[pos++] != 1) {
					throw new IllegalArgumentException("opaque principal reference in the reply");
				}
				int n = Math.toIntExact(uleb());
				pos += n;
				yield null;
			}
			case EMPTY -> throw new IllegalArgumentException("a value of type empty in the reply");
			default -> throw new IllegalArgumentException("unsupported Candid type " + type + " in the reply");
		};
	}

	private Object fixed(int bytes) {
		long v = 0;
		for (int i = 0; i < bytes; i++) {
			v |= (in[pos++] & 0xFFL) << (8 * i);
		}
		return v;
	}

	private String text() {
		int n = Math.toIntExact(uleb());
		if (pos + n > in.length) {
			throw new IllegalArgumentException("the reply ends too early");
		}
		try {
			String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.decode(java.nio.ByteBuffer.wrap(in, pos, n)).toString();
			pos += n;
			return s;
		}
		catch (CharacterCodingException e) {
			throw new IllegalArgumentException("a text in the reply is not UTF-8");
		}
	}

	private long uleb() {
		long v = 0;
		int shift = 0;
		while (true) {
			int b = in[pos++] & 0xFF;
			if (shift > 63) {
				throw new IllegalArgumentException("a LEB128 number in the reply is too large");
			}
			v |= (long) (b & 0x7f) << shift;
			shift += 7;
			if ((b & 0x80) == 0) {
				return v;
			}
		}
	}

	private long sleb() {
		long v = 0;
		int shift = 0;
		int b;
		do {
			b = in[pos++] & 0xFF;
			v |= (long) (b & 0x7f) << shift;
			shift += 7;
		}
		while ((b & 0x80) != 0 && shift < 64);
		if (shift < 64 && (b & 0x40) != 0) {
			v |= -1L << shift;
		}
		return v;
	}
}
