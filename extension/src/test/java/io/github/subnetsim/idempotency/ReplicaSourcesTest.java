package io.github.subnetsim.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.Subnet;

class ReplicaSourcesTest {

	@Test
	void theMappingIsTheSubnetsOwnAcrossTheFirstBlockBoundary() {
		try (Subnet subnet = Subnet.builder().replicas(300).build()) {
			for (int i = 0; i < 300; i++) {
				assertEquals(subnet.sourceAddress(i), ReplicaSources.address(i), "replica " + i);
				assertEquals(OptionalInt.of(i), ReplicaSources.replicaOf(subnet.sourceAddress(i)));
			}
		}
		assertEquals("127.0.0.254", ReplicaSources.address(253));
		assertEquals("127.0.1.1", ReplicaSources.address(254));
		assertEquals(OptionalInt.of(65_023), ReplicaSources.replicaOf(ReplicaSources.address(65_023)));
	}

	@Test
	void otherAddressesAreNoReplica() {
		for (String s : new String[] { null, "unknown", "10.0.0.1", "127.0.0.0", "127.0.0.255", "127.0.0", "127.0.x.1", "127.0.256.1" }) {
			assertEquals(OptionalInt.empty(), ReplicaSources.replicaOf(s), String.valueOf(s));
		}
		assertEquals("replica 12 (127.0.0.13)", ReplicaSources.describe("127.0.0.13"));
		assertEquals("10.0.0.1", ReplicaSources.describe("10.0.0.1"));
		assertThrows(IllegalArgumentException.class, () -> ReplicaSources.address(-1));
		assertThrows(IllegalArgumentException.class, () -> ReplicaSources.address(65_024));
	}
}
