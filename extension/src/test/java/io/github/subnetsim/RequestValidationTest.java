package io.github.subnetsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.server.MockServers;
import io.github.subnetsim.trace.Stage;

/**
 * Request validation at limit − 1, limit and limit + 1, in both profiles: the exact text of dfinity/ic rs/types/types/src/canister_http.rs generate_from_args; docs/limits-and-profiles.md, reject
 * code 4 (CanisterReject), the whole payment refunded, and at the limit the request goes out.
 */
class RequestValidationTest {

	private static final long PLENTY = 1_000_000_000_000_000L;
	private static MockWebServer server;

	@BeforeAll
	static void start() {
		server = MockServers.startTls();
		server.setDispatcher(Servers.always(Servers.json("{}")));
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	private static OutcallResult call(ReplicaProfile profile, HttpRequestArgs args) {
		try (Subnet subnet = Subnet.builder().replicas(4).profile(profile).build()) {
			return subnet.httpRequest(args);
		}
	}

	private static void assertRejected(OutcallResult result, String expectedText, long attached) {
		OutcallResult.Reject reject = assertInstanceOf(OutcallResult.Reject.class, result, () -> "expected a validation reject, got " + result);
		assertEquals(RejectCode.CANISTER_REJECT, reject.code());
		assertEquals(expectedText, reject.message());
		assertEquals(attached, reject.refund(), "the whole payment is refunded");
		assertEquals(0, reject.cost().total(), "nothing is charged");
		assertTrue(reject.trace().replicas().isEmpty(), "no replica made the request");
	}

	private static void assertAccepted(OutcallResult result) {
		assertInstanceOf(OutcallResult.Reply.class, result, () -> "expected the request to go out, got " + result);
	}

	private static String url(int totalBytes) {
		String base = server.url("/").toString();
		return base + "a".repeat(totalBytes - base.length());
	}

	private static String rep(char c, int n) {
		return String.valueOf(c).repeat(n);
	}

	@ParameterizedTest
	@EnumSource(ReplicaProfile.class)
	void urlOf8192BytesIsTheLimit(ReplicaProfile profile) {
		// TYPES MAX_CANISTER_HTTP_URL_SIZE = 8192, text "url size {n} exceeds 8192"
		assertAccepted(call(profile, HttpRequestArgs.get(url(8191)).cycles(PLENTY).build()));
		assertAccepted(call(profile, HttpRequestArgs.get(url(8192)).cycles(PLENTY).build()));
		assertRejected(call(profile, HttpRequestArgs.get(url(8193)).cycles(PLENTY).build()), "url size 8193 exceeds 8192", PLENTY);
	}

	@ParameterizedTest
	@EnumSource(ReplicaProfile.class)
	void sixtyFourHeadersIsTheLimit(ReplicaProfile profile) {
		// TYPES MAX_CANISTER_HTTP_HEADER_NUM = 64
		assertAccepted(call(profile, withHeaders(63)));
		assertAccepted(call(profile, withHeaders(64)));
		// The current replica fails at Candid decode (IC0408, dfinity/ic rs/types/management_canister_types/src/http.rs
		// BoundedHttpHeaders, HTTP_HEADERS_MAX_NUMBER = 64) before the later checks.
		assertRejected(call(profile, withHeaders(65)), profile == ReplicaProfile.CURRENT_REPLICA
				? "Error decoding candid: Deserialize error: The number of elements exceeds maximum allowed 64"
				: "number of all http headers 65 exceeds 64", PLENTY);
	}

	private static HttpRequestArgs withHeaders(int count) {
		HttpRequestArgs.Builder b = HttpRequestArgs.get(server.url("/").toString()).cycles(PLENTY);
		for (int i = 0; i < count; i++) {
			b.header("x-h" + i, "v");
		}
		return b.build();
	}

	@ParameterizedTest
	@EnumSource(ReplicaProfile.class)
	void headerNameAndValueOf8192BytesAreTheLimit(ReplicaProfile profile) {
		// TYPES MAX_CANISTER_HTTP_HEADER_NAME_VALUE_LENGTH = 8 * 1024
		String u = server.url("/").toString();
		assertAccepted(call(profile, HttpRequestArgs.get(u).header(rep('n', 8191), "v").cycles(PLENTY).build()));
		assertAccepted(call(profile, HttpRequestArgs.get(u).header(rep('n', 8192), "v").cycles(PLENTY).build()));
		assertRejected(call(profile, HttpRequestArgs.get(u).header(rep('n', 8193), "v").cycles(PLENTY).build()),
				"number of bytes to represent some http header name 8193 exceeds 8192", PLENTY);
		assertAccepted(call(profile, HttpRequestArgs.get(u).header("n", rep('v', 8191)).cycles(PLENTY).build()));
		assertAccepted(call(profile, HttpRequestArgs.get(u).header("n", rep('v', 8192)).cycles(PLENTY).build()));
		assertRejected(call(profile, HttpRequestArgs.get(u).header("n", rep('v', 8193)).cycles(PLENTY).build()),
				"number of bytes to represent some http header value 8193 exceeds 8192", PLENTY);
	}

	@ParameterizedTest
	@EnumSource(ReplicaProfile.class)
	void allHeaderBytesOf49152IsTheLimit(ReplicaProfile profile) {
		// TYPES MAX_CANISTER_HTTP_HEADER_TOTAL_SIZE = 48 * 1024; six headers of 2 + 8190 bytes make 49,152
		assertAccepted(call(profile, headersTotalling(49_151)));
		assertAccepted(call(profile, headersTotalling(49_152)));
		// Current replica: HTTP_HEADERS_TOTAL_MAX_SIZE = 48 KiB at Candid decode (dfinity/ic rs/types/management_canister_types/src/http.rs).
		assertRejected(call(profile, headersTotalling(49_153)), profile == ReplicaProfile.CURRENT_REPLICA
				? "Error decoding candid: Deserialize error: The total data size exceeds maximum allowed 49152"
				: "total number of bytes to represent all http header names and values 49153 exceeds 49152", PLENTY);
	}

	private static HttpRequestArgs headersTotalling(int total) {
		HttpRequestArgs.Builder b = HttpRequestArgs.get(server.url("/").toString()).cycles(PLENTY);
		int left = total;
		for (int i = 0; i < 6; i++) {
			int value = i < 5 ? 8190 : left - 2;
			b.header("h" + i, rep('v', value));
			left -= 2 + value;
		}
		return b.build();
	}

	@ParameterizedTest
	@EnumSource(ReplicaProfile.class)
	void headersPlusBodyOf2000000BytesIsTheLimit(ReplicaProfile profile) {
		// TYPES MAX_CANISTER_HTTP_REQUEST_BYTES = 2_000_000; the header "h: v" is 2 bytes
		assertAccepted(call(profile, postOf(1_999_997)));
		assertAccepted(call(profile, postOf(1_999_998)));
		assertRejected(call(profile, postOf(1_999_999)),
				"total number of bytes to represent all http header names and values and http body 2000001 exceeds 2000000", PLENTY);
	}

	private static HttpRequestArgs postOf(int bodyBytes) {
		return HttpRequestArgs.builder(HttpMethod.POST, server.url("/").toString()).header("h", "v")
				.body(new byte[bodyBytes]).cycles(PLENTY).build();
	}

	@Test
	void maxResponseBytesRangeIsTwoMebibytesInTheSeedProfile() {
		// Seed documents: [0..2097152] (docs/limits-and-profiles.md)
		ReplicaProfile p = ReplicaProfile.SEED_DOCUMENTED;
		assertAccepted(call(p, HttpRequestArgs.get(server.url("/").toString()).maxResponseBytes(2_097_151).cycles(PLENTY).build()));
		assertAccepted(call(p, HttpRequestArgs.get(server.url("/").toString()).maxResponseBytes(2_097_152).cycles(PLENTY).build()));
		assertRejected(call(p, HttpRequestArgs.get(server.url("/").toString()).maxResponseBytes(2_097_153).cycles(PLENTY).build()),
				"max_response_bytes expected to be in the range [0..2097152], got 2097153", PLENTY);
	}

	@Test
	void maxResponseBytesRangeIsTwoMillionInTheCurrentReplica() {
		// TYPES MAX_CANISTER_HTTP_RESPONSE_BYTES = 2_000_000
		ReplicaProfile p = ReplicaProfile.CURRENT_REPLICA;
		assertAccepted(call(p, HttpRequestArgs.get(server.url("/").toString()).maxResponseBytes(1_999_999).cycles(PLENTY).build()));
		assertAccepted(call(p, HttpRequestArgs.get(server.url("/").toString()).maxResponseBytes(2_000_000).cycles(PLENTY).build()));
		assertRejected(call(p, HttpRequestArgs.get(server.url("/").toString()).maxResponseBytes(2_000_001).cycles(PLENTY).build()),
				"max_response_bytes expected to be in the range [0..2000000], got 2000001", PLENTY);
	}

	@ParameterizedTest
	@EnumSource(value = HttpMethod.class, names = { "PUT", "DELETE", "PATCH" })
	void putDeleteAndPatchAreOnlyForNonReplicatedRequests(HttpMethod method) {
		String u = server.url("/").toString();
		assertRejected(call(ReplicaProfile.CURRENT_REPLICA, HttpRequestArgs.builder(method, u).cycles(PLENTY).build()),
				"The requested HTTP method is only allowed for non-replicated requests.", PLENTY);
		assertAccepted(call(ReplicaProfile.CURRENT_REPLICA, HttpRequestArgs.builder(method, u).nonReplicated().cycles(PLENTY).build()));
	}

	@Test
	void insufficientCyclesQuotesBothNumbersWithUnderscores() {
		// dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md vector 1 at n = 13: 20,849,238,800; text of §2.1 step 11
		HttpRequestArgs.Builder b = HttpRequestArgs.get("https://example.com");
		try (Subnet subnet = Subnet.builder().replicas(13).profile(ReplicaProfile.CURRENT_REPLICA).build()) {
			OutcallResult none = subnet.httpRequest(b.cycles(0).build());
			assertRejected(none, "http_request request sent with 0 cycles, but 20_849_238_800 cycles are required.", 0);
			OutcallResult oneShort = subnet.httpRequest(b.cycles(20_849_238_799L).build());
			assertRejected(oneShort, "http_request request sent with 20_849_238_799 cycles, but 20_849_238_800 cycles are required.",
					20_849_238_799L);
			assertEquals(Stage.CHARGE, oneShort.trace().stage());
		}
	}

	@Test
	void checksRunInTheReplicasOrder() {
		// URL before headers before max_response_bytes before method before cycles (dfinity/ic rs/types/types/src/canister_http.rs generate_from_args; docs/limits-and-profiles.md)
		List<HttpHeader> tooMany = new ArrayList<>();
		for (int i = 0; i < 65; i++) {
			tooMany.add(HttpHeader.of("h" + i, "v"));
		}
		HttpRequestArgs everythingWrong = HttpRequestArgs.builder(HttpMethod.PUT, url(8193)).headers(tooMany)
				.maxResponseBytes(3_000_000).cycles(0).build();
		ReplicaProfile p = ReplicaProfile.CURRENT_REPLICA;
		// Candid decode (step 3) comes first in the current replica, then the URL (step 5).
		assertRejected(call(p, everythingWrong), "Error decoding candid: Deserialize error: The number of elements exceeds maximum allowed 64", 0);
		assertRejected(call(ReplicaProfile.SEED_DOCUMENTED, everythingWrong), "url size 8193 exceeds 8192", 0);
		HttpRequestArgs urlAndLater = HttpRequestArgs.builder(HttpMethod.PUT, url(8193)).maxResponseBytes(3_000_000).cycles(0).build();
		assertRejected(call(p, urlAndLater), "url size 8193 exceeds 8192", 0);
		HttpRequestArgs noUrl = HttpRequestArgs.builder(HttpMethod.PUT, server.url("/").toString()).headers(tooMany)
				.maxResponseBytes(3_000_000).cycles(0).build();
		assertRejected(call(ReplicaProfile.SEED_DOCUMENTED, noUrl), "number of all http headers 65 exceeds 64", 0);
		HttpRequestArgs noHeaders = HttpRequestArgs.builder(HttpMethod.PUT, server.url("/").toString()).maxResponseBytes(3_000_000).cycles(0).build();
		assertRejected(call(p, noHeaders), "max_response_bytes expected to be in the range [0..2000000], got 3000000", 0);
		HttpRequestArgs onlyMethod = HttpRequestArgs.builder(HttpMethod.PUT, server.url("/").toString()).cycles(0).build();
		assertRejected(call(p, onlyMethod), "The requested HTTP method is only allowed for non-replicated requests.", 0);
	}

	@Test
	void currentReplica_oneHeaderOver16KiB_failsAtDecode() {
		// HTTP_HEADERS_ELEMENT_MAX_SIZE = 16 KiB, name + value (dfinity/ic rs/types/management_canister_types/src/http.rs)
		String u = server.url("/").toString();
		assertAccepted(call(ReplicaProfile.CURRENT_REPLICA, HttpRequestArgs.get(u).header(rep('n', 8192), rep('v', 8192)).cycles(PLENTY).build()));
		assertRejected(call(ReplicaProfile.CURRENT_REPLICA, HttpRequestArgs.get(u).header(rep('n', 8192), rep('v', 8193)).cycles(PLENTY).build()),
				"Error decoding candid: Deserialize error: The single element data size exceeds maximum allowed 16384", PLENTY);
	}

	@Test
	void currentReplica_headerSizeTexts_printTheLargestLength_namesBeforeValues() {
		// dfinity/ic rs/types/types/src/canister_http.rs validate_http_headers_and_body: all names first, the largest length.
		String u = server.url("/").toString();
		HttpRequestArgs valueThenName = HttpRequestArgs.get(u).header("a", rep('v', 9_000)).header(rep('n', 10_000), "b").cycles(PLENTY).build();
		assertRejected(call(ReplicaProfile.CURRENT_REPLICA, valueThenName), "number of bytes to represent some http header name 10000 exceeds 8192", PLENTY);
		HttpRequestArgs twoValues = HttpRequestArgs.get(u).header("a", rep('v', 8_200)).header("b", rep('v', 9_000)).cycles(PLENTY).build();
		assertRejected(call(ReplicaProfile.CURRENT_REPLICA, twoValues), "number of bytes to represent some http header value 9000 exceeds 8192", PLENTY);
		// The seed profile keeps reporting the first offender.
		assertRejected(call(ReplicaProfile.SEED_DOCUMENTED, twoValues), "number of bytes to represent some http header value 8200 exceeds 8192", PLENTY);
	}
}
