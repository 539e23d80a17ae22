package io.github.subnetsim.examples;

import static io.github.subnetsim.assertions.OutcallMatchers.agreedBy;
import static io.github.subnetsim.assertions.OutcallMatchers.repliesWith;
import static io.github.subnetsim.assertions.ResponseMatchers.jsonAt;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import mockwebserver3.MockResponse;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.SubnetKind;
import io.github.subnetsim.Transform;
import io.github.subnetsim.junit.SubnetExtension;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.transform.Transforms;

/** Getting started, programmatic form: one subnet for the whole class, configured in code. */
class GettingStartedExampleTest {

	// tag::programmatic[]
	@RegisterExtension
	static SubnetExtension subnet = SubnetExtension.newInstance()   // static: one subnet and server per class
			.kind(SubnetKind.FIDUCIARY)                             // 34 replicas, 23 must agree
			.profile(ReplicaProfile.CURRENT_REPLICA)                // today's replica limits and fees
			.seed(2026)
			.perturb(Replicas.all(), Perturbation.jitterHeader("date"))
			.build();

	@Test
	void agrees() {
		subnet.server().enqueue(new MockResponse.Builder().body("{\"price\":\"1.23\"}").build());
		for (int i = 1; i < 34; i++) {
			subnet.server().enqueue(new MockResponse.Builder().body("{\"price\":\"1.23\"}").build());
		}
		OutcallResult result = subnet.subnet().httpRequest(HttpRequestArgs.get(subnet.server().url("/price").toString())
				.maxResponseBytes(1_000L)
				.transform(Transform.of("transform", Transforms.dropAllHeaders()))
				.cycles(1_000_000_000L)
				.build());
		assertThat(result, agreedBy(34));
		assertThat(result, repliesWith(jsonAt("/price", equalTo("1.23"))));
	}
	// end::programmatic[]
}
