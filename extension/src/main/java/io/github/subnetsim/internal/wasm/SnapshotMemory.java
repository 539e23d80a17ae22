package io.github.subnetsim.internal.wasm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;

/**
 * A call's linear memory that starts as the installed canister's snapshot and copies a 4 KiB chunk only when the call
 * first writes to it (copy on write). Every call sees the state after install, as on a fresh instance (a query's
 * writes are discarded, docs/wasm-transforms.md "Per-call model"), without allocating and filling megabytes per call:
 * a Motoko transform touches a few pages of its 2–4 MB memory.
 *
 * <p>The snapshot's pages are shared between calls and threads and never written. Active data segments are already in
 * the snapshot, so {@link #initialize} only keeps the segments for {@code memory.init}, and the {@link #zero()} that
 * precedes it is skipped. Out-of-bounds accesses throw
 * Chicory's {@code out of bounds memory access} trap, as its own memories do.
 * <pre>{@code
 * byte[][] snapshot = SnapshotMemory.pagesOf(installedMemory);
 * Instance.builder(module).withMemoryFactory(limits -> new SnapshotMemory(snapshot, limits))...build();
 * }</pre>
 */
final class SnapshotMemory implements Memory {

	/** Copy-on-write granularity: 4 KiB chunks of the 64 KiB Wasm pages (a call writes to a few scattered places). */
	private static final int CHUNK_SHIFT = 12;
	private static final int CHUNK = 1 << CHUNK_SHIFT;
	private static final int CHUNK_MASK = CHUNK - 1;
	private static final int CHUNKS_PER_PAGE = PAGE_SIZE / CHUNK;
	private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
	private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
	private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private final MemoryLimits limits;
	private final byte[][] snapshot;
	private final int maxPages;
	private byte[][] pages;
	private boolean[] own;
	/**
	 * The snapshot's chunks this call copied, in order: a reset puts back just these, rather than looking at every
	 * chunk of a memory of megabytes.
	 */
	private int[] copied = new int[16];
	private int copiedCount;
	/**
	 * A previous call's private copy of each chunk, kept for the next call that writes to it: refilled from the snapshot
	 * then instead of allocated, so a pooled instance's calls make no garbage.
	 */
	private final byte[][] spare;
	/** In chunks. */
	private int nPages;
	private DataSegment[] dataSegments;
	private DataSegment[] initialSegments;
	private boolean initialized;

	SnapshotMemory(byte[][] snapshot, MemoryLimits limits) {
		this.limits = limits;
		this.snapshot = snapshot;
		this.maxPages = Math.max(snapshot.length / CHUNKS_PER_PAGE, Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES));
		this.pages = snapshot.clone();
		this.own = new boolean[snapshot.length];
		this.spare = new byte[snapshot.length][];
		this.nPages = snapshot.length;
	}

	/** The chunks of an installed memory, copied, for sharing: all-zero chunks share one array. */
	static byte[][] pagesOf(Memory m) {
		byte[] zero = new byte[CHUNK];
		byte[][] out = new byte[m.pages() * CHUNKS_PER_PAGE][];
		for (int i = 0; i < out.length; i++) {
			byte[] chunk = m.readBytes(i * CHUNK, CHUNK);
			out[i] = Arrays.equals(chunk, zero) ? zero : chunk;
		}
		return out;
	}

	private byte[] writable(int page) {
		if (page >= nPages || page < 0) {
			throw new WasmRuntimeException("out of bounds memory access: chunk " + page + " of " + nPages);
		}
		if (!own[page]) {
			copy(page);
		}
		return pages[page];
	}

	/** The chunk's first write in this call: a private copy of the snapshot's chunk. */
	private void copy(int page) {
		byte[] mine = page < spare.length ? spare[page] : null;
		if (mine == null) {
			mine = pages[page].clone();
		}
		else {
			System.arraycopy(snapshot[page], 0, mine, 0, CHUNK);
		}
		pages[page] = mine;
		own[page] = true;
		if (copiedCount == copied.length) {
			copied = Arrays.copyOf(copied, copiedCount * 2);
		}
		copied[copiedCount++] = page;
	}

	private byte[] readable(int page) {
		if (page >= nPages || page < 0) {
			throw new WasmRuntimeException("out of bounds memory access: chunk " + page + " of " + nPages);
		}
		return pages[page];
	}

	private long size() {
		return (long) nPages * CHUNK;
	}

	private void check(int addr, int len) {
		if (addr < 0 || len < 0 || addr + (long) len > size()) {
			throw new WasmRuntimeException("out of bounds memory access: attempted to access address: " + Integer.toUnsignedString(addr)
					+ " but limit is: " + size() + " and size: " + len);
		}
	}

	@Override
	public int pages() {
		return nPages / CHUNKS_PER_PAGE;
	}

	@Override
	public int grow(int size) {
		int prev = pages();
		long next = (long) prev + size;
		if (size < 0 || next > maxPages) {
			return -1;
		}
		int nextChunks = (int) (next * CHUNKS_PER_PAGE);
		if (nextChunks > pages.length) {
			int capacity = (int) Math.min((long) maxPages * CHUNKS_PER_PAGE, Math.max(nextChunks, 2L * pages.length));
			pages = Arrays.copyOf(pages, capacity);
			own = Arrays.copyOf(own, capacity);
		}
		for (int i = nPages; i < nextChunks; i++) {
			pages[i] = new byte[CHUNK];
			own[i] = true;
		}
		nPages = nextChunks;
		return prev;
	}

	@Override
	public int initialPages() {
		return limits.initialPages();
	}

	@Override
	public int maximumPages() {
		return maxPages;
	}

	@Override
	public boolean shared() {
		return false;
	}

	@Override
	public Object lock(int address) {
		throw new UnsupportedOperationException("a canister's memory is not shared");
	}

	@Override
	public int waitOn(int address, int expected, long timeout) {
		throw new UnsupportedOperationException("a canister's memory is not shared");
	}

	@Override
	public int waitOn(int address, long expected, long timeout) {
		throw new UnsupportedOperationException("a canister's memory is not shared");
	}

	@Override
	public int notify(int address, int maxThreads) {
		return 0;
	}

	@Override
	public void initialize(Instance instance, DataSegment[] segments) {
		this.initialSegments = segments; // the active ones are in the snapshot already
		this.dataSegments = segments == null ? null : segments.clone();
		this.initialized = true;
	}

	/** Back to the snapshot, as a fresh instance's memory: for an instance reused by the next call. */
	void reset() {
		for (int i = 0; i < copiedCount; i++) {
			int page = copied[i];
			spare[page] = pages[page];
		}
		if (pages.length != snapshot.length) {
			// the call grew the memory: its new chunks go, the snapshot's come back
			pages = snapshot.clone();
			own = new boolean[snapshot.length];
		}
		else {
			for (int i = 0; i < copiedCount; i++) {
				int page = copied[i];
				pages[page] = snapshot[page];
				own[page] = false;
			}
		}
		copiedCount = 0;
		nPages = snapshot.length;
		dataSegments = initialSegments == null ? null : initialSegments.clone();
	}

	@Override
	public void initialize(Instance instance, DataSegment[] segments, int memoryIndex) {
		initialize(instance, segments);
	}

	@Override
	public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
		write(dest, dataSegments[segmentId].data(), offset, size);
	}

	@Override
	public void drop(int segment) {
		dataSegments[segment] = PassiveDataSegment.EMPTY;
	}

	@Override
	public void write(int addr, byte[] data, int offset, int size) {
		if (offset < 0 || size < 0 || offset + (long) size > data.length) {
			throw new WasmRuntimeException("out of bounds memory access: source " + offset + " + " + size + " > " + data.length);
		}
		check(addr, size);
		while (size > 0) {
			int off = addr & CHUNK_MASK;
			int chunk = Math.min(size, CHUNK - off);
			System.arraycopy(data, offset, writable(addr >>> CHUNK_SHIFT), off, chunk);
			addr += chunk;
			offset += chunk;
			size -= chunk;
		}
	}

	@Override
	public byte[] readBytes(int addr, int len) {
		check(addr, len);
		byte[] out = new byte[len];
		int at = 0;
		while (at < len) {
			int off = addr & CHUNK_MASK;
			int chunk = Math.min(len - at, CHUNK - off);
			System.arraycopy(pages[addr >>> CHUNK_SHIFT], off, out, at, chunk);
			addr += chunk;
			at += chunk;
		}
		return out;
	}

	@Override
	public byte read(int addr) {
		return readable(addr >>> CHUNK_SHIFT)[addr & CHUNK_MASK];
	}

	@Override
	public void writeByte(int addr, byte data) {
		writable(addr >>> CHUNK_SHIFT)[addr & CHUNK_MASK] = data;
	}

	@Override
	public void writeI32(int addr, int data) {
		int off = addr & CHUNK_MASK;
		if (off <= CHUNK - 4) {
			INT.set(writable(addr >>> CHUNK_SHIFT), off, data);
		}
		else {
			check(addr, 4);
			for (int i = 0; i < 4; i++) {
				writeByte(addr + i, (byte) (data >>> (8 * i)));
			}
		}
	}

	@Override
	public int readInt(int addr) {
		int off = addr & CHUNK_MASK;
		if (off <= CHUNK - 4) {
			return (int) INT.get(readable(addr >>> CHUNK_SHIFT), off);
		}
		check(addr, 4);
		int v = 0;
		for (int i = 0; i < 4; i++) {
			v |= (read(addr + i) & 0xFF) << (8 * i);
		}
		return v;
	}

	@Override
	public void writeLong(int addr, long data) {
		int off = addr & CHUNK_MASK;
		if (off <= CHUNK - 8) {
			LONG.set(writable(addr >>> CHUNK_SHIFT), off, data);
		}
		else {
			check(addr, 8);
			for (int i = 0; i < 8; i++) {
				writeByte(addr + i, (byte) (data >>> (8 * i)));
			}
		}
	}

	@Override
	public long readLong(int addr) {
		int off = addr & CHUNK_MASK;
		if (off <= CHUNK - 8) {
			return (long) LONG.get(readable(addr >>> CHUNK_SHIFT), off);
		}
		check(addr, 8);
		long v = 0;
		for (int i = 0; i < 8; i++) {
			v |= (read(addr + i) & 0xFFL) << (8 * i);
		}
		return v;
	}

	@Override
	public void writeShort(int addr, short data) {
		int off = addr & CHUNK_MASK;
		if (off <= CHUNK - 2) {
			SHORT.set(writable(addr >>> CHUNK_SHIFT), off, data);
		}
		else {
			check(addr, 2);
			writeByte(addr, (byte) data);
			writeByte(addr + 1, (byte) (data >>> 8));
		}
	}

	@Override
	public short readShort(int addr) {
		int off = addr & CHUNK_MASK;
		if (off <= CHUNK - 2) {
			return (short) SHORT.get(readable(addr >>> CHUNK_SHIFT), off);
		}
		check(addr, 2);
		return (short) ((read(addr) & 0xFF) | (read(addr + 1) & 0xFF) << 8);
	}

	@Override
	public long readU16(int addr) {
		return readShort(addr) & 0xFFFFL;
	}

	@Override
	public void writeF32(int addr, float data) {
		writeI32(addr, Float.floatToRawIntBits(data));
	}

	@Override
	public long readF32(int addr) {
		return readInt(addr);
	}

	@Override
	public float readFloat(int addr) {
		return Float.intBitsToFloat(readInt(addr));
	}

	@Override
	public void writeF64(int addr, double data) {
		writeLong(addr, Double.doubleToRawLongBits(data));
	}

	@Override
	public double readDouble(int addr) {
		return Double.longBitsToDouble(readLong(addr));
	}

	@Override
	public long readF64(int addr) {
		return readLong(addr);
	}

	/** Zeroes the memory; but not when an instance is being set up (Chicory's {@code Instance.initialize} zeroes then writes the data segments): the snapshot is the state then. */
	@Override
	public void zero() {
		if (!initialized) {
			return;
		}
		fill((byte) 0, 0, (int) Math.min(size(), Integer.MAX_VALUE));
	}

	@Override
	public void fill(byte value, int fromIndex, int toIndex) {
		int addr = fromIndex;
		int remaining = toIndex - fromIndex;
		check(addr, remaining);
		while (remaining > 0) {
			int off = addr & CHUNK_MASK;
			int chunk = Math.min(remaining, CHUNK - off);
			Arrays.fill(writable(addr >>> CHUNK_SHIFT), off, off + chunk, value);
			addr += chunk;
			remaining -= chunk;
		}
	}

	@Override
	public void copy(int dest, int src, int size) {
		check(dest, size);
		check(src, size);
		write(dest, readBytes(src, size), 0, size);
	}
}
