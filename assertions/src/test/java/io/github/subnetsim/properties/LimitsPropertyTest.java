package io.github.subnetsim.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.Transform;
import io.github.subnetsim.TransformFunction;
import io.github.subnetsim.assertions.OutcallAssertions;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.property.From;
import io.github.subnetsim.property.Gen;
import io.github.subnetsim.property.Gens;
import io.github.subnetsim.property.SubnetProperty;

/**
 * Property 4, limits: a response of any size s is accepted iff s ≤ its limit, in both profiles — the network limit
 * (dfinity/ic rs/https_outcalls/client/src/client.rs (validate_response, transform_adapter_response); docs/limits-and-profiles.md: Σ(lowercased header name + value) + body ≤ max_response_bytes, texts "Header size exceeds
 * specified response size limit N" and "Http body exceeds size limit of N bytes.", SysFatal) and the transformed
 * limit (seed profile: header names + values + body ≤ 2,045,952 always, "Transformed http response exceeds limit:
 * 2045952" — PORTAL-old; current replica: the Candid length of the transform's output ≤ max_response_bytes, only with
 * a transform — dfinity/ic PR #5234).
 */
class LimitsPropertyTest {

	/** Seed profile's transformed limit: 2 MiB − 50 KiB (dfinity/ic rs/types/types/src/canister_http.rs; docs/limits-and-profiles.md, PORTAL-old). */
	static final long SEED_TRANSFORMED_LIMIT = 2_045_952;
	static final List<ReplicaProfile> PROFILES = List.of(ReplicaProfile.SEED_DOCUMENTED, ReplicaProfile.CURRENT_REPLICA);
	/** Two replicas: the limits do not depend on n, and every 2 MB response is fetched by each of them. */
	static final int N = 2;

	private static Rig rig;

	@BeforeAll
	static void start() {
		rig = new Rig();
		rig.answer(Sizes::answer);
	}

	/** Which outcome each try expected: the edge cases guarantee every one, so no branch below is dead. */
	private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

	@AfterAll
	static void stop() {
		rig.close();
		assertEquals(Set.of("headers too large", "body too large", "seed transformed limit", "accepted", "transformed accepted",
				"transformed too large"), SEEN, "the tries reached every outcome");
	}

	/** @param maxResponseBytes null for unset (the profile's default) */
	record NetworkCase(ReplicaProfile profile, Long maxResponseBytes, long size) {
		static NetworkCase of(ReplicaProfile p, Long max, long delta) {
			long limit = max == null ? p.defaultMaxResponseBytes() : max;
			return new NetworkCase(p, max, Math.max(Sizes.SMALLEST, limit + delta));
		}
	}

	static Gen<Long> limits(ReplicaProfile p) {
		return Gens.oneOf(List.of(Gen.constant((Long) null), Gens.longs(0, 4096), Gens.longs(4096, 300_000), Gen.constant(p.maxResponseBytesLimit())));
	}

	/** Mostly within 64 bytes of the limit, sometimes far below it. */
	static Gen<Long> deltas() {
		return Gens.oneOf(List.of(Gens.longs(-64, 64), Gens.longs(-300_000, 0)));
	}

	static Gen<NetworkCase> network() {
		Gen<NetworkCase> random = Gens.elements(PROFILES).flatMap(p -> Gen.combine(limits(p), deltas(), (l, d) -> NetworkCase.of(p, l, d)));
		// Edge cases first: limit − 1, limit and limit + 1, unset (the 2 MB default) and small, in both profiles.
		List<NetworkCase> edges = new ArrayList<>();
		for (ReplicaProfile p : PROFILES) {
			for (Long max : Arrays.asList(null, 100L)) {
				for (long d = -1; d <= 1; d++) {
					edges.add(NetworkCase.of(p, max, d));
				}
			}
			edges.add(NetworkCase.of(p, 10L, 0)); // below the smallest header block: "Header size exceeds …"
		}
		return random.withEdgeCases(edges);
	}

	@SubnetProperty(tries = 40)
	void aResponseIsAcceptedIffItsNetworkSizeIsWithinTheLimit(@From("network") NetworkCase c) {
		long limit = c.maxResponseBytes() == null ? c.profile().defaultMaxResponseBytes() : c.maxResponseBytes();
		OutcallResult r = rig.subnet(N, c.profile()).httpRequest(rig.get("size/" + c.size()).maxResponseBytes(c.maxResponseBytes()).build());

		if (Sizes.headerBytes(c.size()) > limit) {
			SEEN.add("headers too large");
			OutcallAssertions.assertRejected(r, RejectCode.SYS_FATAL, "Header size exceeds specified response size limit " + limit);
		}
		else if (c.size() > limit) {
			SEEN.add("body too large");
			OutcallAssertions.assertRejected(r, RejectCode.SYS_FATAL, "Http body exceeds size limit of " + limit + " bytes.");
		}
		else if (c.profile() == ReplicaProfile.SEED_DOCUMENTED && c.size() > SEED_TRANSFORMED_LIMIT) {
			// Accepted by the network, but the seed profile holds every response to 2,045,952, transform or not.
			SEEN.add("seed transformed limit");
			OutcallAssertions.assertRejected(r, RejectCode.SYS_FATAL, "Transformed http response exceeds limit: " + SEED_TRANSFORMED_LIMIT);
		}
		else {
			SEEN.add("accepted");
			assertEquals(Sizes.parts(c.size())[0], OutcallAssertions.assertAgreedBy(r, N).bodyLength());
		}
	}

	/** @param target the size the transform's output is made to have, as the profile measures it */
	record TransformedCase(ReplicaProfile profile, Long maxResponseBytes, long target) {
	}

	static Gen<TransformedCase> transformed() {
		Gen<TransformedCase> seed = Gen.combine(Gens.oneOf(List.of(Gen.constant((Long) null), Gens.longs(100, 2_097_152))),
				Gens.oneOf(List.of(Gens.sizesNear(SEED_TRANSFORMED_LIMIT), Gens.longs(0, 5_000))),
				(max, t) -> new TransformedCase(ReplicaProfile.SEED_DOCUMENTED, max, t));
		Gen<TransformedCase> current = Gens.oneOf(List.of(Gen.constant((Long) null), Gens.longs(48, 300_000), Gen.constant(2_000_000L)))
				.flatMap(max -> Gens.sizesNear(max == null ? 2_000_000 : max).map(t -> new TransformedCase(ReplicaProfile.CURRENT_REPLICA, max, t)));
		List<TransformedCase> edges = new ArrayList<>();
		for (long d = -1; d <= 1; d++) {
			edges.add(new TransformedCase(ReplicaProfile.SEED_DOCUMENTED, null, SEED_TRANSFORMED_LIMIT + d));
			edges.add(new TransformedCase(ReplicaProfile.CURRENT_REPLICA, null, 2_000_000 + d));
			edges.add(new TransformedCase(ReplicaProfile.CURRENT_REPLICA, 1_000L, 1_000 + d));
		}
		return Gens.oneOf(List.of(seed, current)).withEdgeCases(edges);
	}

	@SubnetProperty(tries = 36)
	void aTransformedResponseIsAcceptedIffItsSizeIsWithinTheProfilesLimit(@From("transformed") TransformedCase c) {
		long size;
		long limit;
		TransformFunction output;
		if (c.profile() == ReplicaProfile.SEED_DOCUMENTED) {
			// Header names + values + body, exactly the target: an "x-t" header takes up to 50 bytes of it.
			long value = c.target() < 3 ? -1 : Math.min(c.target() - 3, 50);
			byte[] body = new byte[(int) (c.target() - (value < 0 ? 0 : 3 + value))];
			List<HttpHeader> headers = value < 0 ? List.of() : List.of(HttpHeader.of("x-t", "v".repeat((int) value)));
			output = (resp, ctx) -> HttpResponse.of(200, headers, body);
			size = c.target();
			limit = SEED_TRANSFORMED_LIMIT;
		}
		else {
			byte[] body = new byte[(int) Sizes.candidBodyFor(c.target())];
			output = (resp, ctx) -> HttpResponse.of(200, List.of(), body);
			size = Sizes.candid200NoHeaders(body.length);
			limit = c.maxResponseBytes() == null ? 2_000_000 : c.maxResponseBytes();
		}
		OutcallResult r = rig.subnet(N, c.profile()).httpRequest(rig.get("size/" + Sizes.SMALLEST).maxResponseBytes(c.maxResponseBytes())
				.transform(Transform.of("transform", output)).build());

		if (size <= limit) {
			SEEN.add("transformed accepted");
			OutcallAssertions.assertAgreedBy(r, N);
		}
		else {
			SEEN.add("transformed too large");
			OutcallAssertions.assertRejected(r, RejectCode.SYS_FATAL, "Transformed http response exceeds limit: " + limit);
		}
	}

	@Test
	void theCurrentReplicaChecksTheCandidSizeOnlyWithATransform() {
		String url = "size/1000"; // exactly max_response_bytes on the network; its Candid encoding is larger
		Transform identity = Transform.of("transform", (resp, ctx) -> resp);
		OutcallResult without = rig.subnet(N, ReplicaProfile.CURRENT_REPLICA).httpRequest(rig.get(url).maxResponseBytes(1_000L).build());
		OutcallResult with = rig.subnet(N, ReplicaProfile.CURRENT_REPLICA).httpRequest(rig.get(url).maxResponseBytes(1_000L).transform(identity).build());
		OutcallAssertions.assertAgreedBy(without, N);
		OutcallAssertions.assertRejected(with, RejectCode.SYS_FATAL, "Transformed http response exceeds limit: 1000");
		// The seed profile counts header names + values + body instead: 1,000 ≤ 2,045,952 either way.
		OutcallAssertions.assertAgreedBy(rig.subnet(N, ReplicaProfile.SEED_DOCUMENTED).httpRequest(rig.get(url).maxResponseBytes(1_000L)
				.transform(identity).build()), N);
	}
}
