package io.github.subnetsim;

import java.util.List;
import java.util.Objects;

import io.github.subnetsim.cost.Cost;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.trace.Trace;

/**
 * The result of a flexible outcall: the responses (each replica's own, no consensus on content), an error record
 * (both arrive at the canister as a reply, ic-outcalls.md §5), or a reject when validation or the charge failed.
 *
 * <pre>{@code
 * FlexibleOutcallResult r = subnet.flexibleHttpRequest(args, new FlexibleReplication(3, 2, 3));
 * if (r instanceof FlexibleOutcallResult.Responses ok) {
 *     ok.responses().forEach(x -> System.out.println(x.replica() + ": " + x.response().status()));
 * }
 * }</pre>
 */
public sealed interface FlexibleOutcallResult {

	/** The fee charged (always pay-as-you-go). */
	Cost cost();

	/** Attached cycles minus the fee. */
	long refund();

	/** Every committee member's work; the trace's consensus part lists the committee. */
	Trace trace();

	/** The {@code ok} arm: between min and max responses, in the order they arrived. */
	record Responses(List<ReplicaResponse> responses, Cost cost, long refund, Trace trace) implements FlexibleOutcallResult {
		public Responses {
			responses = List.copyOf(responses);
		}
	}

	/** The {@code err} arm: why fewer than min responses could be delivered, with each node's outcome. */
	record Error(FlexibleError globalError, List<NodeDetail> nodeDetails, String message, Cost cost, long refund, Trace trace)
			implements FlexibleOutcallResult {
		public Error {
			nodeDetails = List.copyOf(nodeDetails);
			Objects.requireNonNull(message, "message");
		}
	}

	/** Rejected before the committee was asked (validation, cycles). */
	record Reject(RejectCode code, String message, RejectReason reason, Cost cost, long refund, Trace trace) implements FlexibleOutcallResult {
	}

	/** One replica's response. */
	record ReplicaResponse(int replica, HttpResponse response) {
	}

	/** What one committee member did: {@code response}, {@code reject}, or {@code no response}. */
	record NodeDetail(int replica, String outcome, RejectCode rejectCode, String rejectMessage) {
	}

	/** The {@code global_error} variant of {@code flexible_http_request_err}. */
	enum FlexibleError {
		TIMEOUT, OUT_OF_CYCLES, RESPONSES_TOO_LARGE, TOO_MANY_REJECTS
	}
}
