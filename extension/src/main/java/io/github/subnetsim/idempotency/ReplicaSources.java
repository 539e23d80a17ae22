package io.github.subnetsim.idempotency;

import java.util.OptionalInt;

/**
 * Maps between a replica's index and the loopback source address a server sees it connect from: replica i binds
 * 127.0.x.y with x·254 + y − 1 = i, so replica 0 is 127.0.0.1 and replica 12 is 127.0.0.13.
 *
 * <pre>{@code
 * ReplicaSources.address(5);               // "127.0.0.6"
 * ReplicaSources.replicaOf("127.0.0.6");   // OptionalInt[5]
 * ReplicaSources.describe("127.0.0.6");    // "replica 5 (127.0.0.6)"
 * }</pre>
 */
public final class ReplicaSources {

	// The same layout as the engine's replica clients (io.github.subnetsim.internal.fetch.SourceAddresses): y runs 1..254,
	// so neither the network (.0) nor the broadcast (.255) address of a /24 is used.
	private static final int PER_BLOCK = 254;

	private ReplicaSources() {
	}

	/**
	 * The source address of replica {@code index} (from 0).
	 *
	 * @param index the replica index, from 0
	 * @return {@code 127.0.x.y}; replica 0 is {@code 127.0.0.1}
	 * @throws IllegalArgumentException if the index is negative or beyond the 127.0/16 block
	 */
	public static String address(int index) {
		if (index < 0 || index / PER_BLOCK > 255) {
			throw new IllegalArgumentException("replica index must be 0.." + (256 * PER_BLOCK - 1) + ", got " + index);
		}
		return "127.0." + index / PER_BLOCK + "." + (index % PER_BLOCK + 1);
	}

	/**
	 * The replica that connects from this address, or empty when it is not a replica's address (or null).
	 *
	 * @param source a source address, for example {@code 127.0.0.6}
	 * @return the replica index, for example 5
	 */
	public static OptionalInt replicaOf(String source) {
		if (source == null || !source.startsWith("127.0.")) {
			return OptionalInt.empty();
		}
		String[] parts = source.substring("127.0.".length()).split("\\.", -1);
		if (parts.length != 2) {
			return OptionalInt.empty();
		}
		try {
			int third = Integer.parseInt(parts[0]);
			int fourth = Integer.parseInt(parts[1]);
			if (third < 0 || third > 255 || fourth < 1 || fourth > PER_BLOCK) {
				return OptionalInt.empty();
			}
			return OptionalInt.of(third * PER_BLOCK + fourth - 1);
		}
		catch (NumberFormatException e) {
			return OptionalInt.empty();
		}
	}

	/**
	 * {@code "replica 5 (127.0.0.6)"} for a replica's address, otherwise the address as given.
	 *
	 * @param source a source address
	 * @return the description, for messages
	 */
	public static String describe(String source) {
		OptionalInt replica = replicaOf(source);
		return replica.isPresent() ? "replica " + replica.getAsInt() + " (" + source + ")" : String.valueOf(source);
	}
}
