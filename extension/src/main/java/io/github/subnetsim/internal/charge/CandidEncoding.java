package io.github.subnetsim.internal.charge;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;

/**
 * The Candid encoding of {@code http_request_result = record { status : nat; headers : vec record { name : text;
 * value : text }; body : blob }}, byte for byte as npm {@code @dfinity/candid} 3.4.3 writes it
 * (dfinity/candid spec). The current replica measures a transformed response by this length (dfinity/ic rs/https_outcalls/client/src/client.rs (validate_response, transform_adapter_response); docs/limits-and-profiles.md),
 * and hashes these bytes for consensus.
 *
 * <p>The layout is a constant 44-byte header and type table, then the values in field-hash order: {@code status}
 * (unsigned LEB128), {@code body} (LEB128 length + bytes), {@code headers} (LEB128 count, then per header the
 * {@code value} before the {@code name}, each LEB128 length + UTF-8).
 * <pre>{@code
 * HttpResponse r = HttpResponse.of(200, List.of(), "");
 * CandidEncoding.encodedLength(r);            // 48, without encoding anything
 * byte[] bytes = CandidEncoding.encode(r);    // "DIDL" ...
 * MessageDigest sha = MessageDigest.getInstance("SHA-256");
 * CandidEncoding.encodeTo(r, sha);            // streams a 2 MB body without copying it
 * }</pre>
 */
public final class CandidEncoding {

	/**
	 * "DIDL", 4 types (vec nat8; record {value; name}; vec of it; record {status; body; headers}), 1 argument of
	 * type 3. Copied from dfinity/candid spec: it is the common prefix of both full hex vectors there.
	 */
	private static final byte[] HEADER = HexFormat.of().parseHex(
			"4449444c046d7b6c02f1fee18d0371cbe4fdc704716d016c03b2ceef2f7da2f5ed880400c6a4a19806020103");

	/** Chunk used to copy a read-only body buffer to a stream, which needs a byte array. */
	private static final int COPY_CHUNK = 8 * 1024;

	private CandidEncoding() {
	}

	/** The encoded bytes. Throws if the encoding would not fit a Java array. */
	public static byte[] encode(HttpResponse r) {
		long length = encodedLength(r);
		ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(length));
		write(r, new Sink() {
			@Override
			public void put(byte b) {
				out.put(b);
			}

			@Override
			public void put(byte[] bytes) {
				out.put(bytes);
			}

			@Override
			public void put(ByteBuffer bytes) {
				out.put(bytes);
			}
		});
		return out.array();
	}

	/** The length of {@link #encode(HttpResponse)}, computed from the sizes alone (the body is not read). */
	public static long encodedLength(HttpResponse r) {
		long n = HEADER.length;
		n += lebLength(r.status());
		n += lebLength(r.bodyLength()) + r.bodyLength();
		n += lebLength(r.headers().size());
		for (HttpHeader h : r.headers()) {
			long value = utf8Length(h.value());
			long name = utf8Length(h.name());
			n += lebLength(value) + value + lebLength(name) + name;
		}
		return n;
	}

	/**
	 * Feeds the encoded bytes to {@code digest}, the body straight from {@link HttpResponse#bodyBuffer()}: hashing a
	 * 2 MB response for consensus costs no second 2 MB array.
	 */
	public static void encodeTo(HttpResponse r, MessageDigest digest) {
		Objects.requireNonNull(digest, "digest");
		write(r, new Sink() {
			@Override
			public void put(byte b) {
				digest.update(b);
			}

			@Override
			public void put(byte[] bytes) {
				digest.update(bytes);
			}

			@Override
			public void put(ByteBuffer bytes) {
				digest.update(bytes);
			}
		});
	}

	/** Writes the encoded bytes to {@code out}; an {@link IOException} is rethrown unchecked. */
	public static void encodeTo(HttpResponse r, OutputStream out) {
		Objects.requireNonNull(out, "out");
		write(r, new Sink() {
			@Override
			public void put(byte b) {
				try {
					out.write(b);
				}
				catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			}

			@Override
			public void put(byte[] bytes) {
				try {
					out.write(bytes);
				}
				catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			}

			@Override
			public void put(ByteBuffer bytes) {
				// The buffer is read-only (no array access), so copy through a small chunk.
				byte[] chunk = new byte[Math.min(COPY_CHUNK, bytes.remaining())];
				while (bytes.hasRemaining()) {
					int len = Math.min(chunk.length, bytes.remaining());
					bytes.get(chunk, 0, len);
					try {
						out.write(chunk, 0, len);
					}
					catch (IOException e) {
						throw new UncheckedIOException(e);
					}
				}
			}
		});
	}

	private static void write(HttpResponse r, Sink sink) {
		sink.put(HEADER);
		putLeb(sink, r.status());
		putLeb(sink, r.bodyLength());
		sink.put(r.bodyBuffer());
		putLeb(sink, r.headers().size());
		for (HttpHeader h : r.headers()) {
			// Field order is by Candid field hash: hash("value") < hash("name"), see the 92-byte vector.
			putText(sink, h.value());
			putText(sink, h.name());
		}
	}

	private static void putText(Sink sink, String s) {
		byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
		putLeb(sink, utf8.length);
		sink.put(utf8);
	}

	private static void putLeb(Sink sink, long value) {
		long v = value;
		do {
			byte b = (byte) (v & 0x7f);
			v >>>= 7;
			sink.put(v == 0 ? b : (byte) (b | 0x80));
		}
		while (v != 0);
	}

	/** Bytes of the unsigned LEB128 form of a non-negative value: 1 up to 127, 2 up to 16,383, ... */
	static int lebLength(long value) {
		int n = 1;
		long v = value >>> 7;
		while (v != 0) {
			n++;
			v >>>= 7;
		}
		return n;
	}

	/** UTF-8 length as {@link String#getBytes} produces it, so the computed length always equals the written one. */
	static long utf8Length(String s) {
		return io.github.subnetsim.HttpHeader.utf8Length(s);
	}

	/** Where the encoder's bytes go: an array, a digest or a stream. */
	private interface Sink {
		void put(byte b);

		void put(byte[] bytes);

		void put(ByteBuffer bytes);
	}
}
