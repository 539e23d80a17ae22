package io.github.subnetsim;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One HTTP header, as the Candid type {@code http_header = record { name : text; value : text }}.
 *
 * <p>Sizes are counted in UTF-8 bytes, as the replica counts them:
 * <pre>{@code
 * HttpHeader h = new HttpHeader("Idempotency-Key", "order-42");
 * h.byteSize(); // 15 + 8 = 23
 * }</pre>
 *
 * @param name the header's name, case as sent
 * @param value the header's value
 */
public record HttpHeader(String name, String value) {

	/**
	 * Checks that neither part is null.
	 *
	 * @param name the header's name, case as sent
	 * @param value the header's value
	 */
	public HttpHeader {
		Objects.requireNonNull(name, "header name must not be null");
		Objects.requireNonNull(value, () -> "value of header '" + name + "' must not be null");
	}

	/**
	 * Shorthand for {@code new HttpHeader(name, value)}.
	 *
	 * @param name the header's name
	 * @param value the header's value
	 * @return the header
	 */
	public static HttpHeader of(String name, String value) {
		return new HttpHeader(name, value);
	}

	/**
	 * Bytes of the name plus bytes of the value (UTF-8): the replica's per-header size, with no overhead.
	 *
	 * @return the header's size in bytes
	 */
	public long byteSize() {
		return nameBytes() + valueBytes();
	}

	/**
	 * Bytes of the name in UTF-8.
	 *
	 * @return the name's size in bytes
	 */
	public int nameBytes() {
		return utf8Length(name);
	}

	/**
	 * Bytes of the value in UTF-8.
	 *
	 * @return the value's size in bytes
	 */
	public int valueBytes() {
		return utf8Length(value);
	}

	@Override
	public String toString() {
		return name + ": " + value;
	}

	/**
	 * UTF-8 length exactly as {@link String#getBytes} writes it (a lone surrogate is one '?' byte), without encoding.
	 *
	 * @param s the text to measure
	 * @return its length in UTF-8 bytes
	 */
	public static int utf8Length(String s) {
		int n = 0;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c < 0x80) {
				n += 1;
			}
			else if (c < 0x800) {
				n += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
				n += 4;
				i++;
			}
			else if (Character.isSurrogate(c)) {
				n += 1; // a lone surrogate: String.getBytes writes '?', one byte
			}
			else {
				n += 3;
			}
		}
		return n;
	}

	static byte[] utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}
}
