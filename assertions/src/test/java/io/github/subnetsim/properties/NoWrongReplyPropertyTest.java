package io.github.subnetsim.properties;

import static io.github.subnetsim.assertions.OutcallMatchers.repliesWith;
import static io.github.subnetsim.assertions.ResponseMatchers.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.assertions.OutcallAssertions;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.property.From;
import io.github.subnetsim.property.Gen;
import io.github.subnetsim.property.Gens;
import io.github.subnetsim.property.SubnetProperty;
import io.github.subnetsim.trace.Decision;

/**
 * Property 3: with more than f faulty replicas the canister never gets a wrong reply — it gets the honest reply
 * (when the faulty outputs happen to match it), a divergence, or a timeout. The faulty replicas may collude (all
 * do the same thing). There are fewer than n − f of them: n − f colluding replicas are a threshold and are
 * delivered by design (see {@link #nMinusFColludingReplicasAreDeliveredByDesign()}), which is why BFT assumes ≤ f.
 */
class NoWrongReplyPropertyTest {

	private static Rig rig;

	@BeforeAll
	static void start() {
		rig = new Rig();
		rig.serve(HttpResponse.of(200, List.of(), HonestReplyPropertyTest.HONEST));
	}

	@AfterAll
	static void stop() {
		rig.close();
	}

	static Gen<Faults> moreThanF() {
		// n = 1 tolerates no fault and has no room between f and n − f.
		return Gens.subnetSizes().filter(n -> n >= 2).flatMap(n -> {
			int f = Limits.faultsTolerated(n);
			int most = n - f - 1;
			return Gen.combine(Gens.replicaSets(n, f + 1, most), Gens.lists(Gens.faultyBehaviours(), most, most), Gens.booleans(),
					(set, does, collude) -> Faults.of(n, set, collude ? repeat(does.get(0), most) : does));
		});
	}

	private static List<Perturbation> repeat(Perturbation p, int times) {
		List<Perturbation> out = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			out.add(p);
		}
		return out;
	}

	@SubnetProperty(tries = 30)
	void theResultIsNeverAWrongReply(@From("moreThanF") Faults faults) {
		OutcallResult r = rig.subnet(faults.n()).httpRequest(rig.get("price").transform(HonestReplyPropertyTest.DROP_HEADERS).build(),
				faults.plan());
		if (r instanceof OutcallResult.Reply) {
			OutcallAssertions.assertThat(r, repliesWith(body(HonestReplyPropertyTest.HONEST)));
			return;
		}
		OutcallResult.Reject reject = (OutcallResult.Reject) r;
		Decision decision = r.trace().consensus().decision();
		assertTrue(Set.of(Decision.DIVERGED, Decision.TIMED_OUT).contains(decision), "not an agreed reject: " + decision + ", " + reject);
		assertEquals(RejectCode.SYS_TRANSIENT, reject.code());
	}

	@Test
	void nMinusFColludingReplicasAreDeliveredByDesign() {
		OutcallResult r = rig.subnet(13).httpRequest(rig.get("price").transform(HonestReplyPropertyTest.DROP_HEADERS).build(),
				PerturbationPlan.on(Replicas.of(0, 1, 2, 3, 4, 5, 6, 7, 8), Perturbation.replaceBody("wrong")));
		OutcallAssertions.assertThat(r, repliesWith(body("wrong")));
	}
}
