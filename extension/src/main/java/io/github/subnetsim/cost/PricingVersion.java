package io.github.subnetsim.cost;

import io.github.subnetsim.profile.ReplicaProfile;

/**
 * The {@code pricing_version} an outcall is charged under (dfinity/ic rs/types/types/src/canister_http.rs, §5).
 *
 * <p>The replica keeps only allowed values and falls back to the default, 1, for anything else
 * ({@code .filter(|v| ALLOWED_HTTP_OUTCALLS_PRICING_VERSIONS.contains(v)).unwrap_or(DEFAULT_...)}). A replica that
 * does not know pay-as-you-go (the seed profile) allows only 1, so it maps 2 to 1 silently.
 * <pre>{@code
 * PricingVersion.resolve(2, ReplicaProfile.CURRENT_REPLICA);  // PAY_AS_YOU_GO
 * PricingVersion.resolve(2, ReplicaProfile.SEED_DOCUMENTED);  // LEGACY
 * PricingVersion.resolve(null, ReplicaProfile.CURRENT_REPLICA); // LEGACY
 * }</pre>
 */
public enum PricingVersion {

	/** Version 1, {@code PRICING_VERSION_LEGACY}: the whole fee up front, nothing refunded for unused bytes. */
	LEGACY(1),

	/** Version 2: a base fee up front, then what the replicas actually used. */
	PAY_AS_YOU_GO(2);

	private final int number;

	PricingVersion(int number) {
		this.number = number;
	}

	/**
	 * The Candid {@code pricing_version} value: 1 or 2.
	 *
	 * @return the version number
	 */
	public int number() {
		return number;
	}

	/**
	 * The version the replica of {@code profile} applies to a requested {@code pricing_version} (null: none).
	 *
	 * @param requested the {@code pricing_version} in the request, or {@code null}
	 * @param profile the replica profile, which decides whether pay-as-you-go exists
	 * @return {@link #PAY_AS_YOU_GO} when 2 was requested and the profile supports it, else {@link #LEGACY}
	 */
	public static PricingVersion resolve(Integer requested, ReplicaProfile profile) {
		if (requested != null && requested == 2 && profile.supportsPayAsYouGo()) {
			return PAY_AS_YOU_GO;
		}
		return LEGACY;
	}
}
