package io.github.subnetsim.internal.consensus;

import java.util.Objects;

/**
 * One replica's signed vote: the hash of its transformed response (or of its reject), and when it reached the
 * block maker, in virtual milliseconds since the request.
 *
 * <pre>{@code
 * new Share(3, "9f2c…", 120)
 * }</pre>
 *
 * @param replica the signing replica's index, from 0
 * @param hash the hash it signed
 * @param arrivalMillis when the share reached the block maker, virtual ms after the request
 */
public record Share(int replica, String hash, long arrivalMillis) {

	/**
	 * Checks the share.
	 *
	 * @param replica the signing replica's index, from 0
	 * @param hash the hash it signed
	 * @param arrivalMillis when the share reached the block maker, virtual ms after the request
	 * @throws IllegalArgumentException if the replica or the arrival time is negative
	 */
	public Share {
		Objects.requireNonNull(hash, "hash");
		if (replica < 0 || arrivalMillis < 0) {
			throw new IllegalArgumentException("replica and arrival must be >= 0: " + replica + ", " + arrivalMillis);
		}
	}
}
