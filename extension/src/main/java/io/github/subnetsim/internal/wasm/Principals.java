package io.github.subnetsim.internal.wasm;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Textual principal ↔ bytes (interface spec, "Textual representation of principals": groups of 5 base32 characters
 * over CRC-32 (4 bytes, big-endian) followed by the bytes). Used for {@code canister_self} and {@code msg_caller}.
 * <pre>{@code
 * Principals.bytes("aaaaa-aa");                      // empty: the management canister
 * Principals.bytes("bkyz2-fmaaa-aaaaa-qaaaq-cai");  // 10 bytes
 * }</pre>
 */
public final class Principals {

	private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

	private Principals() {
	}

	/** The principal's bytes; throws {@link IllegalArgumentException} for a text that is not a principal. */
	public static byte[] bytes(String text) {
		String s = text.replace("-", "").toLowerCase(Locale.ROOT);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int buffer = 0;
		int bits = 0;
		for (int i = 0; i < s.length(); i++) {
			int v = ALPHABET.indexOf(s.charAt(i));
			if (v < 0) {
				throw new IllegalArgumentException("not a textual principal: " + text);
			}
			buffer = (buffer << 5) | v;
			bits += 5;
			if (bits >= 8) {
				out.write((buffer >> (bits - 8)) & 0xFF);
				bits -= 8;
			}
		}
		byte[] all = out.toByteArray();
		if (all.length < 4) {
			throw new IllegalArgumentException("not a textual principal: " + text);
		}
		byte[] id = java.util.Arrays.copyOfRange(all, 4, all.length);
		java.util.zip.CRC32 crc = new java.util.zip.CRC32();
		crc.update(id);
		long expected = ((all[0] & 0xFFL) << 24) | ((all[1] & 0xFFL) << 16) | ((all[2] & 0xFFL) << 8) | (all[3] & 0xFFL);
		if (crc.getValue() != expected) {
			throw new IllegalArgumentException("principal checksum does not match: " + text);
		}
		return id;
	}
}
