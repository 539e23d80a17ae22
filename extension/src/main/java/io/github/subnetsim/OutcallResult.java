package io.github.subnetsim;

import java.util.List;
import java.util.Objects;

import io.github.subnetsim.cost.Cost;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.trace.Trace;

/**
 * What the canister gets back from one outcall: the agreed response, or a reject. Either way it carries the
 * cycles charged, the refund and the trace.
 *
 * <pre>{@code
 * OutcallResult result = subnet.httpRequest(args);
 * if (result instanceof OutcallResult.Reply reply) {
 *     reply.response().status();
 * } else if (result instanceof OutcallResult.Reject reject) {
 *     reject.code(); reject.message();
 * }
 * }</pre>
 */
public sealed interface OutcallResult {

	/**
	 * The fee charged for the outcall.
	 *
	 * @return the fee, in cycles
	 */
	Cost cost();

	/**
	 * Cycles returned to the canister: attached − fee, or all of them when rejected before charging.
	 *
	 * @return the cycles refunded
	 */
	long refund();

	/**
	 * What every replica did and how consensus decided.
	 *
	 * @return the outcall's trace
	 */
	Trace trace();

	/**
	 * What the outcome does not show, most important first: for example that a replicated POST without an
	 * idempotency key reached the server once per replica ({@link Finding.NonIdempotentFanOut}). Empty for most
	 * outcalls.
	 *
	 * @return the findings, possibly empty
	 */
	List<Finding> findings();

	/**
	 * Whether consensus delivered a response.
	 *
	 * @return {@code true} for a {@link Reply}, {@code false} for a {@link Reject}
	 */
	default boolean isReply() {
		return this instanceof Reply;
	}

	/**
	 * The agreed response, and what the outcome does not show ({@link #findings()}).
	 *
	 * @param response the response the replicas agreed on
	 * @param agreement how many replicas' shares agreed on it (at least n − f)
	 * @param cost the fee charged
	 * @param refund cycles returned
	 * @param trace what every replica did
	 * @param findings what the reply does not show
	 */
	record Reply(HttpResponse response, int agreement, Cost cost, long refund, Trace trace, List<Finding> findings) implements OutcallResult {
		/**
		 * Checks the response and copies the findings.
		 *
		 * @param response the response the replicas agreed on
		 * @param agreement how many replicas' shares agreed on it (at least n − f)
		 * @param cost the fee charged
		 * @param refund cycles returned
		 * @param trace what every replica did
		 * @param findings what the reply does not show
		 */
		public Reply {
			Objects.requireNonNull(response, "response");
			findings = List.copyOf(findings);
		}

		/**
		 * A reply without findings.
		 *
		 * @param response the response the replicas agreed on
		 * @param agreement how many replicas' shares agreed on it (at least n − f)
		 * @param cost the fee charged
		 * @param refund cycles returned
		 * @param trace what every replica did
		 */
		public Reply(HttpResponse response, int agreement, Cost cost, long refund, Trace trace) {
			this(response, agreement, cost, refund, trace, List.of());
		}

		@Override
		public String toString() {
			return "Reply{status=" + response.status() + ", agreed by " + agreement + ", cost=" + cost.total() + ", refund=" + refund + "}";
		}
	}

	/**
	 * The reject the canister receives: a validation error, a replica error agreed by consensus, divergence or timeout.
	 *
	 * @param code the reject code
	 * @param message the replica's text, exactly
	 * @param reason why, for code to decide on (its {@link RejectReason#stage()} says where the outcall ended)
	 * @param cost the fee charged
	 * @param refund cycles returned
	 * @param trace what every replica did
	 * @param findings what the reject does not show (a POST may have reached the server although consensus failed)
	 */
	record Reject(RejectCode code, String message, RejectReason reason, Cost cost, long refund, Trace trace, List<Finding> findings)
			implements OutcallResult {
		/**
		 * Checks the parts.
		 *
		 * @param code the reject code
		 * @param message the replica's text, exactly
		 * @param reason why, for code to decide on
		 * @param cost the fee charged
		 * @param refund cycles returned
		 * @param trace what every replica did
		 * @param findings what the reject does not show
		 */
		public Reject {
			Objects.requireNonNull(code, "code");
			Objects.requireNonNull(message, "message");
			Objects.requireNonNull(reason, "reason");
			findings = List.copyOf(findings);
		}

		/**
		 * A reject without findings.
		 *
		 * @param code the reject code
		 * @param message the replica's text, exactly
		 * @param reason why
		 * @param cost the fee charged
		 * @param refund cycles returned
		 * @param trace what every replica did
		 */
		public Reject(RejectCode code, String message, RejectReason reason, Cost cost, long refund, Trace trace) {
			this(code, message, reason, cost, refund, trace, List.of());
		}

		@Override
		public String toString() {
			return "Reject{" + code.displayName() + " (" + code.code() + "): " + message + ", cost=" + cost.total() + ", refund=" + refund + "}";
		}
	}
}
