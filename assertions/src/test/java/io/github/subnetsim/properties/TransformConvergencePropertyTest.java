package io.github.subnetsim.properties;

import static io.github.subnetsim.assertions.OutcallMatchers.agreedBy;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.TransformFunction;
import io.github.subnetsim.assertions.DivergenceReport;
import io.github.subnetsim.assertions.OutcallAssertions;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.property.From;
import io.github.subnetsim.property.Gen;
import io.github.subnetsim.property.Gens;
import io.github.subnetsim.property.SubnetProperty;
import io.github.subnetsim.property.VolatileResponse;
import io.github.subnetsim.transform.Transforms;

/**
 * Property 1, transform convergence: for any perturbation of the fields a transform drops (volatile headers,
 * volatile JSON values, JSON field order and whitespace), every replica signs the same response, and it is the
 * response the unperturbed replicas agree on.
 */
class TransformConvergencePropertyTest {

	private static Rig rig;

	@BeforeAll
	static void start() {
		rig = new Rig();
	}

	@AfterAll
	static void stop() {
		rig.close();
	}

	record Case(int n, VolatileResponse served, PerturbationPlan plan) {
	}

	static Gen<Case> cases() {
		return Gens.subnetSizes().flatMap(n -> Gens.responses().flatMap(r -> Gens.perturbationPlans(n, r.volatileHeaders(),
				r.volatilePointers()).map(plan -> new Case(n, r, plan))));
	}

	/** The transform a canister would write for this API: drop what varies, canonicalise what is left. */
	static TransformFunction dropping(VolatileResponse r) {
		return Transforms.compose(Transforms.dropHeaders(r.volatileHeaders().toArray(String[]::new)),
				Transforms.dropJson(r.volatilePointers().toArray(String[]::new)), Transforms.canonicalJson());
	}

	@SubnetProperty(tries = 30)
	void theAgreedResponseIsTheUnperturbedTransformedResponse(@From("cases") Case c) {
		TransformFunction transform = dropping(c.served());
		rig.serve(c.served().response());
		Subnet subnet = rig.subnet(c.n());
		HttpRequestArgs args = rig.get("price").transform(Transform.of("transform", transform)).build();

		HttpResponse unperturbed = OutcallAssertions.assertAgreedBy(subnet.httpRequest(args), c.n());
		HttpResponse perturbed = OutcallAssertions.assertAgreedBy(subnet.httpRequest(args, c.plan()), c.n());

		assertEquals(unperturbed, perturbed);
		// An oracle outside the subnet: the body is the transform applied to what the server sent.
		assertEquals(transform.apply(c.served().response(), new byte[0]).bodyText(), perturbed.bodyText());
	}

	@Test
	void theCheckFailsWhenTheTransformKeepsAPerturbedField() {
		VolatileResponse served = new VolatileResponse(HttpResponse.of(200, List.of(HttpHeader.of("x-request-id", "abc")),
				"{\"price\":1.5,\"ts\":1700000000}"), List.of("x-request-id"), List.of("/ts"));
		rig.serve(served.response());
		Subnet subnet = rig.subnet(13);
		TransformFunction keepsTs = Transforms.dropHeaders("x-request-id");
		OutcallResult r = subnet.httpRequest(rig.get("price").transform(Transform.of("transform", keepsTs)).build(),
				PerturbationPlan.on(Replicas.of(2), Perturbation.jitterJson("/ts")));
		assertThat(r, not(agreedBy(13)));
		assertEquals(java.util.Set.of("/ts"), DivergenceReport.of(r).variedJsonPointers());
	}
}
