package io.github.subnetsim.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.TransformFunction;
import io.github.subnetsim.assertions.DivergenceReport;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.property.From;
import io.github.subnetsim.property.Gen;
import io.github.subnetsim.property.Gens;
import io.github.subnetsim.property.JsonBody;
import io.github.subnetsim.property.SubnetProperty;
import io.github.subnetsim.transform.Transforms;

/**
 * Property 6: the divergence report names exactly the replicas, JSON pointers (and headers) that were perturbed,
 * and suggests exactly the transform that drops them. The perturbed replicas are fewer than half, so the honest
 * replicas form the largest group the report compares against.
 */
class DivergenceReportPropertyTest {

	static final List<String> HEADERS = List.of("etag", "x-request-id");

	private static Rig rig;

	@BeforeAll
	static void start() {
		rig = new Rig();
	}

	@AfterAll
	static void stop() {
		rig.close();
	}

	record Case(int n, JsonBody body, SortedSet<Integer> perturbed, SortedSet<String> pointers, SortedSet<String> headers) {
	}

	static Gen<SortedSet<String>> subsetOf(List<String> values, int min) {
		return Gens.lists(Gens.elements(values), min, values.size()).map(TreeSet::new);
	}

	static Gen<Case> cases() {
		return Gens.subnetSizes().flatMap(n -> Gens.jsonBodies().flatMap(body -> Gen.combine(Gens.replicaSets(n, 0, (n - 1) / 2),
				subsetOf(body.volatilePointers(), 1), subsetOf(HEADERS, 0), (replicas, pointers, headers) -> new Case(n, body, replicas, pointers, headers))));
	}

	@SubnetProperty(tries = 30)
	void theReportNamesExactlyWhatWasPerturbed(@From("cases") Case c) {
		rig.serve(HttpResponse.of(200, List.of(HttpHeader.of("content-type", "application/json")), c.body().json()));
		List<Perturbation> ps = new ArrayList<>();
		c.pointers().forEach(p -> ps.add(Perturbation.jitterJson(p)));
		c.headers().forEach(h -> ps.add(Perturbation.jitterHeader(h)));
		PerturbationPlan plan = c.perturbed().isEmpty() ? PerturbationPlan.none()
				: PerturbationPlan.on(Replicas.of(c.perturbed().stream().mapToInt(Integer::intValue).toArray()), ps.toArray(Perturbation[]::new));

		OutcallResult r = rig.subnet(c.n()).httpRequest(rig.get("data").build(), plan);
		DivergenceReport report = DivergenceReport.of(r);

		boolean perturbed = !c.perturbed().isEmpty();
		assertEquals(c.perturbed(), report.differingReplicas(), report.render());
		assertEquals(perturbed ? c.pointers() : Set.of(), report.variedJsonPointers(), report.render());
		assertEquals(perturbed ? c.headers() : Set.of(), report.variedHeaders(), report.render());
		assertEquals(perturbed ? expectedCode(c) : "", report.suggestedTransformCode());
	}

	/** The suggested code, written with the helpers themselves: their toString is their code. */
	private static String expectedCode(Case c) {
		TransformFunction json = Transforms.dropJson(c.pointers().toArray(String[]::new));
		return c.headers().isEmpty() ? json.toString()
				: Transforms.compose(Transforms.dropHeaders(c.headers().toArray(String[]::new)), json).toString();
	}
}
