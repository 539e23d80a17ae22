package io.github.subnetsim.internal.wasm;

import static io.github.subnetsim.internal.wasm.WasmSections.CODE;
import static io.github.subnetsim.internal.wasm.WasmSections.DATA;
import static io.github.subnetsim.internal.wasm.WasmSections.ELEMENT;
import static io.github.subnetsim.internal.wasm.WasmSections.FUNCTION;
import static io.github.subnetsim.internal.wasm.WasmSections.IMPORT;
import static io.github.subnetsim.internal.wasm.WasmSections.MEMORY;
import static io.github.subnetsim.internal.wasm.WasmSections.TABLE;
import static io.github.subnetsim.internal.wasm.WasmSections.TYPE;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers a memory64 / table64 module (Motoko ≥ 2.0, enhanced orthogonal persistence) to wasm32, so that Chicory
 * loads it, as listed in docs/wasm-transforms.md (reference §6, the same transformation as binaryen's
 * {@code --memory64-lowering}, src/passes/Memory64Lowering.cpp in WebAssembly/binaryen):
 * <ul>
 * <li>each load or store address and each operand of {@code memory.fill/copy/init} passes through a <b>checked</b>
 *     wrap (i64 → i32) that traps as an out-of-bounds access above 4 GiB instead of wrapping;</li>
 * <li>{@code memory.size} gets an {@code i64.extend_i32_u}; {@code memory.grow} a saturating wrap of its operand and
 *     an {@code i64.extend_i32_s} of its result (−1 stays −1);</li>
 * <li>the index of {@code call_indirect} and the operands of the {@code table.*} ops of a table64 are wrapped the
 *     same way, {@code table.size}/{@code table.grow} results extended;</li>
 * <li>active data and element segment offsets {@code i64.const} become {@code i32.const};</li>
 * <li>the limit flags lose their 64-bit bit (0x04 → 0x00, 0x05 → 0x01), a memory maximum is capped at 65,536 pages;</li>
 * <li>the {@code ic0} imports keep their i64 signatures: the host takes {@code long} (SystemApi).</li>
 * </ul>
 * Every inserted instruction is a call to a helper function appended after all of the module's functions, whose
 * bodies come last in the code section: nothing existing shifts, and the {@link InstructionMeter} skips those calls and
 * what runs inside the helpers ({@link Result#firstHelper()}, {@link Result#helperCodeStart()}), so a run is counted
 * with the original module's instructions and the wasm64 weights (reference §4, "Memory64 modules").
 * <pre>{@code
 * Memory64Lowering.Result r = Memory64Lowering.lower(eopModuleBytes);
 * Parser.parse(r.bytes());   // a wasm32 module Chicory runs
 * r.firstHelper();           // calls to functions from this index on were inserted by the lowering
 * }</pre>
 */
final class Memory64Lowering {


	private static final byte I32 = 0x7F;
	private static final byte I64 = 0x7E;
	private static final byte F32 = 0x7D;
	private static final byte F64 = 0x7C;

	/** wasm32's largest memory: 4 GiB in 64 KiB pages. */
	private static final long MAX_PAGES_32 = 65_536;

	/**
	 * The lowered module.
	 *
	 * @param bytes the wasm32 module
	 * @param firstHelper the index of the first inserted helper function: calls at or above it were inserted
	 * @param helperCodeStart the byte offset, in {@code bytes}, from which the helpers' code runs to the end of the code
	 *            section (Chicory's {@code Instruction.address()} of their instructions is at or above it)
	 * @param helperCodeEnd the end of the code section in {@code bytes}
	 * @param rewritten how many instructions got a helper call
	 * @param memory64 whether the memory was 64-bit (its loads and stores weigh as wasm64 ones)
	 */
	record Result(byte[] bytes, int firstHelper, int helperCodeStart, int helperCodeEnd, int rewritten, boolean memory64) {
	}

	/** A helper's parameter: how an operand is converted. */
	private enum Conv {
		/** i64 address → i32, trapping as an out-of-bounds memory access above 4 GiB. */
		MEM_CHECKED(I64, I32),
		/** i64 table index → i32, trapping ({@code unreachable}) above 4 GiB. */
		TABLE_CHECKED(I64, I32),
		/** i64 page or element count → i32, saturating at 0xFFFF_FFFF (so that a grow that cannot succeed fails). */
		SATURATE(I64, I32),
		/** i32 result → i64, unsigned ({@code memory.size}, {@code table.size}). */
		EXTEND_U(I32, I64),
		/** i32 result → i64, signed ({@code memory.grow}, {@code table.grow}: −1 stays −1). */
		EXTEND_S(I32, I64),
		KEEP_I32(I32, I32),
		KEEP_I64(I64, I64),
		KEEP_F32(F32, F32),
		KEEP_F64(F64, F64);

		final byte in;
		final byte out;

		Conv(byte in, byte out) {
			this.in = in;
			this.out = out;
		}
	}

	private final byte[] in;
	private final Map<List<Conv>, Integer> helpers = new LinkedHashMap<>();
	private final List<Boolean> table64 = new ArrayList<>();
	private boolean memory64;
	private int types;
	private int importedFunctions;
	private int definedFunctions;
	private int rewritten;

	private Memory64Lowering(byte[] in) {
		this.in = in;
	}

	/**
	 * Lowers {@code module}; throws {@link IllegalArgumentException} naming what it cannot lower (SIMD, atomics,
	 * exception handling, several memories, an offset above 4 GiB).
	 */
	static Result lower(byte[] module) {
		try {
			return new Memory64Lowering(module).run();
		}
		catch (ArrayIndexOutOfBoundsException truncated) {
			throw new IllegalArgumentException("not a valid Wasm module: truncated", truncated);
		}
	}

	private Result run() {
		// First pass: what is 64-bit, and the counts that the appended types and functions are numbered after.
		List<int[]> sections = WasmSections.list(in);
		for (int[] s : sections) {
			Reader body = new Reader(in, s[1]);
			switch (s[0]) {
				case TYPE -> types = (int) body.uleb();
				case IMPORT -> importedFunctions = countFunctionImports(body);
				case FUNCTION -> definedFunctions = (int) body.uleb();
				case TABLE -> {
					long n = body.uleb();
					for (long i = 0; i < n; i++) {
						body.u8(); // reference type
						int flags = body.u8();
						table64.add((flags & 0x04) != 0);
						body.uleb();
						if ((flags & 0x01) != 0) {
							body.uleb();
						}
					}
				}
				case MEMORY -> {
					long n = body.uleb();
					if (n > 1) {
						throw new IllegalArgumentException("cannot lower a module with " + n + " memories to wasm32");
					}
					if (n == 1) {
						memory64 = (body.u8() & 0x04) != 0;
					}
				}
				default -> {
				}
			}
		}
		// Second pass: the code first (it decides which helpers exist), then every section in order.
		byte[] code = null;
		for (int[] s : sections) {
			if (s[0] == CODE) {
				code = lowerCode(s[1], s[2]);
			}
		}
		int firstHelper = importedFunctions + definedFunctions;
		Out out = new Out();
		out.bytes(in, 0, 8);
		int helperCodeStart = -1;
		int helperCodeEnd = -1;
		boolean sawFunctionSection = false;
		for (int[] s : sections) {
			byte[] content = switch (s[0]) {
				case TYPE -> appendTypes(s[1], s[2]);
				case FUNCTION -> {
					sawFunctionSection = true;
					yield appendFunctions(s[1], s[2], firstHelper);
				}
				case TABLE -> lowerLimits(s[1], s[2], true);
				case MEMORY -> lowerLimits(s[1], s[2], false);
				case ELEMENT -> lowerElements(s[1], s[2]);
				case DATA -> lowerData(s[1], s[2]);
				case CODE -> code;
				default -> Arrays.copyOfRange(in, s[1], s[2]);
			};
			out.u8(s[0]);
			out.uleb(content.length);
			int contentStart = out.size();
			out.bytes(content, 0, content.length);
			if (s[0] == CODE) {
				helperCodeStart = contentStart + helperOffsetInCode;
				helperCodeEnd = out.size();
			}
		}
		if (!helpers.isEmpty() && (!sawFunctionSection || code == null)) {
			throw new IllegalArgumentException("cannot lower a module without function and code sections");
		}
		return new Result(out.toByteArray(), firstHelper, helperCodeStart, helperCodeEnd, rewritten, memory64);
	}

	private int helperOffsetInCode;

	private int countFunctionImports(Reader r) {
		long n = r.uleb();
		int functions = 0;
		for (long i = 0; i < n; i++) {
			r.skipName();
			r.skipName();
			int kind = r.u8();
			switch (kind) {
				case 0 -> {
					r.uleb();
					functions++;
				}
				case 1 -> {
					int ref = r.u8();
					int flags = r.u8();
					if ((flags & 0x04) != 0) {
						throw new IllegalArgumentException("cannot lower an imported table64 (reference type " + ref + ")");
					}
					r.uleb();
					if ((flags & 0x01) != 0) {
						r.uleb();
					}
					table64.add(false);
				}
				case 2 -> throw new IllegalArgumentException("cannot lower a module that imports its memory");
				case 3 -> {
					r.u8();
					r.u8();
				}
				default -> throw new IllegalArgumentException("cannot lower an import of kind " + kind);
			}
		}
		return functions;
	}

	// --- types and functions -----------------------------------------------------------------------------------

	private byte[] appendTypes(int start, int end) {
		Reader r = new Reader(in, start);
		long n = r.uleb();
		Out out = new Out();
		out.uleb(n + helpers.size());
		out.bytes(in, r.pos, end - r.pos);
		for (List<Conv> h : helpers.keySet()) {
			out.u8(0x60);
			List<Conv> params = h.stream().filter(c -> c != Conv.EXTEND_U && c != Conv.EXTEND_S).toList();
			if (params.size() != h.size()) {
				// an extension: (i32) -> (i64)
				out.uleb(1);
				out.u8(h.get(0).in);
				out.uleb(1);
				out.u8(h.get(0).out);
				continue;
			}
			out.uleb(h.size());
			for (Conv c : h) {
				out.u8(c.in);
			}
			out.uleb(h.size());
			for (Conv c : h) {
				out.u8(c.out);
			}
		}
		return out.toByteArray();
	}

	private byte[] appendFunctions(int start, int end, int firstHelper) {
		Reader r = new Reader(in, start);
		long n = r.uleb();
		Out out = new Out();
		out.uleb(n + helpers.size());
		out.bytes(in, r.pos, end - r.pos);
		for (int i = 0; i < helpers.size(); i++) {
			out.uleb(types + i);
		}
		return out.toByteArray();
	}

	/** The index of the helper for these conversions (created on first use). */
	private int helper(Conv... convs) {
		List<Conv> key = List.of(convs);
		Integer index = helpers.get(key);
		if (index == null) {
			index = importedFunctions + definedFunctions + helpers.size();
			helpers.put(key, index);
		}
		return index;
	}

	private static byte[] helperBody(List<Conv> convs) {
		Out b = new Out();
		b.uleb(0); // no locals
		for (int i = 0; i < convs.size(); i++) {
			Conv c = convs.get(i);
			switch (c) {
				case MEM_CHECKED, TABLE_CHECKED -> {
					// if (x >>> 32 != 0) trap; i32.wrap_i64(x)
					b.u8(0x20).uleb(i); // local.get i
					b.u8(0x42).sleb(32); // i64.const 32
					b.u8(0x88); // i64.shr_u
					b.u8(0x50); // i64.eqz
					b.u8(0x45); // i32.eqz
					b.u8(0x04).u8(0x40); // if
					if (c == Conv.MEM_CHECKED) {
						// the access the original would make past 4 GiB: out of bounds in any wasm32 memory
						b.u8(0x41).sleb(-1); // i32.const -1
						b.u8(0x2D).uleb(0).uleb(0); // i32.load8_u
						b.u8(0x1A); // drop
					}
					b.u8(0x00); // unreachable
					b.u8(0x0B); // end
					b.u8(0x20).uleb(i);
					b.u8(0xA7); // i32.wrap_i64
				}
				case SATURATE -> {
					// select(x, 0xFFFF_FFFF, x < 0xFFFF_FFFF) as i32
					b.u8(0x20).uleb(i);
					b.u8(0x42).sleb(0xFFFF_FFFFL);
					b.u8(0x20).uleb(i);
					b.u8(0x42).sleb(0xFFFF_FFFFL);
					b.u8(0x54); // i64.lt_u
					b.u8(0x1B); // select
					b.u8(0xA7);
				}
				case EXTEND_U -> b.u8(0x20).uleb(i).u8(0xAD); // i64.extend_i32_u
				case EXTEND_S -> b.u8(0x20).uleb(i).u8(0xAC); // i64.extend_i32_s
				default -> b.u8(0x20).uleb(i);
			}
		}
		b.u8(0x0B);
		return b.toByteArray();
	}

	// --- tables, memories, segments ----------------------------------------------------------------------------

	private byte[] lowerLimits(int start, int end, boolean tables) {
		Reader r = new Reader(in, start);
		long n = r.uleb();
		Out out = new Out();
		out.uleb(n);
		for (long i = 0; i < n; i++) {
			if (tables) {
				out.u8(r.u8());
			}
			int flags = r.u8();
			long min = r.uleb();
			long max = (flags & 0x01) != 0 ? r.uleb() : -1;
			if ((flags & 0x04) != 0) {
				long cap = tables ? 0xFFFF_FFFFL : MAX_PAGES_32;
				if (Long.compareUnsigned(min, cap) > 0) {
					throw new IllegalArgumentException("cannot lower: a 64-bit " + (tables ? "table" : "memory") + " with minimum " + min);
				}
				if (max != -1 && Long.compareUnsigned(max, cap) > 0) {
					max = cap;
				}
			}
			out.u8(flags & ~0x04);
			out.uleb(min);
			if (max != -1) {
				out.uleb(max);
			}
		}
		out.bytes(in, r.pos, end - r.pos);
		return out.toByteArray();
	}

	/** Copies a constant offset expression, turning {@code i64.const} into {@code i32.const} when {@code wide}. */
	private void offset(Reader r, Out out, boolean wide) {
		int op = r.u8();
		if (wide && op == 0x42) {
			long v = r.sleb();
			if (v < 0 || v > 0xFFFF_FFFFL) {
				throw new IllegalArgumentException("cannot lower: a segment offset of " + v + " is past 4 GiB");
			}
			out.u8(0x41).sleb((int) v);
		}
		else {
			int from = r.pos - 1;
			skipImmediates(r, op);
			out.bytes(in, from, r.pos - from);
		}
		int endOp = r.u8();
		if (endOp != 0x0B) {
			throw new IllegalArgumentException("cannot lower: a segment offset that is not a single constant");
		}
		out.u8(0x0B);
	}

	private byte[] lowerData(int start, int end) {
		Reader r = new Reader(in, start);
		long n = r.uleb();
		Out out = new Out();
		out.uleb(n);
		for (long i = 0; i < n; i++) {
			int flags = (int) r.uleb();
			out.uleb(flags);
			if (flags == 2) {
				out.uleb(r.uleb());
			}
			if (flags == 0 || flags == 2) {
				offset(r, out, memory64);
			}
			long len = r.uleb();
			out.uleb(len);
			out.bytes(in, r.pos, (int) len);
			r.pos += (int) len;
		}
		out.bytes(in, r.pos, end - r.pos);
		return out.toByteArray();
	}

	private byte[] lowerElements(int start, int end) {
		Reader r = new Reader(in, start);
		long n = r.uleb();
		Out out = new Out();
		out.uleb(n);
		for (long i = 0; i < n; i++) {
			int flags = (int) r.uleb();
			out.uleb(flags);
			int table = 0;
			if ((flags & 0x02) != 0 && (flags & 0x01) == 0) {
				table = (int) r.uleb();
				out.uleb(table);
			}
			if ((flags & 0x01) == 0) {
				offset(r, out, table < table64.size() && table64.get(table));
			}
			if ((flags & 0x03) != 0) {
				out.u8(r.u8()); // elemkind or reference type
			}
			long count = r.uleb();
			out.uleb(count);
			int from = r.pos;
			for (long k = 0; k < count; k++) {
				if ((flags & 0x04) != 0) {
					int op;
					while ((op = r.u8()) != 0x0B) {
						skipImmediates(r, op);
					}
				}
				else {
					r.uleb();
				}
			}
			out.bytes(in, from, r.pos - from);
		}
		out.bytes(in, r.pos, end - r.pos);
		return out.toByteArray();
	}

	// --- code ---------------------------------------------------------------------------------------------------

	private byte[] lowerCode(int start, int end) {
		Reader r = new Reader(in, start);
		long n = r.uleb();
		List<byte[]> bodies = new ArrayList<>();
		for (long i = 0; i < n; i++) {
			int size = (int) r.uleb();
			int bodyEnd = r.pos + size;
			Out body = new Out();
			long localGroups = r.uleb();
			body.uleb(localGroups);
			for (long g = 0; g < localGroups; g++) {
				body.uleb(r.uleb());
				body.u8(r.u8());
			}
			while (r.pos < bodyEnd) {
				instruction(r, body);
			}
			bodies.add(body.toByteArray());
		}
		if (r.pos != end) {
			throw new IllegalArgumentException("not a valid Wasm module: the code section has trailing bytes");
		}
		Out out = new Out();
		out.uleb(n + helpers.size());
		for (byte[] b : bodies) {
			out.uleb(b.length);
			out.bytes(b, 0, b.length);
		}
		helperOffsetInCode = out.size();
		for (List<Conv> h : helpers.keySet()) {
			byte[] b = helperBody(h);
			out.uleb(b.length);
			out.bytes(b, 0, b.length);
		}
		return out.toByteArray();
	}

	private boolean isTable64(long table) {
		return table < table64.size() && table64.get((int) table);
	}

	private void call(Out out, int helper) {
		out.u8(0x10).uleb(helper);
		rewritten++;
	}

	/** Copies one instruction, with the helper calls that lower it. */
	private void instruction(Reader r, Out out) {
		int from = r.pos;
		int op = r.u8();
		if (op >= 0x28 && op <= 0x3E) {
			if (memory64) {
				call(out, op <= 0x35 ? helper(Conv.MEM_CHECKED) : helper(Conv.MEM_CHECKED, storedValue(op)));
			}
			out.u8(op);
			long align = r.uleb();
			long memory = (align & 0x40) != 0 ? r.uleb() : 0;
			long offset = r.uleb();
			if (memory != 0) {
				throw new IllegalArgumentException("cannot lower an access to memory " + memory + " (multi-memory)");
			}
			if (offset > 0xFFFF_FFFFL || offset < 0) {
				throw new IllegalArgumentException("cannot lower a memory access with a static offset past 4 GiB");
			}
			out.uleb(align & ~0x40L);
			out.uleb(offset);
			return;
		}
		switch (op) {
			case 0x3F -> { // memory.size
				r.uleb();
				out.u8(op).u8(0);
				if (memory64) {
					call(out, helper(Conv.EXTEND_U));
				}
				return;
			}
			case 0x40 -> { // memory.grow
				r.uleb();
				if (memory64) {
					call(out, helper(Conv.SATURATE));
				}
				out.u8(op).u8(0);
				if (memory64) {
					call(out, helper(Conv.EXTEND_S));
				}
				return;
			}
			case 0x11, 0x13 -> { // call_indirect, return_call_indirect
				long type = r.uleb();
				long table = r.uleb();
				if (isTable64(table)) {
					call(out, helper(Conv.TABLE_CHECKED));
				}
				out.u8(op).uleb(type).uleb(table);
				return;
			}
			case 0x25, 0x26 -> { // table.get, table.set
				long table = r.uleb();
				if (isTable64(table)) {
					if (op == 0x26) {
						throw new IllegalArgumentException("cannot lower table.set on a table64 yet");
					}
					call(out, helper(Conv.TABLE_CHECKED));
				}
				out.u8(op).uleb(table);
				return;
			}
			case 0xFC -> {
				long sub = r.uleb();
				prefixed(r, out, sub);
				return;
			}
			case 0xFD -> throw new IllegalArgumentException("cannot lower a module that uses SIMD (opcode 0xFD) to wasm32 yet");
			case 0xFE -> throw new IllegalArgumentException("cannot lower a module that uses threads (opcode 0xFE) to wasm32");
			default -> {
				skipImmediates(r, op);
				out.bytes(in, from, r.pos - from);
			}
		}
	}

	private static Conv storedValue(int op) {
		return switch (op) {
			case 0x36, 0x3A, 0x3B -> Conv.KEEP_I32;
			case 0x37, 0x3C, 0x3D, 0x3E -> Conv.KEEP_I64;
			case 0x38 -> Conv.KEEP_F32;
			case 0x39 -> Conv.KEEP_F64;
			default -> throw new IllegalStateException("not a store: " + op);
		};
	}

	private void prefixed(Reader r, Out out, long sub) {
		int sizeBefore = out.size();
		switch ((int) sub) {
			case 8 -> { // memory.init data mem: (i64 dst, i32 src, i32 n)
				long data = r.uleb();
				r.u8();
				if (memory64) {
					call(out, helper(Conv.MEM_CHECKED, Conv.KEEP_I32, Conv.KEEP_I32));
				}
				out.u8(0xFC).uleb(8).uleb(data).u8(0);
			}
			case 10 -> { // memory.copy: (i64, i64, i64)
				r.u8();
				r.u8();
				if (memory64) {
					call(out, helper(Conv.MEM_CHECKED, Conv.MEM_CHECKED, Conv.MEM_CHECKED));
				}
				out.u8(0xFC).uleb(10).u8(0).u8(0);
			}
			case 11 -> { // memory.fill: (i64 dst, i32 value, i64 n)
				r.u8();
				if (memory64) {
					call(out, helper(Conv.MEM_CHECKED, Conv.KEEP_I32, Conv.MEM_CHECKED));
				}
				out.u8(0xFC).uleb(11).u8(0);
			}
			case 12 -> { // table.init elem table: (i64 dst, i32 src, i32 n)
				long elem = r.uleb();
				long table = r.uleb();
				if (isTable64(table)) {
					call(out, helper(Conv.TABLE_CHECKED, Conv.KEEP_I32, Conv.KEEP_I32));
				}
				out.u8(0xFC).uleb(12).uleb(elem).uleb(table);
			}
			case 14 -> { // table.copy dst src: (i64, i64, i64) when both are table64
				long dst = r.uleb();
				long src = r.uleb();
				if (isTable64(dst) != isTable64(src)) {
					throw new IllegalArgumentException("cannot lower table.copy between a table64 and a 32-bit table");
				}
				if (isTable64(dst)) {
					call(out, helper(Conv.TABLE_CHECKED, Conv.TABLE_CHECKED, Conv.TABLE_CHECKED));
				}
				out.u8(0xFC).uleb(14).uleb(dst).uleb(src);
			}
			case 15, 17 -> { // table.grow (ref, i64 n) -> i64; table.fill (i64 i, ref, i64 n)
				long table = r.uleb();
				if (isTable64(table)) {
					throw new IllegalArgumentException("cannot lower table." + (sub == 15 ? "grow" : "fill") + " on a table64 yet");
				}
				out.u8(0xFC).uleb(sub).uleb(table);
			}
			case 16 -> { // table.size -> i64
				long table = r.uleb();
				out.u8(0xFC).uleb(16).uleb(table);
				if (isTable64(table)) {
					call(out, helper(Conv.EXTEND_U));
				}
			}
			case 9, 13 -> out.u8(0xFC).uleb(sub).uleb(r.uleb()); // data.drop, elem.drop
			default -> {
				if (sub > 7) {
					throw new IllegalArgumentException("cannot lower the instruction 0xFC " + sub);
				}
				out.u8(0xFC).uleb(sub); // saturating truncations
			}
		}
		if (out.size() == sizeBefore) {
			throw new IllegalStateException("nothing written");
		}
	}

	/**
	 * Reads one instruction: returns its opcode ({@code 0xFCnn} for the 0xFC-prefixed ones, as Chicory's
	 * {@code OpCode.opcode()}), leaving {@code r} after its immediates. SIMD, atomics and exception handling are refused.
	 */
	static int next(Reader r) {
		int op = r.u8();
		if (op >= 0x28 && op <= 0x3E) {
			long align = r.uleb();
			if ((align & 0x40) != 0) {
				r.uleb();
			}
			r.uleb();
			return op;
		}
		if (op == 0x3F || op == 0x40) {
			r.uleb();
			return op;
		}
		if (op == 0xFC) {
			int sub = (int) r.uleb();
			switch (sub) {
				case 8, 12, 14 -> {
					r.uleb();
					r.uleb();
				}
				case 9, 11, 13, 15, 16, 17 -> r.uleb();
				case 10 -> {
					r.uleb();
					r.uleb();
				}
				default -> {
					if (sub > 7) {
						throw new IllegalArgumentException("unknown instruction 0xFC " + sub);
					}
				}
			}
			return 0xFC00 | sub;
		}
		if (op == 0xFD || op == 0xFE) {
			throw new IllegalArgumentException(String.format("the instruction prefix 0x%02X (SIMD or threads) is not supported", op));
		}
		skipImmediates(r, op);
		return op;
	}

	/** Skips the immediates of a single-byte opcode (not 0xFC/0xFD/0xFE, not loads/stores). */
	private static void skipImmediates(Reader r, int op) {
		switch (op) {
			case 0x02, 0x03, 0x04 -> r.blockType();
			case 0x0C, 0x0D, 0x10, 0x12, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0xD2 -> r.uleb();
			case 0x0E -> {
				long n = r.uleb();
				for (long i = 0; i <= n; i++) {
					r.uleb();
				}
			}
			case 0x11, 0x13 -> {
				r.uleb();
				r.uleb();
			}
			case 0x1C -> {
				long n = r.uleb();
				r.pos += (int) n;
			}
			case 0x41, 0x42 -> r.sleb();
			case 0x43 -> r.pos += 4;
			case 0x44 -> r.pos += 8;
			case 0xD0 -> r.u8();
			case 0x00, 0x01, 0x05, 0x0B, 0x0F, 0x1A, 0x1B, 0xD1 -> {
			}
			default -> {
				if (op >= 0x45 && op <= 0xC4) {
					return;
				}
				throw new IllegalArgumentException(String.format("cannot lower the instruction 0x%02X to wasm32 (exception handling, GC or an "
						+ "unknown opcode)", op));
			}
		}
	}

	// --- bytes --------------------------------------------------------------------------------------------------

	static final class Reader {
		final byte[] b;
		int pos;

		Reader(byte[] b, int pos) {
			this.b = b;
			this.pos = pos;
		}

		int u8() {
			return b[pos++] & 0xFF;
		}

		long uleb() {
			return leb(false);
		}

		long sleb() {
			return leb(true);
		}

		/** One LEB128 number; a signed one is sign-extended from its last byte's bit 6. */
		private long leb(boolean signed) {
			long v = 0;
			int shift = 0;
			int x;
			do {
				x = b[pos++] & 0xFF;
				if (shift < 64) {
					v |= (long) (x & 0x7F) << shift;
				}
				shift += 7;
			}
			while ((x & 0x80) != 0);
			if (signed && shift < 64 && (x & 0x40) != 0) {
				v |= -1L << shift;
			}
			return v;
		}

		void blockType() {
			int x = b[pos] & 0xFF;
			if (x == 0x40 || x == 0x7F || x == 0x7E || x == 0x7D || x == 0x7C || x == 0x7B || x == 0x70 || x == 0x6F) {
				pos++;
			}
			else {
				sleb();
			}
		}

		void skipName() {
			long n = uleb();
			pos += (int) n;
		}
	}

	static final class Out extends ByteArrayOutputStream {

		Out u8(int v) {
			write(v);
			return this;
		}

		Out uleb(long v) {
			do {
				int x = (int) (v & 0x7F);
				v >>>= 7;
				write(v != 0 ? x | 0x80 : x);
			}
			while (v != 0);
			return this;
		}

		Out sleb(long v) {
			while (true) {
				int x = (int) (v & 0x7F);
				v >>= 7;
				boolean done = v == 0 && (x & 0x40) == 0 || v == -1 && (x & 0x40) != 0;
				write(done ? x : x | 0x80);
				if (done) {
					return this;
				}
			}
		}

		void bytes(byte[] b, int off, int len) {
			write(b, off, len);
		}
	}
}
