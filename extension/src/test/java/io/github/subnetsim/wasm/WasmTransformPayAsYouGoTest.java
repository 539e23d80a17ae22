package io.github.subnetsim.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.cost.Cost;
import io.github.subnetsim.cost.Receipt;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.trace.ReplicaTrace;

/**
 * Under pay-as-you-go (pricing version 2) a Wasm transform's measured instructions are what each node pays, ⌊i/13⌋,
 * and its instruction limit is the node's: min(5·10⁹, remaining·13 + 12), remaining being the allowance left after the
 * download and the time were charged (dfinity/ic {@code rs/https_outcalls/pricing/src/payg.rs}
 * {@code PayAsYouGoTracker::get_transform_limit}; {@code fees.rs} {@code max_transform_instructions}). A node whose
 * limit is below what the canister's transform uses votes IC0522 naming its own limit, and pays limit/13; its call runs
 * under that limit and stops there.
 */
class WasmTransformPayAsYouGoTest {

	private static final long PLENTY = 1_000_000_000_000L;
	private static final WasmCanister MOTOKO = WasmCanister.fromResource("/canisters/motoko-transforms.wasm");

	private static Subnet subnet() {
		// in-memory replicas: each replica's round trip is the seed's virtual latency, so the same seed charges the
		// same time on a fresh subnet
		return Subnet.builder().replicas(13).seed(5).profile(ReplicaProfile.CURRENT_REPLICA)
				.responder((replica, request, seed) -> HttpResponse.of(200,
						List.of(HttpHeader.of("content-type", "application/json"), HttpHeader.of("x-request-id", "r-" + replica)), "{\"price\":12.34}"))
				.build();
	}

	private static HttpRequestArgs args(long cycles) {
		return HttpRequestArgs.get("https://api.example.com/price").pricingVersion(2).maxResponseBytes(4_000L).cycles(cycles)
				.transform(MOTOKO.transform("transform")).build();
	}

	@Test
	void eachNodePaysTheMeasuredInstructionsAndAThinAllowanceLimitsTheTransform() {
		long fixed;
		long largestSpend = 0;
		long[] instructions = new long[13]; // per replica: their x-request-id headers differ in length
		try (Subnet s = subnet()) {
			OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, s.httpRequest(args(PLENTY)));
			assertEquals(13, reply.agreement());
			Cost c = reply.cost();
			fixed = c.base() + c.requestBytesPart();
			for (Receipt r : c.receipts()) {
				instructions[r.replica()] = reply.trace().replicas().get(r.replica()).transformInstructions();
				assertTrue(instructions[r.replica()] > 13_012, "more than the thinnest node's limit below: " + instructions[r.replica()]);
				assertEquals(instructions[r.replica()] / 13, r.transform(), r.toString());
				largestSpend = Math.max(largestSpend, r.download() + r.time());
			}
		}
		// each node's allowance: the largest download-and-time spend plus 1,000 cycles, so that node has 1,000 left and
		// a transform limit of 1,000·13 + 12 = 13,012 instructions; nodes that spent less have more
		long allowance = largestSpend + 1_000;
		int limited = 0;
		int thinnest = 0;
		try (Subnet s = subnet()) {
			OutcallResult result = s.httpRequest(args(fixed + 13 * allowance));
			for (Receipt r : result.cost().receipts()) {
				assertEquals(allowance, r.allowance(), r.toString());
				ReplicaTrace tr = result.trace().replicas().get(r.replica());
				long remaining = allowance - r.download() - r.time();
				long limit = remaining * 13 + 12;
				if (instructions[r.replica()] > limit) {
					limited++;
					assertEquals(RejectReason.INSTRUCTION_LIMIT, tr.rejectReason(), tr.outcome());
					assertTrue(tr.outcome().startsWith("reject 5: IC0522: Error from Canister "), tr.outcome());
					assertTrue(tr.outcome().contains("Canister exceeded the limit of " + limit + " instructions for single message execution.."), tr.outcome());
					assertEquals(limit / 13, r.transform(), r.toString());
					// the call ran under the node's limit and stopped just past it, as the replica's does
					long used = tr.transformInstructions();
					assertTrue(used > limit && used <= instructions[r.replica()], "stopped at " + used + ", limit " + limit);
					if (remaining == 1_000) {
						// the thinnest node: 13,012 is well short of the whole run, which ends with msg_reply's 500
						assertTrue(used < instructions[r.replica()] - 500, "stopped at " + used + " of " + instructions[r.replica()]);
						thinnest++;
					}
				}
				else {
					assertEquals("response", tr.outcome(), "replica " + r.replica() + ": limit " + limit);
					assertEquals(instructions[r.replica()] / 13, r.transform(), r.toString());
				}
			}
		}
		assertTrue(limited >= 1 && thinnest >= 1, "the node with the largest spend has a limit of 13,012 instructions, fewer than the transform's");
	}
}
