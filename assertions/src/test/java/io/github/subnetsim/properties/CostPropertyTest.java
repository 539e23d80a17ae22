package io.github.subnetsim.properties;

import static io.github.subnetsim.assertions.OutcallMatchers.costsExactly;
import static io.github.subnetsim.assertions.OutcallMatchers.refundIs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.TransformFunction;
import io.github.subnetsim.assertions.OutcallAssertions;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.property.From;
import io.github.subnetsim.property.Gen;
import io.github.subnetsim.property.Gens;
import io.github.subnetsim.property.RequestShape;
import io.github.subnetsim.property.SubnetProperty;
import io.github.subnetsim.trace.Decision;
import io.github.subnetsim.transform.Transforms;

/**
 * Property 5: what an outcall is charged equals the v1 formula of dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md, computed here from the
 * request's parts — not by production code — and grows with request bytes and with max_response_bytes.
 * <ul>
 * <li>current replica (CAM {@code http_request_fee}): (3,000,000 + 60,000·n + 400·request + 800·response)·n, with
 * response = max_response_bytes or 2,000,000;</li>
 * <li>seed documents (developer-docs cycle-costs.md, 13-node figures scaled by n/13): n·(3,780,000 + 400·request +
 * 800·response), with response = max_response_bytes or 2,097,152.</li>
 * </ul>
 * request = URL + Σ(header name + value) + body + transform name + transform context, in bytes (TYPES
 * {@code variable_parts_size}).
 */
class CostPropertyTest {

	static final TransformFunction DROP_HEADERS = Transforms.dropAllHeaders();

	private static Rig rig;

	@BeforeAll
	static void start() {
		rig = new Rig();
		rig.serve(HttpResponse.of(200, List.of(), "{\"ok\":true}"));
	}

	@AfterAll
	static void stop() {
		rig.close();
	}

	/** @param extraRequest bytes added to the body for the monotonicity check; extraResponse likewise to max_response_bytes */
	record CostCase(ReplicaProfile profile, int n, RequestShape shape, int extraRequest, int extraResponse) {
	}

	static Gen<CostCase> cases() {
		Gen<Object[]> profileAndN = Gen.combine(Gens.elements(List.of(ReplicaProfile.CURRENT_REPLICA, ReplicaProfile.SEED_DOCUMENTED)),
				Gens.subnetSizes(), (p, n) -> new Object[] { p, n });
		return Gen.combine(profileAndN, Gens.requestShapes(), Gen.combine(Gens.ints(1, 1000), Gens.ints(1, 1000), (a, b) -> new int[] { a, b }),
				(pn, shape, extra) -> new CostCase((ReplicaProfile) pn[0], (Integer) pn[1], shape, extra[0], extra[1]));
	}

	static long requestBytes(String url, RequestShape s) {
		long bytes = url.length(); // the URL is ASCII here: characters are bytes
		for (HttpHeader h : s.headers()) {
			bytes += h.name().length() + h.value().length();
		}
		bytes += s.bodyBytes() == null ? 0 : s.bodyBytes();
		bytes += s.transformName() == null ? 0 : s.transformName().length() + s.transformContextBytes();
		return bytes;
	}

	static long expectedFee(ReplicaProfile profile, long n, long request, Long maxResponseBytes) {
		if (profile == ReplicaProfile.CURRENT_REPLICA) {
			long response = maxResponseBytes == null ? 2_000_000 : maxResponseBytes;
			return (3_000_000 + 60_000 * n + 400 * request + 800 * response) * n;
		}
		long response = maxResponseBytes == null ? 2_097_152 : maxResponseBytes;
		return n * (3_780_000 + 400 * request + 800 * response);
	}

	private static RequestShape withBody(RequestShape s, int body) {
		return new RequestShape(s.path(), s.headers(), body, s.transformName(), s.transformContextBytes(), s.maxResponseBytes());
	}

	private static RequestShape withMax(RequestShape s, Long max) {
		return new RequestShape(s.path(), s.headers(), s.bodyBytes(), s.transformName(), s.transformContextBytes(), max);
	}

	@SubnetProperty(tries = 30)
	void theChargeIsTheFormulaAndGrowsWithRequestAndResponseBytes(@From("cases") CostCase c) {
		Subnet subnet = rig.subnet(c.n(), c.profile());
		String base = rig.baseUrl();
		RequestShape s = c.shape();
		long fee = expectedFee(c.profile(), c.n(), requestBytes(base + s.path(), s), s.maxResponseBytes());

		OutcallResult r = subnet.httpRequest(s.toArgs(base, DROP_HEADERS, Rig.CYCLES));
		assertNotEquals(Decision.NOT_REACHED, r.trace().consensus().decision(), "a valid request is charged: " + r);
		OutcallAssertions.assertThat(r, costsExactly(fee));
		OutcallAssertions.assertThat(r, refundIs(Rig.CYCLES - fee));

		// More request bytes cost more: 400 per byte per replica in both profiles.
		RequestShape bigger = withBody(s, (s.bodyBytes() == null ? 0 : s.bodyBytes()) + c.extraRequest());
		long biggerFee = subnet.httpRequest(bigger.toArgs(base, DROP_HEADERS, Rig.CYCLES)).cost().total();
		assertTrue(biggerFee > fee, biggerFee + " > " + fee);
		assertEquals(400L * c.extraRequest() * c.n(), biggerFee - fee);

		// More response bytes cost more: 800 per byte per replica. From unset (the default), go below the default.
		long limit = c.profile().maxResponseBytesLimit();
		long max = s.maxResponseBytes() == null ? c.profile().defaultMaxResponseBytes() : s.maxResponseBytes();
		long smaller = Math.max(0, max - c.extraResponse());
		long larger = Math.min(limit, smaller + c.extraResponse());
		long smallerFee = subnet.httpRequest(withMax(s, smaller).toArgs(base, DROP_HEADERS, Rig.CYCLES)).cost().total();
		long largerFee = subnet.httpRequest(withMax(s, larger).toArgs(base, DROP_HEADERS, Rig.CYCLES)).cost().total();
		assertTrue(largerFee > smallerFee || larger == smaller, largerFee + " > " + smallerFee);
		assertEquals(800L * (larger - smaller) * c.n(), largerFee - smallerFee);
	}
}
