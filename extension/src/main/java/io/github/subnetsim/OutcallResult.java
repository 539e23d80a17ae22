package io.github.subnetsim;

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

	/** The fee charged for the outcall. */
	Cost cost();

	/** Cycles returned to the canister: attached − fee, or all of them when rejected before charging. */
	long refund();

	/** What every replica did and how consensus decided. */
	Trace trace();

	/** Whether consensus delivered a response. */
	default boolean isReply() {
		return this instanceof Reply;
	}

	/** The agreed response. */
	record Reply(HttpResponse response, int agreement, Cost cost, long refund, Trace trace) implements OutcallResult {
		public Reply {
			Objects.requireNonNull(response, "response");
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
	 */
	record Reject(RejectCode code, String message, RejectReason reason, Cost cost, long refund, Trace trace) implements OutcallResult {
		/** Checks the parts. */
		public Reject {
			Objects.requireNonNull(code, "code");
			Objects.requireNonNull(message, "message");
			Objects.requireNonNull(reason, "reason");
		}

		@Override
		public String toString() {
			return "Reject{" + code.displayName() + " (" + code.code() + "): " + message + ", cost=" + cost.total() + ", refund=" + refund + "}";
		}
	}
}
