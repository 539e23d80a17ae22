package io.github.subnetsim.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.cost.Cost;
import io.github.subnetsim.cost.PricingVersion;
import io.github.subnetsim.cost.Receipt;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.property.From;
import io.github.subnetsim.property.Gen;
import io.github.subnetsim.property.Gens;
import io.github.subnetsim.property.SubnetProperty;

/**
 * Pay-as-you-go settlement (dfinity/ic {@code rs/https_outcalls/pricing/src/fees.rs},
 * {@code rs/https_outcalls/consensus/src/payload_builder.rs} {@code into_messages}): for random v2 outcalls — any
 * subnet size, fully or non-replicated, with or without a transform and its instructions, budgets from one cycle per
 * node to plenty, silent and rejecting replicas — what is charged plus what is refunded is what was attached, the
 * charge never exceeds the quote ({@code cost_http_request_v2} with the CDK's defaults), and the charge is the sum
 * of its breakdown, whose usage part is the sum of the receipts, each capped at its allowance.
 */
class PayAsYouGoPropertyTest {

	private static Rig rig;

	@BeforeAll
	static void start() {
		rig = new Rig();
		rig.serve(HttpResponse.of(200, List.of(), "{\"price\":12.5,\"ts\":1}"));
	}

	@AfterAll
	static void stop() {
		rig.close();
	}

	/**
	 * @param n subnet size
	 * @param replicated fully replicated or non-replicated
	 * @param instructions the transform's declared instructions, or -1 for no transform
	 * @param maxResponseBytes {@code max_response_bytes}, or null
	 * @param perNode cycles attached beyond the base fee, per performing node
	 * @param silent how many replicas never answer
	 * @param rejecting how many replicas reject
	 */
	record V2Case(int n, boolean replicated, long instructions, Long maxResponseBytes, long perNode, int silent, int rejecting) {
	}

	static Gen<V2Case> cases() {
		Gen<Object[]> shape = Gen.combine(Gens.subnetSizes(), Gens.booleans(), Gens.elements(List.of(-1L, 0L, 26L, 1_000_000L, 6_000_000_000L)),
				(n, rep, instr) -> new Object[] { n, rep, instr });
		Gen<Object[]> money = Gen.combine(Gens.elements(List.of(Long.valueOf(0), 100L, 1_000L, 2_000_000L)).map(x -> x == 0 ? null : x),
				Gens.elements(List.of(0L, 1L, 5_799L, 90_000L, 300_000L, 3_000_000L, 1_000_000_000L, 100_000_000_000L)),
				(max, per) -> new Object[] { max, per });
		Gen<int[]> faults = Gen.combine(Gens.ints(0, 6), Gens.ints(0, 6), (a, b) -> new int[] { a, b });
		return Gen.combine(shape, money, faults, (s, m, f) -> new V2Case((Integer) s[0], (Boolean) s[1], (Long) s[2], (Long) m[0], (Long) m[1],
				Math.min(f[0], (Integer) s[0] - 1), Math.min(f[1], (Integer) s[0] - 1)));
	}

	@SubnetProperty(tries = 30)
	void chargedPlusRefundedIsAttached_chargeWithinQuote_chargeIsTheBreakdownSum(@From("cases") V2Case c) {
		Subnet subnet = rig.subnet(c.n(), ReplicaProfile.CURRENT_REPLICA);
		HttpRequestArgs.Builder b = rig.get("price").pricingVersion(2).replicated(c.replicated());
		if (c.instructions() >= 0) {
			b.transform(Transform.of("t", (r, ctx) -> r.withHeaders(List.of())).withInstructions(c.instructions()));
		}
		if (c.maxResponseBytes() != null) {
			b.maxResponseBytes(c.maxResponseBytes());
		}
		HttpRequestArgs probe = b.build();
		long base = subnet.cost(probe).total();
		long attached = base + c.perNode() * (c.replicated() ? c.n() : 1);
		HttpRequestArgs args = probe.toBuilder().cycles(attached).build();
		PerturbationPlan plan = PerturbationPlan.on(Replicas.random(c.silent()), Perturbation.silent())
				.and(Replicas.random(c.rejecting()), Perturbation.reject(RejectCode.SYS_FATAL, "no"));

		OutcallResult r = subnet.httpRequest(args, plan);
		Cost cost = r.cost();
		assertEquals(PricingVersion.PAY_AS_YOU_GO, cost.pricing());
		assertEquals(attached, cost.total() + r.refund(), "charged + refunded = attached: " + cost.describe());
		assertTrue(cost.total() <= subnet.quoteV2(args).total(), "charge " + cost.total() + " within the quote " + subnet.quoteV2(args).total());
		assertEquals(cost.total(), cost.base() + cost.requestBytesPart() + cost.responseBytesPart() + cost.usagePart() + cost.consensusPart());
		long receipts = 0;
		for (Receipt receipt : cost.receipts()) {
			assertTrue(receipt.charged() <= receipt.allowance());
			receipts += receipt.charged();
		}
		assertEquals(cost.usagePart(), receipts);
		assertTrue(cost.total() >= base, "the base is never refunded");
	}
}
