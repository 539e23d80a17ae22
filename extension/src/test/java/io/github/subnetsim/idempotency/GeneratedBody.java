package io.github.subnetsim.idempotency;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** A body of any size that exists only while it is read: byte i is (i * 31 + i / 4096) mod 256. */
final class GeneratedBody extends InputStream {

	private final long size;
	private long position;
	int largestRead;

	GeneratedBody(long size) {
		this.size = size;
	}

	static byte at(long i) {
		return (byte) (i * 31 + i / 4096);
	}

	@Override
	public int read() {
		return position < size ? at(position++) & 0xff : -1;
	}

	@Override
	public int read(byte[] b, int off, int len) {
		if (position >= size) {
			return -1;
		}
		largestRead = Math.max(largestRead, len);
		int n = (int) Math.min(len, size - position);
		for (int i = 0; i < n; i++) {
			b[off + i] = at(position++);
		}
		return n;
	}

	/** The SHA-256 of a generated body of this size, computed the same streaming way. */
	static String sha256(long size) {
		MessageDigest d = LedgerRequest.sha256();
		byte[] chunk = new byte[8192];
		GeneratedBody body = new GeneratedBody(size);
		int n;
		while ((n = body.read(chunk, 0, chunk.length)) > 0) {
			d.update(chunk, 0, n);
		}
		return HexFormat.of().formatHex(d.digest());
	}
}
