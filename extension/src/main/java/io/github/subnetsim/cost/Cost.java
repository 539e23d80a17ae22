package io.github.subnetsim.cost;

import static io.github.subnetsim.internal.text.RejectTexts.underscores;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.github.subnetsim.profile.ReplicaProfile;

/**
 * What an outcall costs, part by part. Every outcall result carries one, so a test can assert the whole fee or
 * the part it cares about.
 *
 * <p>The parts always add up: {@code total == base + requestBytesPart + responseBytesPart + usagePart +
 * consensusPart}. Under {@link PricingVersion#LEGACY} only the first three are used. Under
 * {@link PricingVersion#PAY_AS_YOU_GO} {@code base + requestBytesPart} is the base fee of dfinity/ic
 * {@code rs/https_outcalls/pricing/src/fees.rs}, {@code usagePart} is the sum of the replicas' {@link Receipt receipts}
 * (download, time, transform, gossip; each capped at the node's allowance) and {@code consensusPart} pays for
 * agreeing on the delivered content: consensus_fee(actual size), plus, for a flexible outcall, the fee for each
 * response beyond {@code min_responses}. It is 0 when nothing was delivered (divergence, timeout, out of cycles).
 * {@code withheld} is what was set aside for the replicas' allowances after the base fee; whatever of it is not
 * charged is refunded.
 * <pre>{@code
 * Cost c = OutcallPricing.of(ReplicaProfile.CURRENT_REPLICA, 13, false).upFront(args);
 * c.total();              // 20_849_238_800 for a 19-byte URL and no max_response_bytes
 * System.out.println(c.describe());
 * }</pre>
 *
 * @param pricing the pricing version the outcall was charged under
 * @param profile the replica profile whose formula was used
 * @param n the subnet size
 * @param free whether the subnet charges nothing (system subnet or free cost schedule); every part is then 0
 * @param requestSize the request's priced parts
 * @param responseSizePriced v1: {@code max_response_bytes} or the profile's default; v2: the content bytes the
 *        consensus part was priced on (0 up front)
 * @param base the fixed part
 * @param requestBytesPart the part paid per request byte
 * @param responseBytesPart the part paid per response byte (v1)
 * @param usagePart what the replicas spent (v2)
 * @param consensusPart the consensus on the response (v2)
 * @param total the sum of the parts
 * @param receipts v2: each reporting replica's receipt, whose charges add up to {@code usagePart} (empty up front,
 *        under v1, and when the outcall timed out)
 * @param withheld v2: the cycles withheld for the replicas' allowances (0 under v1)
 */
public record Cost(PricingVersion pricing, ReplicaProfile profile, int n, boolean free, RequestSize requestSize,
		long responseSizePriced, long base, long requestBytesPart, long responseBytesPart, long usagePart,
		long consensusPart, long total, List<Receipt> receipts, long withheld) {

	/**
	 * Checks that the parts add up, and that the receipts add up to the usage part.
	 *
	 * @param pricing the pricing version the outcall was charged under
	 * @param profile the replica profile whose formula was used
	 * @param n the subnet size
	 * @param free whether the subnet charges nothing; every part is then 0
	 * @param requestSize the request's priced parts
	 * @param responseSizePriced v1: {@code max_response_bytes} or the default; v2: the content bytes priced
	 * @param base the fixed part
	 * @param requestBytesPart the part paid per request byte
	 * @param responseBytesPart the part paid per response byte (v1)
	 * @param usagePart what the replicas spent (v2)
	 * @param consensusPart the consensus on the response (v2)
	 * @param total the sum of the parts
	 * @param receipts v2: each reporting replica's receipt, adding up to {@code usagePart}
	 * @param withheld v2: the cycles withheld for the replicas' allowances
	 * @throws IllegalArgumentException if a part is negative or the parts or receipts do not add up
	 */
	public Cost {
		Objects.requireNonNull(pricing, "pricing");
		Objects.requireNonNull(profile, "profile");
		Objects.requireNonNull(requestSize, "requestSize");
		if (responseSizePriced < 0 || base < 0 || requestBytesPart < 0 || responseBytesPart < 0 || usagePart < 0 || consensusPart < 0) {
			throw new IllegalArgumentException("cost parts must be >= 0");
		}
		long sum = Math.addExact(Math.addExact(Math.addExact(Math.addExact(base, requestBytesPart), responseBytesPart), usagePart), consensusPart);
		if (sum != total) {
			throw new IllegalArgumentException("total " + total + " is not the sum of the parts " + sum);
		}
		if (free && total != 0) {
			throw new IllegalArgumentException("a free outcall costs 0, got " + total);
		}
		receipts = List.copyOf(receipts);
		if (!receipts.isEmpty()) {
			long charged = 0;
			for (Receipt r : receipts) {
				charged = Math.addExact(charged, r.charged());
			}
			if (charged != usagePart) {
				throw new IllegalArgumentException("usage part " + usagePart + " is not the sum of the receipts " + charged);
			}
		}
		if (withheld < 0) {
			throw new IllegalArgumentException("withheld must be >= 0, got " + withheld);
		}
	}

	/**
	 * A cost without receipts and nothing withheld (v1, or a v2 figure that is not a settlement).
	 *
	 * @param pricing the pricing version the outcall was charged under
	 * @param profile the replica profile whose formula was used
	 * @param n the subnet size
	 * @param free whether the subnet charges nothing; every part is then 0
	 * @param requestSize the request's priced parts
	 * @param responseSizePriced v1: {@code max_response_bytes} or the default; v2: the content bytes priced
	 * @param base the fixed part
	 * @param requestBytesPart the part paid per request byte
	 * @param responseBytesPart the part paid per response byte (v1)
	 * @param usagePart what the replicas spent (v2)
	 * @param consensusPart the consensus on the response (v2)
	 * @param total the sum of the parts
	 */
	public Cost(PricingVersion pricing, ReplicaProfile profile, int n, boolean free, RequestSize requestSize, long responseSizePriced,
			long base, long requestBytesPart, long responseBytesPart, long usagePart, long consensusPart, long total) {
		this(pricing, profile, n, free, requestSize, responseSizePriced, base, requestBytesPart, responseBytesPart, usagePart, consensusPart,
				total, List.of(), 0);
	}

	/**
	 * A cost whose total is the sum of the given parts.
	 *
	 * @param pricing the pricing version the outcall was charged under
	 * @param profile the replica profile whose formula was used
	 * @param n the subnet size
	 * @param requestSize the request's priced parts
	 * @param responseSizePriced v1: {@code max_response_bytes} or the default; v2: the content bytes priced
	 * @param base the fixed part
	 * @param requestBytesPart the part paid per request byte
	 * @param responseBytesPart the part paid per response byte (v1)
	 * @param usagePart what the replicas spent (v2)
	 * @param consensusPart the consensus on the response (v2)
	 * @return the cost, charged (not free)
	 */
	public static Cost of(PricingVersion pricing, ReplicaProfile profile, int n, RequestSize requestSize,
			long responseSizePriced, long base, long requestBytesPart, long responseBytesPart, long usagePart, long consensusPart) {
		long total = Math.addExact(Math.addExact(Math.addExact(Math.addExact(base, requestBytesPart), responseBytesPart), usagePart), consensusPart);
		return new Cost(pricing, profile, n, false, requestSize, responseSizePriced, base, requestBytesPart, responseBytesPart,
				usagePart, consensusPart, total);
	}

	/**
	 * The zero cost of a free subnet.
	 *
	 * @param pricing the pricing version the outcall was charged under
	 * @param profile the replica profile whose formula was used
	 * @param n the subnet size
	 * @param requestSize the request's priced parts
	 * @param responseSizePriced v1: {@code max_response_bytes} or the default; v2: the content bytes priced
	 * @return a cost whose parts are all 0
	 */
	public static Cost free(PricingVersion pricing, ReplicaProfile profile, int n, RequestSize requestSize, long responseSizePriced) {
		return new Cost(pricing, profile, n, true, requestSize, responseSizePriced, 0, 0, 0, 0, 0, 0);
	}

	/**
	 * This cost settled under pay-as-you-go: the same base fee, with these receipts, this consensus part on
	 * {@code contentBytes}, and {@code withheld} set aside.
	 *
	 * @param settledReceipts the receipts of the replicas that reported, which make up the usage part
	 * @param consensus the consensus part
	 * @param contentBytes the delivered content's bytes the consensus part was priced on
	 * @param withheldCycles the cycles set aside for the replicas' allowances
	 * @return the settled cost
	 */
	public Cost settled(List<Receipt> settledReceipts, long consensus, long contentBytes, long withheldCycles) {
		long usage = 0;
		for (Receipt r : settledReceipts) {
			usage = Math.addExact(usage, r.charged());
		}
		long sum = Math.addExact(Math.addExact(Math.addExact(base, requestBytesPart), Math.addExact(responseBytesPart, usage)), consensus);
		return new Cost(pricing, profile, n, free, requestSize, contentBytes, base, requestBytesPart, responseBytesPart, usage, consensus, sum,
				settledReceipts, withheldCycles);
	}

	/**
	 * The same request, size and pricing, with nothing charged: what a reject before the charge costs.
	 *
	 * @return a cost of 0 cycles for this request
	 */
	public Cost nothingCharged() {
		return new Cost(pricing, profile, n, free, requestSize, responseSizePriced, 0, 0, 0, 0, 0, 0);
	}

	/**
	 * A short breakdown, one part a line, digits grouped as the replica prints cycles, e.g.
	 * <pre>
	 * 20_849_238_800 cycles (v1 legacy, current_replica, n=13)
	 *   base                         49_140_000
	 *   request 19 B                 98_800
	 *   response 2_000_000 B         20_800_000_000
	 * </pre>
	 *
	 * @return the breakdown, several lines, no trailing newline
	 */
	public String describe() {
		StringBuilder s = new StringBuilder();
		s.append(underscores(total)).append(" cycles (v").append(pricing.number()).append(' ')
				.append(pricing.name().toLowerCase(Locale.ROOT)).append(", ").append(profile.name().toLowerCase(Locale.ROOT))
				.append(", n=").append(n).append(free ? ", free subnet" : "").append(')');
		if (free) {
			return s.toString();
		}
		line(s, "base", base);
		line(s, "request " + underscores(requestSize.total()) + " B", requestBytesPart);
		if (pricing == PricingVersion.LEGACY) {
			line(s, "response " + underscores(responseSizePriced) + " B", responseBytesPart);
		}
		else {
			line(s, "replica usage", usagePart);
			for (Receipt r : receipts) {
				line(s, "  replica " + r.replica(), r.charged());
				s.append(String.format(Locale.ROOT, " (download %s + time %s + transform %s + gossip %s%s)", underscores(r.download()),
						underscores(r.time()), underscores(r.transform()), underscores(r.gossip()),
						r.spent() > r.allowance() ? ", capped at allowance " + underscores(r.allowance()) : ""));
			}
			line(s, "consensus on " + underscores(responseSizePriced) + " B", consensusPart);
			if (withheld > 0) {
				line(s, "withheld for replicas", withheld);
			}
		}
		return s.toString();
	}

	private static void line(StringBuilder s, String label, long value) {
		s.append(String.format(Locale.ROOT, "\n  %-28s %s", label, underscores(value)));
	}
}
