package io.github.subnetsim.properties;

import static io.github.subnetsim.assertions.OutcallMatchers.repliesWith;
import static io.github.subnetsim.assertions.ResponseMatchers.body;
import static org.junit.jupiter.api.Assertions.assertEquals;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.assertions.OutcallAssertions;
import io.github.subnetsim.junit.SimulatedSubnet;
import io.github.subnetsim.property.From;
import io.github.subnetsim.property.Gen;
import io.github.subnetsim.property.Gens;
import io.github.subnetsim.property.JsonBody;
import io.github.subnetsim.property.SubnetProperty;
import io.github.subnetsim.transform.Transforms;

/**
 * {@code @SubnetProperty} next to {@code @SimulatedSubnet}: generated parameters and the extension's subnet and server
 * in one method, a fresh pair per try.
 */
@SimulatedSubnet(replicas = 4, seed = 3)
class WithSimulatedSubnetPropertyTest {

	static Gen<JsonBody> bodies() {
		return Gens.jsonBodies();
	}

	@SubnetProperty(tries = 10)
	void anyJsonBodyIsDeliveredAsServed(@From("bodies") JsonBody body, Subnet subnet, MockWebServer server) {
		for (int replica = 0; replica < subnet.replicas(); replica++) {
			server.enqueue(new MockResponse.Builder().body(body.json()).build());
		}
		OutcallAssertions.assertThat(subnet.httpRequest(HttpRequestArgs.get(server.url("/").toString()).cycles(Rig.CYCLES)
				.transform(Transform.of("transform", Transforms.dropAllHeaders())).build()), repliesWith(body(body.json())));
		assertEquals(4, server.getRequestCount(), "each try has its own server");
	}
}
