package io.github.subnetsim.internal.wire;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An IP address as people and traces write it: IPv4 dotted, IPv6 in the RFC 5952 short form ({@code ::1}, not the
 * JDK's {@code 0:0:0:0:0:0:0:1}), without a scope.
 */
public final class AddressText {

	private AddressText() {
	}

	/**
	 * The address's text.
	 *
	 * @param address the address
	 * @return for example {@code 127.0.0.5} or {@code ::1}
	 */
	public static String of(InetAddress address) {
		if (!(address instanceof Inet6Address)) {
			return address.getHostAddress();
		}
		byte[] b = address.getAddress();
		int[] words = new int[8];
		for (int i = 0; i < 8; i++) {
			words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
		}
		// RFC 5952 §4.2: the longest run of two or more zero words (the first on a tie) becomes "::".
		int bestStart = -1;
		int bestLen = 1;
		for (int i = 0; i < 8;) {
			if (words[i] != 0) {
				i++;
				continue;
			}
			int j = i;
			while (j < 8 && words[j] == 0) {
				j++;
			}
			if (j - i > bestLen) {
				bestStart = i;
				bestLen = j - i;
			}
			i = j;
		}
		StringBuilder s = new StringBuilder();
		for (int i = 0; i < 8; i++) {
			if (i == bestStart) {
				s.append("::");
				i += bestLen - 1;
				continue;
			}
			if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
				s.append(':');
			}
			s.append(Integer.toHexString(words[i]));
		}
		return s.toString();
	}
}
