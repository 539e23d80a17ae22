package io.github.subnetsim.internal.wasm;

import static io.github.subnetsim.internal.wasm.WasmSections.CODE;
import static io.github.subnetsim.internal.wasm.WasmSections.FUNCTION;
import static io.github.subnetsim.internal.wasm.WasmSections.IMPORT;
import static io.github.subnetsim.internal.wasm.WasmSections.TYPE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Splits large functions of a metered module ({@link MeteringInjection.Counter#LOCAL}) so that every JVM method Chicory
 * compiles them to stays under HotSpot's {@code HugeMethodLimit} (8,000 bytes of bytecode): a method over it is never
 * JIT-compiled by default and runs several times slower ({@link HugeMethods}; docs/wasm-transforms.md, "Speed").
 * Motoko's runtime has several such functions, among them the Candid header parser every transform runs.
 *
 * <p>A {@code block} or {@code loop} with no parameters and no results, without {@code return}, whose {@code br_table}s
 * stay inside it and whose other branches stay inside it or go out to blocks that take no values, moves into a new
 * function appended after all others (no index shifts): the locals it uses become the new function's parameters, the
 * locals it writes its results, and the original place becomes {@code local.get} of those, the {@code call}, and
 * {@code local.set} of the results. A region that branches out also returns an exit code, which a {@code br_table}
 * after the call turns back into the branch it stood for. The moved code is the metered code
 * itself, charges included, and the added instructions carry no charge: every charge and check runs in the same order
 * with the same values, so the count and the exhaustion point are those of the unsplit module. Largest regions first,
 * until each function is at most {@value #TARGET_BYTES} bytes of Wasm code (about 1.2–1.8 bytes of bytecode each), over
 * a few rounds, since a moved region can itself be split.
 * <pre>{@code
 * byte[] split = FunctionOutlining.split(meteredLocalForm);
 * }</pre>
 */
final class FunctionOutlining {

	/** A function body larger than this many bytes of Wasm code is split. */
	static final int TARGET_BYTES = 4_000;

	/** Regions smaller than this are not worth a call. */
	private static final int MIN_REGION_BYTES = 200;

	private static final int ROUNDS = 8;


	/** One function type, as its raw parameter and result type bytes (numeric and reference types are one byte). */
	private record FuncType(byte[] params, byte[] results) {

		byte[] encode() {
			Memory64Lowering.Out o = new Memory64Lowering.Out();
			o.u8(0x60).uleb(params.length);
			o.bytes(params, 0, params.length);
			o.uleb(results.length);
			o.bytes(results, 0, results.length);
			return o.toByteArray();
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof FuncType t && Arrays.equals(t.params, params) && Arrays.equals(t.results, results);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(params) * 31 + Arrays.hashCode(results);
		}
	}

	/**
	 * A region that may move: byte range in the body (from its block/loop opcode to its end, inclusive), its nesting
	 * depth (the function's own block is 0), the locals it uses and writes, and the enclosing blocks it branches out to
	 * (by depth; each gets an exit code, its position + 1).
	 */
	private record Region(int from, int to, int depth, BitSet used, BitSet written, int[] exits) {

		int size() {
			return to - from;
		}
	}

	private final List<FuncType> types = new ArrayList<>();
	private final List<Integer> functionTypes = new ArrayList<>();
	private final List<byte[]> bodies = new ArrayList<>();
	private int importedFunctions;

	private FunctionOutlining() {
	}

	/**
	 * The module with its large functions split; the same bytes if none is large or none can be split.
	 *
	 * @param module a module metered in the local form
	 * @return the split module
	 */
	static byte[] split(byte[] module) {
		FunctionOutlining o = new FunctionOutlining();
		List<int[]> sections = o.read(module);
		boolean changed = false;
		for (int round = 0; round < ROUNDS; round++) {
			boolean any = false;
			int count = o.bodies.size();
			for (int f = 0; f < count; f++) {
				if (o.bodies.get(f).length > TARGET_BYTES) {
					any |= o.splitFunction(f);
				}
			}
			changed |= any;
			if (!any) {
				break;
			}
		}
		return changed ? o.write(module, sections) : module;
	}

	private List<int[]> read(byte[] in) {
		List<int[]> sections = WasmSections.list(in);
		for (int[] section : sections) {
			Memory64Lowering.Reader b = new Memory64Lowering.Reader(in, section[1]);
			switch (section[0]) {
				case TYPE -> {
					long n = b.uleb();
					for (long t = 0; t < n; t++) {
						b.u8(); // 0x60, checked by the metering
						int np = (int) b.uleb();
						byte[] params = Arrays.copyOfRange(in, b.pos, b.pos + np);
						b.pos += np;
						int nr = (int) b.uleb();
						byte[] results = Arrays.copyOfRange(in, b.pos, b.pos + nr);
						b.pos += nr;
						types.add(new FuncType(params, results));
					}
				}
				case IMPORT -> importedFunctions = MeteringInjection.countFunctionImports(b);
				case FUNCTION -> {
					long n = b.uleb();
					for (long i = 0; i < n; i++) {
						functionTypes.add((int) b.uleb());
					}
				}
				case CODE -> {
					long n = b.uleb();
					for (long i = 0; i < n; i++) {
						int len = (int) b.uleb();
						bodies.add(Arrays.copyOfRange(in, b.pos, b.pos + len));
						b.pos += len;
					}
				}
				default -> {
				}
			}
		}
		return sections;
	}

	/** Moves regions of function {@code f} (an index into the defined functions) out; false if none could move. */
	private boolean splitFunction(int f) {
		byte[] body = bodies.get(f);
		Memory64Lowering.Reader r = new Memory64Lowering.Reader(body, 0);
		byte[] localTypes = localTypes(r, types.get(functionTypes.get(f)).params());
		int codeStart = r.pos;
		List<Region> regions = regions(body, codeStart);
		regions.sort(Comparator.comparingInt(Region::size).reversed());
		List<Region> chosen = new ArrayList<>();
		int remaining = body.length;
		boolean exits = false;
		for (Region region : regions) {
			if (remaining <= TARGET_BYTES) {
				break;
			}
			if (region.size() > (body.length - codeStart) * 4 / 5 || overlaps(region, chosen)) {
				continue;
			}
			chosen.add(region);
			exits |= region.exits().length > 0;
			remaining -= region.size();
		}
		if (chosen.isEmpty()) {
			return false;
		}
		chosen.sort(Comparator.comparingInt(Region::from));
		Memory64Lowering.Out out = new Memory64Lowering.Out();
		int exitCode = localTypes.length; // an i32 local added for the exit codes of regions that branch out
		if (exits) {
			Memory64Lowering.Reader locals = new Memory64Lowering.Reader(body, 0);
			long groups = locals.uleb();
			out.uleb(groups + 1);
			out.bytes(body, locals.pos, codeStart - locals.pos);
			out.uleb(1).u8(0x7F);
		}
		else {
			out.bytes(body, 0, codeStart);
		}
		int at = codeStart;
		for (Region region : chosen) {
			out.bytes(body, at, region.from() - at);
			int callee = importedFunctions + bodies.size();
			bodies.add(outlined(body, region, localTypes));
			byte[] results = typesOf(region.written(), localTypes);
			if (region.exits().length > 0) {
				results = Arrays.copyOf(results, results.length + 1);
				results[results.length - 1] = 0x7F;
			}
			functionTypes.add(typeIndex(new FuncType(typesOf(region.used(), localTypes), results)));
			for (int l = region.used().nextSetBit(0); l >= 0; l = region.used().nextSetBit(l + 1)) {
				out.u8(0x20).uleb(l);
			}
			out.u8(0x10).uleb(callee);
			if (region.exits().length > 0) {
				out.u8(0x21).uleb(exitCode);
			}
			int[] written = region.written().stream().toArray();
			for (int i = written.length - 1; i >= 0; i--) {
				out.u8(0x21).uleb(written[i]);
			}
			if (region.exits().length > 0) {
				// block; br_table on the exit code: 0 falls through, code i goes where the region's branch went (one
				// more label out, for this block)
				out.u8(0x02).u8(0x40);
				out.u8(0x20).uleb(exitCode);
				out.u8(0x0E).uleb(region.exits().length + 1).uleb(0);
				for (int t : region.exits()) {
					out.uleb(region.depth() - t);
				}
				out.uleb(0);
				out.u8(0x0B);
			}
			at = region.to();
		}
		out.bytes(body, at, body.length - at);
		bodies.set(f, out.toByteArray());
		return true;
	}

	/** The type of every local of a function: its parameters, then its declared locals. */
	private static byte[] localTypes(Memory64Lowering.Reader r, byte[] params) {
		Memory64Lowering.Out all = new Memory64Lowering.Out();
		all.bytes(params, 0, params.length);
		long groups = r.uleb();
		for (long g = 0; g < groups; g++) {
			long n = r.uleb();
			int type = r.u8();
			if (n > 100_000) {
				throw new IllegalArgumentException("cannot split a function with " + n + " locals of one type");
			}
			for (long i = 0; i < n; i++) {
				all.u8(type);
			}
		}
		return all.toByteArray();
	}

	/** Every block and loop without parameters or results that could move, in one pass over the code. */
	private static List<Region> regions(byte[] body, int codeStart) {
		final class Frame {
			final int from;
			final int depth;
			final boolean movable;
			/** Whether a branch to this frame carries no values, so that a moved region may branch out to it. */
			final boolean bare;
			final BitSet used = new BitSet();
			final BitSet written = new BitSet();
			/** Depths of the frames that br and br_if inside this one go to. */
			final BitSet targets = new BitSet();
			int lowestTableTarget = Integer.MAX_VALUE;
			boolean returns;

			Frame(int from, int depth, boolean movable, boolean bare) {
				this.from = from;
				this.depth = depth;
				this.movable = movable;
				this.bare = bare;
			}
		}
		List<Region> out = new ArrayList<>();
		List<Frame> frames = new ArrayList<>();
		frames.add(new Frame(codeStart, 0, false, false)); // the function's own block: a branch to it is a return
		Memory64Lowering.Reader r = new Memory64Lowering.Reader(body, codeStart);
		while (r.pos < body.length) {
			int from = r.pos;
			int op = Memory64Lowering.next(r);
			Frame top = frames.get(frames.size() - 1);
			switch (op) {
				case 0x02, 0x03, 0x04 -> {
					int type = body[from + 1] & 0xFF;
					boolean empty = type == 0x40;
					boolean valueType = type == 0x7F || type == 0x7E || type == 0x7D || type == 0x7C || type == 0x7B || type == 0x70 || type == 0x6F;
					// a loop's label takes its parameters (none unless typed by index), a block's its results
					frames.add(new Frame(from, frames.size(), op != 0x04 && empty, empty || op == 0x03 && valueType));
				}
				case 0x20, 0x21, 0x22 -> {
					int local = (int) new Memory64Lowering.Reader(body, from + 1).uleb();
					top.used.set(local);
					if (op != 0x20) {
						top.written.set(local);
					}
				}
				case 0x0C, 0x0D -> top.targets.set(frames.size() - 1 - (int) new Memory64Lowering.Reader(body, from + 1).uleb());
				case 0x0E -> {
					Memory64Lowering.Reader t = new Memory64Lowering.Reader(body, from + 1);
					long n = t.uleb();
					for (long i = 0; i <= n; i++) {
						top.lowestTableTarget = Math.min(top.lowestTableTarget, frames.size() - 1 - (int) t.uleb());
					}
				}
				case 0x0F, 0x12, 0x13 -> top.returns = true;
				case 0x0B -> {
					if (frames.size() == 1) {
						return out; // the function's end
					}
					frames.remove(frames.size() - 1);
					Frame parent = frames.get(frames.size() - 1);
					int[] exits = top.targets.get(0, top.depth).stream().toArray();
					boolean exitsBare = true;
					for (int t : exits) {
						exitsBare &= frames.get(t).bare;
					}
					if (top.movable && !top.returns && exitsBare && top.lowestTableTarget >= top.depth && r.pos - top.from >= MIN_REGION_BYTES) {
						out.add(new Region(top.from, r.pos, top.depth, (BitSet) top.used.clone(), (BitSet) top.written.clone(), exits));
					}
					parent.used.or(top.used);
					parent.written.or(top.written);
					parent.targets.or(top.targets);
					parent.lowestTableTarget = Math.min(parent.lowestTableTarget, top.lowestTableTarget);
					parent.returns |= top.returns;
				}
				default -> {
				}
			}
		}
		throw new IllegalArgumentException("a function body without its end");
	}

	private static boolean overlaps(Region region, List<Region> chosen) {
		for (Region c : chosen) {
			if (region.from() < c.to() && c.from() < region.to()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The new function: the region with its locals renumbered, then its written locals as results (and the exit code 0
	 * when it can branch out); a branch out becomes a return of the written locals and that exit's code.
	 */
	private static byte[] outlined(byte[] body, Region region, byte[] localTypes) {
		int[] renumber = new int[localTypes.length];
		int k = 0;
		for (int l = region.used().nextSetBit(0); l >= 0; l = region.used().nextSetBit(l + 1)) {
			renumber[l] = k++;
		}
		Memory64Lowering.Out out = new Memory64Lowering.Out();
		out.uleb(0); // no locals beyond the parameters
		Memory64Lowering.Reader r = new Memory64Lowering.Reader(body, region.from());
		int depth = region.depth() - 1; // the innermost open frame, counted as in the original function
		while (r.pos < region.to()) {
			int from = r.pos;
			int op = Memory64Lowering.next(r);
			if (op == 0x20 || op == 0x21 || op == 0x22) {
				out.u8(op).uleb(renumber[(int) new Memory64Lowering.Reader(body, from + 1).uleb()]);
				continue;
			}
			if (op == 0x0C || op == 0x0D) {
				int target = depth - (int) new Memory64Lowering.Reader(body, from + 1).uleb();
				if (target < region.depth()) {
					if (op == 0x0D) {
						out.u8(0x04).u8(0x40);
					}
					results(out, region, renumber, exitCode(region, target));
					out.u8(0x0F);
					if (op == 0x0D) {
						out.u8(0x0B);
					}
					continue;
				}
			}
			if (op == 0x02 || op == 0x03 || op == 0x04) {
				depth++;
			}
			else if (op == 0x0B) {
				depth--;
			}
			out.bytes(body, from, r.pos - from);
		}
		results(out, region, renumber, 0);
		out.u8(0x0B);
		return out.toByteArray();
	}

	private static void results(Memory64Lowering.Out out, Region region, int[] renumber, int exitCode) {
		for (int l = region.written().nextSetBit(0); l >= 0; l = region.written().nextSetBit(l + 1)) {
			out.u8(0x20).uleb(renumber[l]);
		}
		if (region.exits().length > 0) {
			out.u8(0x41).sleb(exitCode);
		}
	}

	private static int exitCode(Region region, int target) {
		int[] exits = region.exits();
		for (int i = 0; i < exits.length; i++) {
			if (exits[i] == target) {
				return i + 1;
			}
		}
		throw new IllegalStateException("a branch out of a region to a block it did not record");
	}

	private static byte[] typesOf(BitSet locals, byte[] localTypes) {
		Memory64Lowering.Out out = new Memory64Lowering.Out();
		for (int l = locals.nextSetBit(0); l >= 0; l = locals.nextSetBit(l + 1)) {
			out.u8(localTypes[l]);
		}
		return out.toByteArray();
	}

	private int typeIndex(FuncType t) {
		int i = types.indexOf(t);
		if (i >= 0) {
			return i;
		}
		types.add(t);
		return types.size() - 1;
	}

	/** The module with the type, function and code sections rewritten; the others as they were. */
	private byte[] write(byte[] in, List<int[]> sections) {
		Memory64Lowering.Out out = new Memory64Lowering.Out();
		out.bytes(in, 0, 8);
		for (int[] s : sections) {
			Memory64Lowering.Out content = new Memory64Lowering.Out();
			switch (s[0]) {
				case TYPE -> {
					content.uleb(types.size());
					for (FuncType t : types) {
						byte[] b = t.encode();
						content.bytes(b, 0, b.length);
					}
				}
				case FUNCTION -> {
					content.uleb(functionTypes.size());
					for (int t : functionTypes) {
						content.uleb(t);
					}
				}
				case CODE -> {
					content.uleb(bodies.size());
					for (byte[] b : bodies) {
						content.uleb(b.length);
						content.bytes(b, 0, b.length);
					}
				}
				default -> content.bytes(in, s[1], s[2] - s[1]);
			}
			out.u8(s[0]).uleb(content.size());
			byte[] c = content.toByteArray();
			out.bytes(c, 0, c.length);
		}
		return out.toByteArray();
	}
}
