package io.github.subnetsim.cost;

/**
 * One replica's pay-as-you-go receipt: what its work cost, term by term, and what is charged for it, which is never
 * more than its allowance (dfinity/ic {@code rs/https_outcalls/pricing/src/payg.rs} {@code PayAsYouGoTracker},
 * {@code rs/https_outcalls/pricing/src/fees.rs}).
 * <pre>{@code
 * Receipt r = new Receipt(3, 50_000, 600_000, 2, 0, 5_000_000);
 * r.spent();   // 650_002 = 50·1,000 B + 300·2,000 ms + ⌊26/13⌋
 * r.charged(); // 650_002, within the allowance
 * }</pre>
 *
 * @param replica the replica's index
 * @param download 50 cycles per downloaded byte
 * @param time 300 cycles per millisecond of the round trip
 * @param transform ⌊instructions / 13⌋
 * @param gossip 50·bytes·n for gossiping the node's content (non-replicated and flexible outcalls)
 * @param allowance the node's share of the withheld cycles
 */
public record Receipt(int replica, long download, long time, long transform, long gossip, long allowance) {

	/**
	 * Checks that every term is >= 0.
	 *
	 * @param replica the replica's index
	 * @param download 50 cycles per downloaded byte
	 * @param time 300 cycles per millisecond of the round trip
	 * @param transform ⌊instructions / 13⌋
	 * @param gossip 50·bytes·n for gossiping the node's content
	 * @param allowance the node's share of the withheld cycles
	 */
	public Receipt {
		if (download < 0 || time < 0 || transform < 0 || gossip < 0 || allowance < 0) {
			throw new IllegalArgumentException("receipt terms must be >= 0: " + download + ", " + time + ", " + transform + ", " + gossip
					+ ", allowance " + allowance);
		}
	}

	/**
	 * The sum of the terms, uncapped.
	 *
	 * @return download + time + transform + gossip
	 */
	public long spent() {
		return Math.addExact(Math.addExact(download, time), Math.addExact(transform, gossip));
	}

	/**
	 * What the node reports and the caller pays for it: its spend, capped at its allowance.
	 *
	 * @return min(spent, allowance)
	 */
	public long charged() {
		return Math.min(spent(), allowance);
	}
}
