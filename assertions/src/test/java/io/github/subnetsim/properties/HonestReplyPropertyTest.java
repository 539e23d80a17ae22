package io.github.subnetsim.properties;

import static io.github.subnetsim.assertions.OutcallMatchers.repliesWith;
import static io.github.subnetsim.assertions.ResponseMatchers.body;
import static io.github.subnetsim.assertions.ResponseMatchers.status;
import static org.hamcrest.Matchers.allOf;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Transform;
import io.github.subnetsim.assertions.OutcallAssertions;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.property.From;
import io.github.subnetsim.property.Gen;
import io.github.subnetsim.property.Gens;
import io.github.subnetsim.property.SubnetProperty;
import io.github.subnetsim.transform.Transforms;

/**
 * Property 2: with at most f = ⌊(n−1)/3⌋ faulty replicas doing anything at all (silence, connection failure,
 * rejects, garbage bodies, other statuses, truncation, lateness), the honest response is delivered.
 */
class HonestReplyPropertyTest {

	static final String HONEST = "{\"symbol\":\"ICP\",\"price\":12.34}";
	static final Transform DROP_HEADERS = Transform.of("transform", Transforms.dropAllHeaders());

	private static Rig rig;

	@BeforeAll
	static void start() {
		rig = new Rig();
		rig.serve(HttpResponse.of(200, List.of(), HONEST));
	}

	@AfterAll
	static void stop() {
		rig.close();
	}

	static Gen<Faults> upToF() {
		return Gens.subnetSizes().flatMap(n -> {
			int f = Limits.faultsTolerated(n);
			return Gen.combine(Gens.faultyReplicaSets(n, f), Gens.lists(Gens.faultyBehaviours(), f, f), (set, does) -> Faults.of(n, set, does));
		});
	}

	@SubnetProperty(tries = 30)
	void theHonestResponseIsDelivered(@From("upToF") Faults faults) {
		OutcallResult r = rig.subnet(faults.n()).httpRequest(rig.get("price").transform(DROP_HEADERS).build(), faults.plan());
		OutcallAssertions.assertThat(r, repliesWith(allOf(status(200), body(HONEST))));
	}
}
