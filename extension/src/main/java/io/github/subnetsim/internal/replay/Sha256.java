package io.github.subnetsim.internal.replay;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 in hex, for the fixture's body checksums (the same digest the trace shows as {@code responseBodySha256}).
 *
 * <pre>{@code
 * String h = Sha256.hex(body);
 * }</pre>
 */
final class Sha256 {

	private Sha256() {
	}

	static String hex(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every JVM has SHA-256", e);
		}
	}
}
