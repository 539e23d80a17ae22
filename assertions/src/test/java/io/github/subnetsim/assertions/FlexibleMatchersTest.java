package io.github.subnetsim.assertions;

import static io.github.subnetsim.assertions.FlexibleMatchers.deliversResponses;
import static io.github.subnetsim.assertions.FlexibleMatchers.deliversResponsesFrom;
import static io.github.subnetsim.assertions.FlexibleMatchers.deliversResponsesFromCommitteeOnly;
import static io.github.subnetsim.assertions.FlexibleMatchers.failsWith;
import static io.github.subnetsim.assertions.FlexibleMatchers.flexibleCostsAtMost;
import static io.github.subnetsim.assertions.FlexibleMatchers.flexibleCostsExactly;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.FlexibleOutcallResult;
import io.github.subnetsim.FlexibleReplication;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.server.MockServers;

/** Flexible-outcall matchers against a real subnet and server. */
class FlexibleMatchersTest {

	private static MockWebServer server;
	private static Subnet subnet;

	@BeforeAll
	static void start() {
		server = MockServers.startTls();
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return new MockResponse.Builder().body("{\"price\":1}").build();
			}
		});
		subnet = Subnet.builder().replicas(13).seed(77).profile(ReplicaProfile.CURRENT_REPLICA).build();
	}

	@AfterAll
	static void stop() {
		subnet.close();
		server.close();
	}

	private static HttpRequestArgs args() {
		return HttpRequestArgs.get(server.url("/").toString()).cycles(1_000_000_000_000L).build();
	}

	@Test
	void countReplicasCommitteeAndCost() {
		FlexibleOutcallResult r = subnet.flexibleHttpRequest(args(), new FlexibleReplication(3, 3, 5));
		assertThat(r, deliversResponses(3));
		assertThat(r, deliversResponsesFromCommitteeOnly());
		assertThat(r, flexibleCostsExactly(r.cost().base() + r.cost().requestBytesPart() + r.cost().usagePart() + r.cost().consensusPart()));
		assertThat(r, flexibleCostsAtMost(r.cost().total()));
		List<Integer> from = new ArrayList<>();
		((FlexibleOutcallResult.Responses) r).responses().forEach(x -> from.add(x.replica()));
		assertThat(r, deliversResponsesFrom(from.toArray(new Integer[0])));
	}

	@Test
	void mismatchesSayWhatCameBack() {
		FlexibleOutcallResult r = subnet.flexibleHttpRequest(args(), new FlexibleReplication(3, 3, 5));
		AssertionError e = assertThrows(AssertionError.class, () -> assertThat(r, deliversResponses(5)));
		assertEquals(true, e.getMessage().contains("     but: Delivered 3 responses, expected 5.\nDetails:\n  from replicas ["), e.getMessage());
		AssertionError cost = assertThrows(AssertionError.class, () -> assertThat(r, flexibleCostsAtMost(1)));
		assertTrue(cost.getMessage().matches("(?s).*     but: The flexible outcall cost [\\d_]+ cycles, [\\d_]+ over the limit of 1\\.\nDetails:\n.*"),
				cost.getMessage());
	}

	@Test
	void theErrorArm() {
		FlexibleOutcallResult r = subnet.flexibleHttpRequest(args(), new FlexibleReplication(9, 13, 13),
				PerturbationPlan.on(Replicas.random(5), Perturbation.reject(RejectCode.SYS_TRANSIENT, "boom")));
		assertThat(r, failsWith(FlexibleOutcallResult.FlexibleError.TOO_MANY_REJECTS));
		AssertionError e = assertThrows(AssertionError.class, () -> assertThat(r, deliversResponses(9)));
		assertTrue(e.getMessage().contains("but: Delivered no responses, expected 9: failed with TOO_MANY_REJECTS: "), e.getMessage());
	}
}
