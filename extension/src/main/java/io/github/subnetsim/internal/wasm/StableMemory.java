package io.github.subnetsim.internal.wasm;

import java.util.Arrays;

/**
 * A canister's stable memory, in 64 KiB pages. A transform's writes are discarded with the call (each run gets a
 * copy of the installed state).
 * <pre>{@code
 * StableMemory s = new StableMemory();
 * s.grow(1); // 0: the old size in pages
 * }</pre>
 */
final class StableMemory {

	static final int PAGE = 64 * 1024;
	/** What the simulator holds in memory; the replica allows far more. */
	static final long MAX_PAGES = 4096;

	private byte[] bytes;

	StableMemory() {
		this(new byte[0]);
	}

	private StableMemory(byte[] bytes) {
		this.bytes = bytes;
	}

	StableMemory copy() {
		return new StableMemory(bytes.clone());
	}

	long pages() {
		return bytes.length / PAGE;
	}

	long grow(long pages) {
		long old = pages();
		if (pages < 0 || old + pages > MAX_PAGES) {
			return -1;
		}
		bytes = Arrays.copyOf(bytes, Math.toIntExact((old + pages) * PAGE));
		return old;
	}

	byte[] read(long offset, long size, CanisterErrors errors) {
		check(offset, size, errors);
		return Arrays.copyOfRange(bytes, (int) offset, (int) (offset + size));
	}

	void write(long offset, byte[] data, CanisterErrors errors) {
		check(offset, data.length, errors);
		System.arraycopy(data, 0, bytes, (int) offset, data.length);
	}

	private void check(long offset, long size, CanisterErrors errors) {
		if (offset < 0 || size < 0 || offset + size > bytes.length) {
			throw new CanisterFailure(errors.trapped("stable memory out of bounds"));
		}
	}
}
