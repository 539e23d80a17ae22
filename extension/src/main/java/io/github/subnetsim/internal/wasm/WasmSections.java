package io.github.subnetsim.internal.wasm;

import java.util.ArrayList;
import java.util.List;

/**
 * A look at a module's raw sections before parsing, for what Chicory cannot parse with a clear message: memory64
 * (limits flag 0x04) and table64 (0x04 in a table's limits flag), as Motoko ≥ 2.0 emits (docs/wasm-transforms.md, §6);
 * and the section ids and list that the passes rewriting a module share (lowering, metering, splitting).
 * <pre>{@code
 * WasmSections.sixtyFourBitFeature(bytes); // "memory64", "table64", "memory64 + table64" or null
 * WasmSections.list(bytes);                // [{id, content start, content end}, ...]
 * }</pre>
 */
final class WasmSections {

	// section ids (WebAssembly core spec, §5.5.2), shared by the passes that rewrite modules
	static final int TYPE = 1;
	static final int IMPORT = 2;
	static final int FUNCTION = 3;
	static final int TABLE = 4;
	static final int MEMORY = 5;
	static final int GLOBAL = 6;
	static final int START = 8;
	static final int ELEMENT = 9;
	static final int CODE = 10;
	static final int DATA = 11;

	private WasmSections() {
	}

	/** The module's sections in order, each as {id, first content byte, end}. */
	static List<int[]> list(byte[] module) {
		List<int[]> sections = new ArrayList<>();
		Memory64Lowering.Reader r = new Memory64Lowering.Reader(module, 8);
		while (r.pos < module.length) {
			int id = r.u8();
			int size = (int) r.uleb();
			sections.add(new int[] {id, r.pos, r.pos + size});
			r.pos += size;
		}
		return sections;
	}

	static String sixtyFourBitFeature(byte[] b) {
		boolean memory64 = false;
		boolean table64 = false;
		try {
			int[] pos = {8};
			while (pos[0] < b.length) {
				int id = b[pos[0]++] & 0xFF;
				int size = (int) uleb(b, pos);
				int end = pos[0] + size;
				if (id == MEMORY || id == TABLE) {
					long count = uleb(b, pos);
					for (long i = 0; i < count; i++) {
						if (id == TABLE) {
							pos[0]++; // reference type
						}
						int flags = b[pos[0]++] & 0xFF;
						if ((flags & 0x04) != 0) {
							memory64 |= id == MEMORY;
							table64 |= id == TABLE;
						}
						uleb(b, pos);
						if ((flags & 0x01) != 0) {
							uleb(b, pos);
						}
					}
				}
				pos[0] = end;
			}
		}
		catch (ArrayIndexOutOfBoundsException truncated) {
			// the parser reports it
		}
		return memory64 && table64 ? "memory64 + table64" : memory64 ? "memory64" : table64 ? "table64" : null;
	}

	/**
	 * The module without its start section (id 8), or the same array when it has none. Chicory runs a module's start
	 * function whenever it instantiates it; the replica runs it once, at install, and never before a query.
	 */
	static byte[] withoutStartSection(byte[] b) {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(b.length);
		out.write(b, 0, 8);
		boolean found = false;
		int[] pos = {8};
		while (pos[0] < b.length) {
			int from = pos[0];
			int id = b[pos[0]++] & 0xFF;
			int size = (int) uleb(b, pos);
			int end = pos[0] + size;
			if (id == START) {
				found = true;
			}
			else {
				out.write(b, from, end - from);
			}
			pos[0] = end;
		}
		return found ? out.toByteArray() : b;
	}

	private static long uleb(byte[] b, int[] pos) {
		long v = 0;
		int shift = 0;
		int x;
		do {
			x = b[pos[0]++] & 0xFF;
			v |= (long) (x & 0x7f) << shift;
			shift += 7;
		}
		while ((x & 0x80) != 0 && shift < 64);
		return v;
	}
}
