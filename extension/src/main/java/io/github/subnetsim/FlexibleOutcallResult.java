package io.github.subnetsim;

import java.util.List;
import java.util.Objects;

import io.github.subnetsim.cost.Cost;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.trace.Trace;

/**
 * The result of a flexible outcall: the responses (each replica's own, no consensus on content), an error record
 * (both arrive at the canister as a reply, dfinity/ic rs/https_outcalls/consensus/src/payload_builder/utils.rs; docs/flexible-and-non-replicated.md), or a reject when validation or the charge failed.
 *
 * <pre>{@code
 * FlexibleOutcallResult r = subnet.flexibleHttpRequest(args, FlexibleReplication.builder().minResponses(2).maxResponses(3).totalRequests(3).build());
 * if (r instanceof FlexibleOutcallResult.Responses ok) {
 *     ok.responses().forEach(x -> System.out.println(x.replica() + ": " + x.response().status()));
 * }
 * }</pre>
 */
public sealed interface FlexibleOutcallResult {

	/**
	 * The fee charged (always pay-as-you-go).
	 *
	 * @return the fee, in cycles
	 */
	Cost cost();

	/**
	 * Attached cycles minus the fee.
	 *
	 * @return the cycles refunded to the canister
	 */
	long refund();

	/**
	 * Every committee member's work; the trace's consensus part lists the committee.
	 *
	 * @return the outcall's trace
	 */
	Trace trace();

	/**
	 * The {@code ok} arm: delivered at the first moment at least {@code min_responses} OK responses had arrived,
	 * the smallest first (by size, then cycles spent, then replica), at most {@code max_responses} of them.
	 *
	 * @param responses the delivered responses, smallest first
	 * @param cost the fee charged
	 * @param refund attached cycles minus the fee
	 * @param trace every committee member's work
	 */
	record Responses(List<ReplicaResponse> responses, Cost cost, long refund, Trace trace) implements FlexibleOutcallResult {
		/**
		 * Copies the responses into an unmodifiable list.
		 *
		 * @param responses the delivered responses, smallest first
		 * @param cost the fee charged
		 * @param refund attached cycles minus the fee
		 * @param trace every committee member's work
		 */
		public Responses {
			responses = List.copyOf(responses);
		}
	}

	/**
	 * The {@code err} arm: why fewer than min responses could be delivered, with the replica's exact {@code message}
	 * and {@code node_details} (dfinity/ic {@code rs/https_outcalls/consensus/src/payload_builder.rs}
	 * {@code flexible_error_into_consensus_response}).
	 *
	 * @param globalError the {@code global_error} variant
	 * @param nodeDetails the {@code node_details} entries, one per replica that contributed to the error
	 * @param message the error's {@code message}, as the replica words it
	 * @param cost the fee charged
	 * @param refund attached cycles minus the fee
	 * @param trace every committee member's work
	 */
	record Error(FlexibleError globalError, List<NodeDetail> nodeDetails, String message, Cost cost, long refund, Trace trace)
			implements FlexibleOutcallResult {
		/**
		 * Copies the node details and checks the message.
		 *
		 * @param globalError the {@code global_error} variant
		 * @param nodeDetails the {@code node_details} entries, one per replica that contributed to the error
		 * @param message the error's {@code message}, as the replica words it
		 * @param cost the fee charged
		 * @param refund attached cycles minus the fee
		 * @param trace every committee member's work
		 */
		public Error {
			nodeDetails = List.copyOf(nodeDetails);
			Objects.requireNonNull(message, "message");
		}
	}

	/**
	 * Rejected before the committee was asked (validation, cycles).
	 *
	 * @param code the reject code the canister sees
	 * @param message the reject message
	 * @param reason why and at which stage the outcall was rejected
	 * @param cost the fee charged, if any
	 * @param refund attached cycles minus the fee
	 * @param trace what the subnet did before rejecting
	 */
	record Reject(RejectCode code, String message, RejectReason reason, Cost cost, long refund, Trace trace) implements FlexibleOutcallResult {
	}

	/**
	 * One replica's response.
	 *
	 * @param replica the replica's index
	 * @param response the response as that replica got it, after its transform
	 */
	record ReplicaResponse(int replica, HttpResponse response) {
	}

	/**
	 * One {@code node_details} entry. {@code too_many_rejects}: one per delivered reject, {@code code} the reject
	 * code's name ({@code SysTransient}, {@code CanisterReject}, …) and {@code message} its text.
	 * {@code responses_too_large}: {@code ok} or {@code reject} and {@code "{size} bytes"}. {@code out_of_cycles}:
	 * {@code ok} or {@code reject} and {@code "{spent} cycles spent"}.
	 *
	 * @param replica the replica's index
	 * @param code the entry's {@code error.code}
	 * @param message the entry's {@code error.message}
	 */
	record NodeDetail(int replica, String code, String message) {
	}

	/** The {@code global_error} variant of {@code flexible_http_request_err}. */
	enum FlexibleError {
		/** Fewer than {@code min_responses} OK responses arrived in time. */
		TIMEOUT,
		/** Pay-as-you-go: the cycles left could no longer pay for delivering {@code min_responses} responses. */
		OUT_OF_CYCLES,
		/** The smallest {@code min_responses} OK responses together exceed the size a reply may have. */
		RESPONSES_TOO_LARGE,
		/** More than {@code total_requests − min_responses} replicas rejected, so too few OK responses can arrive. */
		TOO_MANY_REJECTS
	}
}
