package io.github.subnetsim.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.junit.SimulatedSubnet;
import io.github.subnetsim.trace.Decision;
import io.github.subnetsim.transform.Transforms;

/** Issue 15, part 3: {@code @SimulatedSubnet(replay = ...)} replays a fixture from the class path, offline. */
@SimulatedSubnet(replicas = 13, seed = 7, replay = "/fixtures/rates.json")
class SimulatedSubnetReplayTest {

	// The CI key differs from the recorded one, which the fixture keeps only as api_key=REDACTED.
	private static final HttpRequestArgs.Builder RATES = HttpRequestArgs.get("https://api.example.com/v1/rates?base=USD&api_key=ci-key")
			.cycles(100_000_000_000L);

	@Test
	void theRecordedRepliesDivergeWithoutATransform(Subnet subnet) {
		OutcallResult r = subnet.httpRequest(RATES.build());
		assertEquals(Decision.DIVERGED, r.trace().consensus().decision());
	}

	@Test
	void theTransformThatKeepsTheRatesAgrees(Subnet subnet) {
		OutcallResult r = subnet.httpRequest(RATES.transform(Transform.of("transform",
				Transforms.compose(Transforms.dropAllHeaders(), Transforms.keepJson("/rates")))).build());
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, r);
		assertEquals("{\"rates\":{\"EUR\":0.9210,\"CHF\":0.8845}}", reply.response().bodyText());
		assertEquals(13, reply.agreement());
	}

	@Test
	@SimulatedSubnet(replicas = 4, seed = 7, replay = "fixtures/rates.json")
	void aPathFromTheClassPathRootWorksToo(Subnet subnet) {
		assertEquals(4, subnet.replicas());
		assertTrue(subnet.httpRequest(RATES.build()).trace().replicas().size() == 4);
	}

	@Test
	void aMissingFixtureNamesWhereItLooked() {
		ExtensionConfigurationException e = assertThrows(ExtensionConfigurationException.class,
				() -> io.github.subnetsim.junit.ReplayFixturesAccess.resolve("fixtures/nope.json", SimulatedSubnetReplayTest.class));
		assertTrue(e.getMessage().contains("src/test/resources/fixtures/nope.json"), e.getMessage());
		List.of("nope.json", SimulatedSubnetReplayTest.class.getName()).forEach(s -> assertTrue(e.getMessage().contains(s), e.getMessage()));
	}
}
