package io.github.subnetsim.cost;

import static io.github.subnetsim.profile.ReplicaProfile.CURRENT_REPLICA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.internal.charge.OutcallPricing;

/** The {@link Cost} invariant and its human breakdown. */
class CostTest {

	private static final RequestSize URL19 = new RequestSize(19, 0, 0, 0, 0);

	@Test
	void totalMustBeTheSumOfTheParts() {
		assertThrows(IllegalArgumentException.class,
				() -> new Cost(PricingVersion.LEGACY, CURRENT_REPLICA, 13, false, URL19, 1_000, 49_140_000, 98_800, 10_400_000, 0, 0, 1));
		assertThrows(IllegalArgumentException.class,
				() -> new Cost(PricingVersion.LEGACY, CURRENT_REPLICA, 13, true, URL19, 1_000, 1, 0, 0, 0, 0, 1));
	}

	@Test
	void describe_v1Vector2_groupsDigitsWithUnderscores() {
		Cost c = OutcallPricing.of(CURRENT_REPLICA, 13, false)
				.upFront(HttpRequestArgs.get("https://example.com").maxResponseBytes(1_000).build());
		// dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md vector 2 and its n = 13 components.
		assertEquals("""
				59_638_800 cycles (v1 legacy, current_replica, n=13)
				  base                         49_140_000
				  request 19 B                 98_800
				  response 1_000 B             10_400_000""", c.describe());
	}

	@Test
	void describe_free() {
		Cost c = OutcallPricing.of(CURRENT_REPLICA, 13, true).upFront(HttpRequestArgs.get("https://example.com").build());
		assertEquals("0 cycles (v1 legacy, current_replica, n=13, free subnet)", c.describe());
	}
}
