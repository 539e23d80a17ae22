package io.github.subnetsim.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.Transform;
import io.github.subnetsim.profile.ReplicaProfile;

/** {@link RequestSize} (dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md {@code variable_parts_size}) and {@link PricingVersion} (§0, §5). */
class RequestSizeAndPricingVersionTest {

	@Test
	void requestSize_icOutcalls42Vector4_partsAndTotal142() {
		HttpRequestArgs args = HttpRequestArgs.post("https://httpbin.org/post", "{\"test\": \"hello\"}")
				.header("Content-Type", "application/json")
				.header("User-Agent", "ic-canister")
				.header("Idempotency-Key", "unique-request-id-12345")
				.transform(Transform.of("transform_post", (r, c) -> r))
				.build();
		RequestSize size = RequestSize.of(args);
		// dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md vector 4: url 24, headers (12+16)+(10+11)+(15+23) = 87, body 17, transform 14.
		assertEquals(new RequestSize(24, 87, 17, 14, 0), size);
		assertEquals(142, size.total());
	}

	@Test
	void requestSize_icOutcalls42Vector12_countsTransformContext_total77() {
		HttpRequestArgs args = HttpRequestArgs.get("https://example.com")
				.header("X-Api-Key", "0123456789abcdef0123456789abcdef")
				.transform(Transform.of("transform", (r, c) -> r).withContext("12345678"))
				.build();
		// dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md vector 12: 19 + 9 + 32 + 9 + 8.
		assertEquals(new RequestSize(19, 41, 0, 9, 8), RequestSize.of(args));
		assertEquals(77, RequestSize.of(args).total());
	}

	@Test
	void requestSize_urlCountsUtf8Bytes_notChars() {
		// "ü" is 2 UTF-8 bytes (dfinity/ic rs/types/types/src/canister_http.rs; docs/limits-and-profiles.md: url.len() is bytes): "https://ü.de" = 8 + 2 + 3.
		assertEquals(13, RequestSize.of(HttpRequestArgs.get("https://ü.de").build()).total());
	}

	@Test
	void requestSize_noBodyAndNoTransformCountZero() {
		// dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md vector 1: only the 19-byte url.
		assertEquals(new RequestSize(19, 0, 0, 0, 0), RequestSize.of(HttpRequestArgs.get("https://example.com").build()));
	}

	@Test
	void pricingVersion_numbers_icOutcalls5() {
		assertEquals(1, PricingVersion.LEGACY.number());
		assertEquals(2, PricingVersion.PAY_AS_YOU_GO.number());
	}

	@Test
	void pricingVersion_nullAndUnknownBecomeLegacy_icOutcalls5() {
		assertEquals(PricingVersion.LEGACY, PricingVersion.resolve(null, ReplicaProfile.CURRENT_REPLICA));
		assertEquals(PricingVersion.LEGACY, PricingVersion.resolve(1, ReplicaProfile.CURRENT_REPLICA));
		assertEquals(PricingVersion.LEGACY, PricingVersion.resolve(0, ReplicaProfile.CURRENT_REPLICA));
		assertEquals(PricingVersion.LEGACY, PricingVersion.resolve(3, ReplicaProfile.CURRENT_REPLICA));
	}

	@Test
	void pricingVersion2_currentReplica_isPayAsYouGo() {
		assertEquals(PricingVersion.PAY_AS_YOU_GO, PricingVersion.resolve(2, ReplicaProfile.CURRENT_REPLICA));
	}

	@Test
	void pricingVersion2_seedDocumented_silentlyLegacy_icOutcalls0_olderReplicaAllowsOnly1() {
		assertEquals(PricingVersion.LEGACY, PricingVersion.resolve(2, ReplicaProfile.SEED_DOCUMENTED));
	}
}
