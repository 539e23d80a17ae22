package io.github.subnetsim.internal.wasm;

import static io.github.subnetsim.internal.wasm.WasmSections.CODE;
import static io.github.subnetsim.internal.wasm.WasmSections.FUNCTION;
import static io.github.subnetsim.internal.wasm.WasmSections.GLOBAL;
import static io.github.subnetsim.internal.wasm.WasmSections.IMPORT;
import static io.github.subnetsim.internal.wasm.WasmSections.TYPE;

import java.util.Arrays;
import java.util.List;

import com.dylibso.chicory.wasm.types.OpCode;

/**
 * Instruction metering injected into the module, as the replica does it (dfinity/ic
 * {@code rs/embedders/src/wasm_utils/instrumentation.rs}, metering injection; docs/wasm-transforms.md §4, §5 "Binary
 * rewriting"), so that a run needs no execution listener and can use Chicory's compiler:
 * <ul>
 * <li>a mutable i64 global, the instructions left, appended after the module's globals;</li>
 * <li>each basic block's static cost ({@link InstructionWeights}, wasm64 weights for a lowered memory64 module) is
 *     subtracted at its start; a block ends at {@code loop}, {@code if}, {@code else}, {@code br}, {@code br_if},
 *     {@code br_table}, {@code end}, {@code return}, {@code unreachable} and {@code return_call*};</li>
 * <li>each function's first block also carries the +1 of its entry;</li>
 * <li>at function entry and at each loop header, a counter below zero runs {@code unreachable}: the host tells it
 *     from a real trap by the counter ({@link InstructionMeter#exhausted()});</li>
 * <li>before each bulk memory or table operation, a call to an appended helper subtracts its size operand;</li>
 * <li>calls that {@link Memory64Lowering} inserted cost nothing: the run is counted as the original module.</li>
 * </ul>
 * The appended global and function come after all existing ones, so no index shifts. For a run that completes, the
 * total equals the per-instruction sum of the listener ({@link InstructionMeter} in interpreter mode); a trap in the
 * middle of a block has its whole block charged, as on the replica.
 *
 * <p>{@link Counter#LOCAL} is the fast form of the same counting. Chicory compiles a global access to calls into its
 * runtime, which the JIT stops inlining in large functions, and two of them per block about doubled a function's
 * bytecode, so that functions the JIT compiled unmetered (at most 8,000 bytes: HotSpot's {@code HugeMethodLimit})
 * were no longer compiled at all. In the local form each function keeps the count in a local of its own (a JVM local
 * once compiled): loaded from the global at entry and after every call, written back before every call, return,
 * branch out of the function, {@code unreachable}, exhausted check and bulk charge. The global therefore holds the
 * exact count whenever the host can see it (a System API call, the end of the call, an exhausted check), and the
 * totals are those of {@link Counter#GLOBAL}; only a trap the Wasm code raises itself (an out-of-bounds access, a
 * division by zero) leaves the innermost function's last charges out, so the runtime runs such a call again in the
 * global form to report its count ({@code CanisterRuntime}).
 * <pre>{@code
 * MeteringInjection.Result r = MeteringInjection.inject(bytes, false, Integer.MAX_VALUE);
 * Instance i = Instance.builder(Parser.parse(r.bytes()))...build();
 * i.global(r.counterGlobal()).setValue(limit);   // then run; used = limit - the global's value
 * }</pre>
 */
final class MeteringInjection {


	/**
	 * The metered module.
	 *
	 * @param bytes the module with metering injected
	 * @param counterGlobal the index of the instructions-left global
	 */
	record Result(byte[] bytes, int counterGlobal) {
	}

	/** Where the injected code keeps the count while a function runs. */
	enum Counter {
		/** In the instructions-left global at every block: exact at any point, including a trap's. */
		GLOBAL,
		/** In a local of each function, written back to the global whenever the host may look (see above). */
		LOCAL
	}

	private final byte[] in;
	private final boolean wasm64;
	private final int firstLoweringHelper;
	private final Counter mode;
	private int[] paramCounts = new int[0];
	private int[] functionTypes = new int[0];
	private int types;
	private int importedFunctions;
	private int definedFunctions;
	private int globals;
	private int counter;
	private int bulkHelper;

	private MeteringInjection(byte[] in, boolean wasm64, int firstLoweringHelper, Counter mode) {
		this.in = in;
		this.wasm64 = wasm64;
		this.firstLoweringHelper = firstLoweringHelper;
		this.mode = mode;
	}

	/**
	 * Injects metering into {@code module}.
	 *
	 * @param module a wasm32 module (lowered if it was memory64)
	 * @param wasm64 whether loads and stores weigh as wasm64 ones (the original module was memory64)
	 * @param firstLoweringHelper calls to functions from this index on were inserted by the lowering and cost nothing
	 *            ({@link Integer#MAX_VALUE} if none)
	 */
	static Result inject(byte[] module, boolean wasm64, int firstLoweringHelper) {
		return inject(module, wasm64, firstLoweringHelper, Counter.GLOBAL);
	}

	/**
	 * Injects metering into {@code module}, keeping the count as {@code mode} says.
	 *
	 * @param module a wasm32 module (lowered if it was memory64)
	 * @param wasm64 whether loads and stores weigh as wasm64 ones
	 * @param firstLoweringHelper calls to functions from this index on were inserted by the lowering and cost nothing
	 * @param mode where functions keep the count while they run
	 */
	static Result inject(byte[] module, boolean wasm64, int firstLoweringHelper, Counter mode) {
		return new MeteringInjection(module, wasm64, firstLoweringHelper, mode).run();
	}

	private Result run() {
		List<int[]> sections = WasmSections.list(in);
		boolean hasGlobals = false;
		for (int[] s : sections) {
			Memory64Lowering.Reader b = new Memory64Lowering.Reader(in, s[1]);
			switch (s[0]) {
				case TYPE -> readTypes(b);
				case IMPORT -> importedFunctions = countFunctionImports(b);
				case FUNCTION -> {
					definedFunctions = (int) b.uleb();
					functionTypes = new int[definedFunctions];
					for (int f = 0; f < definedFunctions; f++) {
						functionTypes[f] = (int) b.uleb();
					}
				}
				case GLOBAL -> {
					globals = (int) b.uleb();
					hasGlobals = true;
				}
				default -> {
				}
			}
		}
		counter = globals;
		bulkHelper = importedFunctions + definedFunctions;
		Memory64Lowering.Out out = new Memory64Lowering.Out();
		out.bytes(in, 0, 8);
		for (int[] s : sections) {
			if (!hasGlobals && s[0] > GLOBAL) {
				section(out, GLOBAL, globalSection(0, 0));
				hasGlobals = true;
			}
			byte[] content = switch (s[0]) {
				case TYPE -> appendHelperType(s[1], s[2]);
				case FUNCTION -> appendHelperFunction(s[1], s[2]);
				case GLOBAL -> globalSection(s[1], s[2]);
				case CODE -> code(s[1], s[2]);
				default -> Arrays.copyOfRange(in, s[1], s[2]);
			};
			section(out, s[0], content);
		}
		if (!hasGlobals) {
			throw new IllegalArgumentException("cannot meter a module without a code section");
		}
		return new Result(out.toByteArray(), counter);
	}

	private static void section(Memory64Lowering.Out out, int id, byte[] content) {
		out.u8(id);
		out.uleb(content.length);
		out.bytes(content, 0, content.length);
	}

	/** The number of function imports; anything else imported is refused (metering and splitting read it so). */
	static int countFunctionImports(Memory64Lowering.Reader r) {
		long n = r.uleb();
		int functions = 0;
		for (long i = 0; i < n; i++) {
			r.skipName();
			r.skipName();
			int kind = r.u8();
			if (kind != 0) {
				throw new IllegalArgumentException("cannot meter a module that imports anything but functions");
			}
			r.uleb();
			functions++;
		}
		return functions;
	}

	/** The number of types, and each function type's parameter count (the local form numbers its local after them). */
	private void readTypes(Memory64Lowering.Reader r) {
		types = (int) r.uleb();
		paramCounts = new int[types];
		for (int t = 0; t < types; t++) {
			if (r.u8() != 0x60) {
				throw new IllegalArgumentException("cannot meter a module with a type that is not a function type (GC types)");
			}
			paramCounts[t] = (int) r.uleb();
			r.pos += paramCounts[t]; // number and reference types are one byte each
			long results = r.uleb();
			r.pos += (int) results;
		}
	}

	/** (i32) -> (i32): the bulk helper's type, after the module's types. */
	private byte[] appendHelperType(int start, int end) {
		Memory64Lowering.Reader r = new Memory64Lowering.Reader(in, start);
		long n = r.uleb();
		Memory64Lowering.Out out = new Memory64Lowering.Out();
		out.uleb(n + 1);
		out.bytes(in, r.pos, end - r.pos);
		out.u8(0x60).uleb(1).u8(0x7F).uleb(1).u8(0x7F);
		return out.toByteArray();
	}

	private byte[] appendHelperFunction(int start, int end) {
		Memory64Lowering.Reader r = new Memory64Lowering.Reader(in, start);
		long n = r.uleb();
		Memory64Lowering.Out out = new Memory64Lowering.Out();
		out.uleb(n + 1);
		out.bytes(in, r.pos, end - r.pos);
		out.uleb(types);
		return out.toByteArray();
	}

	/** The module's globals and the counter: {@code (global (mut i64) (i64.const 0))}. */
	private byte[] globalSection(int start, int end) {
		Memory64Lowering.Out out = new Memory64Lowering.Out();
		if (end > start) {
			Memory64Lowering.Reader r = new Memory64Lowering.Reader(in, start);
			long n = r.uleb();
			out.uleb(n + 1);
			out.bytes(in, r.pos, end - r.pos);
		}
		else {
			out.uleb(1);
		}
		out.u8(0x7E).u8(0x01).u8(0x42).sleb(0).u8(0x0B);
		return out.toByteArray();
	}

	private byte[] code(int start, int end) {
		Memory64Lowering.Reader r = new Memory64Lowering.Reader(in, start);
		long n = r.uleb();
		Memory64Lowering.Out out = new Memory64Lowering.Out();
		out.uleb(n + 1);
		for (long i = 0; i < n; i++) {
			int size = (int) r.uleb();
			int bodyEnd = r.pos + size;
			// the lowering's helpers are not the original module's: they stay unmetered
			byte[] body = importedFunctions + i >= firstLoweringHelper ? Arrays.copyOfRange(in, r.pos, bodyEnd) : function(r, bodyEnd, (int) i);
			out.uleb(body.length);
			out.bytes(body, 0, body.length);
			r.pos = bodyEnd;
		}
		// the bulk helper: counter -= (i64) size; return size
		Memory64Lowering.Out h = new Memory64Lowering.Out();
		h.uleb(0);
		h.u8(0x23).uleb(counter); // global.get
		h.u8(0x20).uleb(0); // local.get 0
		h.u8(0xAD); // i64.extend_i32_u
		h.u8(0x7D); // i64.sub
		h.u8(0x24).uleb(counter); // global.set
		h.u8(0x20).uleb(0);
		h.u8(0x0B);
		byte[] helper = h.toByteArray();
		out.uleb(helper.length);
		out.bytes(helper, 0, helper.length);
		if (r.pos != end) {
			throw new IllegalArgumentException("not a valid Wasm module: the code section has trailing bytes");
		}
		return out.toByteArray();
	}

	private byte[] function(Memory64Lowering.Reader r, int bodyEnd, int index) {
		Memory64Lowering.Out out = new Memory64Lowering.Out();
		int localsStart = r.pos;
		long groups = r.uleb();
		int groupsStart = r.pos;
		long declared = 0;
		for (long g = 0; g < groups; g++) {
			declared += r.uleb();
			r.u8();
		}
		boolean local = mode == Counter.LOCAL;
		if (local) {
			// one more group, (1 × i64), after the declared ones: the function's count
			out.uleb(groups + 1);
			out.bytes(in, groupsStart, r.pos - groupsStart);
			out.uleb(1).u8(0x7E);
			this.count = paramCounts[functionTypes[index]] + declared;
			load(out);
		}
		else {
			out.bytes(in, localsStart, r.pos - localsStart);
		}
		Memory64Lowering.Out block = new Memory64Lowering.Out();
		long cost = 1; // the function's entry
		boolean checkpoint = true; // function entry
		int depth = 0; // open blocks, loops and ifs inside the function's own block
		while (r.pos < bodyEnd) {
			int from = r.pos;
			int op = Memory64Lowering.next(r);
			if (op == 0x10 && callee(from) >= firstLoweringHelper) {
				block.bytes(in, from, r.pos - from); // inserted by the lowering: not in the original
				continue;
			}
			OpCode code = OpCode.byOpCode(op);
			if (code == null) {
				throw new IllegalArgumentException(String.format("cannot meter the instruction 0x%X", op));
			}
			boolean last = op == 0x0B && depth == 0;
			boolean reload = false;
			if (local && leavesFunctionOrCalls(op, from, depth, last)) {
				store(block);
				reload = op == 0x10 || op == 0x11;
			}
			if (InstructionWeights.isBulk(code)) {
				if (local && !reload) {
					store(block);
				}
				block.u8(0x10).uleb(bulkHelper);
				reload |= local;
			}
			cost += wasm64 ? InstructionWeights.of64(code) : InstructionWeights.of(code);
			block.bytes(in, from, r.pos - from);
			if (reload) {
				load(block);
			}
			if (op == 0x02 || op == 0x03 || op == 0x04) {
				depth++;
			}
			else if (op == 0x0B && !last) {
				depth--;
			}
			if (endsBlock(op)) {
				flush(out, block, cost, checkpoint);
				block.reset();
				cost = 0;
				checkpoint = op == 0x03; // the loop's body starts with a check
			}
		}
		if (block.size() > 0 || cost > 0) {
			flush(out, block, cost, checkpoint);
		}
		return out.toByteArray();
	}

	/** The local form's local in the function being rewritten. */
	private long count;

	/**
	 * Whether, in the local form, the global must hold the count before {@code op}: a call (the callee and the host read
	 * it), a return or tail call, a branch to the function's own block (a return too), {@code unreachable}, the
	 * function's last {@code end}.
	 */
	private boolean leavesFunctionOrCalls(int op, int at, int depth, boolean last) {
		return switch (op) {
			case 0x10, 0x11, 0x12, 0x13, 0x0F, 0x00 -> true;
			case 0x0C, 0x0D -> label(at) == depth;
			case 0x0E -> branchTableLeaves(at, depth);
			case 0x0B -> last;
			default -> false;
		};
	}

	private long label(int at) {
		return new Memory64Lowering.Reader(in, at + 1).uleb();
	}

	private boolean branchTableLeaves(int at, int depth) {
		Memory64Lowering.Reader r = new Memory64Lowering.Reader(in, at + 1);
		long n = r.uleb();
		for (long i = 0; i <= n; i++) {
			if (r.uleb() == depth) {
				return true;
			}
		}
		return false;
	}

	/** {@code global.set counter (local.get count)}: stack-neutral. */
	private void store(Memory64Lowering.Out to) {
		to.u8(0x20).uleb(count);
		to.u8(0x24).uleb(counter);
	}

	/** {@code local.set count (global.get counter)}: stack-neutral. */
	private void load(Memory64Lowering.Out to) {
		to.u8(0x23).uleb(counter);
		to.u8(0x21).uleb(count);
	}

	private long callee(int at) {
		Memory64Lowering.Reader r = new Memory64Lowering.Reader(in, at + 1);
		return r.uleb();
	}

	private static boolean endsBlock(int op) {
		return switch (op) {
			case 0x03, 0x04, 0x05, 0x0C, 0x0D, 0x0E, 0x0B, 0x0F, 0x00, 0x12, 0x13 -> true;
			default -> false;
		};
	}

	/** The block's charge, the limit check at entries and loop headers, then the block. */
	private void flush(Memory64Lowering.Out out, Memory64Lowering.Out block, long cost, boolean checkpoint) {
		boolean local = mode == Counter.LOCAL;
		int get = local ? 0x20 : 0x23;
		long where = local ? count : counter;
		if (cost > 0) {
			out.u8(get).uleb(where);
			out.u8(0x42).sleb(cost);
			out.u8(0x7D); // i64.sub
			out.u8(local ? 0x21 : 0x24).uleb(where);
		}
		if (checkpoint) {
			out.u8(get).uleb(where);
			out.u8(0x42).sleb(0);
			out.u8(0x53); // i64.lt_s
			out.u8(0x04).u8(0x40);
			if (local) {
				store(out); // the host tells exhaustion from a trap by the global
			}
			out.u8(0x00); // unreachable
			out.u8(0x0B);
		}
		byte[] b = block.toByteArray();
		out.bytes(b, 0, b.length);
	}
}
