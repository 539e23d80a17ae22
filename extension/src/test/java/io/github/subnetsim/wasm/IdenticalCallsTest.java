package io.github.subnetsim.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.replay.Responder;
import io.github.subnetsim.trace.ReplicaTrace;

/**
 * Replicas that received identical responses run an identical transform call: it runs once, and the others reuse its
 * outcome, instructions included (issue 14: "may be cached per outcall as long as the measured instructions stay those
 * of one call"); replicas whose responses differ each run their own call.
 */
class IdenticalCallsTest {

	private static HttpRequestArgs args(WasmCanister canister) {
		return HttpRequestArgs.get("https://api.example.com/price").cycles(100_000_000_000L).transform(canister.transform("transform")).build();
	}

	private static OutcallResult outcall(WasmCanister canister, Responder responder) {
		try (Subnet subnet = Subnet.builder().replicas(13).seed(1).responder(responder).build()) {
			return subnet.httpRequest(args(canister));
		}
	}

	private static final Responder SAME = (replica, request, seed) -> HttpResponse.of(200,
			List.of(HttpHeader.of("content-type", "application/json")), "{\"price\":12.34}");

	private static final Responder PER_REPLICA = (replica, request, seed) -> HttpResponse.of(200,
			List.of(HttpHeader.of("content-type", "application/json"), HttpHeader.of("x-request-id", "r" + replica)), "{\"price\":12.34}");

	@Test
	void identicalResponsesRunTheTransformOnceWithTheSameInstructionsOnEveryReplica() {
		WasmCanister canister = WasmCanister.fromResource("/canisters/motoko-transforms.wasm");
		OutcallResult result = outcall(canister, SAME);
		assertEquals(13, assertInstanceOf(OutcallResult.Reply.class, result).agreement());
		assertEquals(1, canister.instancesCreated(), "one call ran");
		assertEquals(12, canister.reusedCalls(), "twelve replicas reused its outcome");
		long first = result.trace().replicas().get(0).transformInstructions();
		for (ReplicaTrace t : result.trace().replicas()) {
			assertEquals(first, t.transformInstructions());
		}
	}

	@Test
	void differentResponsesEachRunTheirOwnCall() {
		WasmCanister canister = WasmCanister.fromResource("/canisters/motoko-transforms.wasm");
		assertInstanceOf(OutcallResult.Reply.class, outcall(canister, PER_REPLICA));
		assertEquals(13, canister.instancesCreated());
		assertEquals(0, canister.reusedCalls());
	}

	@Test
	void reuseCanBeTurnedOff() {
		WasmCanister canister = WasmCanister.builder().reuseIdenticalCalls(false).fromResource("/canisters/motoko-transforms.wasm");
		OutcallResult result = outcall(canister, SAME);
		assertEquals(13, assertInstanceOf(OutcallResult.Reply.class, result).agreement());
		assertEquals(13, canister.instancesCreated());
		assertEquals(0, canister.reusedCalls());
	}

	@Test
	void anotherContextIsAnotherCallEvenForAnEqualResponse() {
		WasmCanister canister = WasmCanister.fromResource("/canisters/motoko-transforms.wasm");
		HttpRequestArgs one = args(canister).toBuilder().transform(canister.transform("transform", new byte[] { 1 })).build();
		HttpRequestArgs two = args(canister).toBuilder().transform(canister.transform("transform", new byte[] { 2 })).build();
		try (Subnet subnet = Subnet.builder().replicas(13).seed(1).responder(SAME).build()) {
			assertInstanceOf(OutcallResult.Reply.class, subnet.httpRequest(one));
			assertEquals(1, canister.instancesCreated());
			assertInstanceOf(OutcallResult.Reply.class, subnet.httpRequest(two));
			assertEquals(2, canister.instancesCreated(), "the same response with another context is another call");
			assertEquals(24, canister.reusedCalls());
		}
	}
}
