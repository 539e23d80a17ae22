package io.github.subnetsim.internal.wire;

/** Byte classes of seanmonstar/httparse {@code src/lib.rs} ({@code TOKEN_MAP}, {@code HEADER_VALUE_MAP}). */
final class Bytes {

	private Bytes() {
	}

	/** RFC 9110 tchar: letters, digits and {@code !#$%&'*+-.^_`|~} (httparse {@code TOKEN_MAP}). */
	static boolean isToken(int c) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			return true;
		}
		return switch (c) {
			case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
			default -> false;
		};
	}

	/** HTAB, 0x20 to 0x7E, 0x80 to 0xFF (httparse {@code HEADER_VALUE_MAP}); {@code b} is 0 to 255. */
	static boolean isValueByte(int b) {
		return b == '\t' || (b >= 0x20 && b <= 0x7E) || b >= 0x80;
	}
}
