package io.github.subnetsim.internal.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Each replica's own loopback source address, so a server on loopback sees n distinct clients, as a real server
 * sees n distinct nodes (the wire client binds it). Replica i gets 127.0.x.y with x·254 + y − 1 = i (the whole 127/8 block is loopback on Linux).
 */
public final class SourceAddresses {

	private SourceAddresses() {
	}

	static InetAddress forReplica(int index) {
		int third = index / 254;
		int fourth = index % 254 + 1;
		if (third > 255) {
			throw new IllegalArgumentException("at most 65,024 replicas have their own loopback address, got index " + index);
		}
		try {
			return InetAddress.getByAddress(new byte[] { 127, 0, (byte) third, (byte) fourth });
		}
		catch (UnknownHostException e) {
			throw new IllegalStateException(e);
		}
	}
}
