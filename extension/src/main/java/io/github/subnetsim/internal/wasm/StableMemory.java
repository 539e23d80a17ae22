package io.github.subnetsim.internal.wasm;

import java.util.Arrays;

/**
 * A canister's stable memory, in 64 KiB pages. A transform's writes are discarded with the call: each run gets a
 * {@link #copy()} of the installed state that shares its pages and copies a page only when the run first writes to it,
 * so a call on a canister with megabytes of stable memory costs what it touches, not the whole memory per replica.
 * <pre>{@code
 * StableMemory s = new StableMemory();
 * s.grow(1); // 0: the old size in pages
 * StableMemory run = s.copy(); // what run writes, s does not see
 * }</pre>
 */
final class StableMemory {

	static final int PAGE = 64 * 1024;
	/** What the simulator holds in memory; the replica allows far more. */
	static final long MAX_PAGES = 4096;
	/** Every page no one has written: shared, never written. */
	private static final byte[] ZERO = new byte[PAGE];

	private byte[][] pages;
	/** Which pages are this memory's own (written since it was created or copied); the others are shared, read-only. */
	private boolean[] own;

	StableMemory() {
		this(new byte[0][], new boolean[0]);
	}

	private StableMemory(byte[][] pages, boolean[] own) {
		this.pages = pages;
		this.own = own;
	}

	/** A run's stable memory: this one's pages, shared until the run writes to them. */
	StableMemory copy() {
		return new StableMemory(pages.clone(), new boolean[pages.length]);
	}

	long pages() {
		return pages.length;
	}

	long grow(long more) {
		long old = pages.length;
		if (more < 0 || old + more > MAX_PAGES) {
			return -1;
		}
		int next = (int) (old + more);
		pages = Arrays.copyOf(pages, next);
		own = Arrays.copyOf(own, next);
		Arrays.fill(pages, (int) old, next, ZERO);
		return old;
	}

	byte[] read(long offset, long size, CanisterErrors errors) {
		check(offset, size, errors);
		byte[] out = new byte[(int) size];
		int at = 0;
		long from = offset;
		while (at < out.length) {
			int page = (int) (from / PAGE);
			int off = (int) (from % PAGE);
			int n = Math.min(out.length - at, PAGE - off);
			System.arraycopy(pages[page], off, out, at, n);
			at += n;
			from += n;
		}
		return out;
	}

	void write(long offset, byte[] data, CanisterErrors errors) {
		check(offset, data.length, errors);
		int at = 0;
		long to = offset;
		while (at < data.length) {
			int page = (int) (to / PAGE);
			int off = (int) (to % PAGE);
			int n = Math.min(data.length - at, PAGE - off);
			System.arraycopy(data, at, writable(page), off, n);
			at += n;
			to += n;
		}
	}

	private byte[] writable(int page) {
		if (!own[page]) {
			pages[page] = pages[page].clone();
			own[page] = true;
		}
		return pages[page];
	}

	private void check(long offset, long size, CanisterErrors errors) {
		if (offset < 0 || size < 0 || size > (long) pages.length * PAGE - offset) { // no overflow for i64 operands
			throw new CanisterFailure(errors.trapped("stable memory out of bounds"));
		}
	}
}
