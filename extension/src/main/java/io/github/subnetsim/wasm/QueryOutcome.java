package io.github.subnetsim.wasm;

import java.util.Arrays;
import java.util.Objects;

import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.TransformExecution;
import io.github.subnetsim.internal.wasm.CandidReply;
import io.github.subnetsim.trace.RejectReason;

/**
 * One call of a canister query, before any decoding: the raw reply bytes, or the reject code and the replica's text,
 * and the instructions used by the replica's metering rules.
 *
 * <pre>{@code
 * QueryOutcome out = canister.query("transform", candidArgument);
 * out.replied();       // true
 * out.reply();         // the bytes the replica would hash
 * out.instructions();  // e.g. 552_241
 * out.reason();        // for a reject: TRANSFORM_REJECTED, TRANSFORM_TRAPPED or INSTRUCTION_LIMIT
 * }</pre>
 *
 * @param reply the bytes passed to {@code msg_reply_data_append}, or null for a reject
 * @param rejectCode the reject code, or null for a reply
 * @param rejectMessage the reject text, or null for a reply
 * @param instructions the instructions used
 * @param reason why it rejected ({@link RejectReason#INSTRUCTION_LIMIT} for IC0522), or null for a reply
 */
public record QueryOutcome(byte[] reply, RejectCode rejectCode, String rejectMessage, long instructions, RejectReason reason) {

	/**
	 * Checks that the outcome is either a reply or a reject, and copies the reply bytes.
	 *
	 * @param reply the bytes passed to {@code msg_reply_data_append}, or null for a reject
	 * @param rejectCode the reject code, or null for a reply
	 * @param rejectMessage the reject text, or null for a reply
	 * @param instructions the instructions used
	 * @param reason why it rejected, or null for a reply
	 */
	public QueryOutcome {
		if ((reply == null) == (rejectCode == null) || (rejectCode == null) != (rejectMessage == null) || (rejectCode == null) != (reason == null)) {
			throw new IllegalArgumentException("a query outcome is either a reply or a reject (code, message and reason)");
		}
		reply = reply == null ? null : reply.clone();
	}

	/**
	 * An outcome whose reject reason follows from its code: {@link RejectReason#TRANSFORM_REJECTED} for code 4
	 * ({@code msg_reject}), {@link RejectReason#TRANSFORM_TRAPPED} otherwise.
	 *
	 * @param reply the bytes passed to {@code msg_reply_data_append}, or null for a reject
	 * @param rejectCode the reject code, or null for a reply
	 * @param rejectMessage the reject text, or null for a reply
	 * @param instructions the instructions used
	 */
	public QueryOutcome(byte[] reply, RejectCode rejectCode, String rejectMessage, long instructions) {
		this(reply, rejectCode, rejectMessage, instructions,
				rejectCode == null ? null : rejectCode == RejectCode.CANISTER_REJECT ? RejectReason.TRANSFORM_REJECTED : RejectReason.TRANSFORM_TRAPPED);
	}

	/**
	 * Whether the query replied.
	 *
	 * @return {@code true} for a reply, {@code false} for a reject
	 */
	public boolean replied() {
		return reply != null;
	}

	/**
	 * A copy of the reply bytes, or null.
	 *
	 * @return a copy of the reply bytes, or {@code null} for a reject
	 */
	@Override
	public byte[] reply() {
		return reply == null ? null : reply.clone();
	}

	/**
	 * As a transform's outcome: the reply decoded as {@code http_request_result}. Bytes that do not decode become a
	 * code-5 reject with a subnet-sim text: the replica would hash and deliver them, and the calling canister's decode
	 * would fail (docs/wasm-transforms.md); the simulator delivers decoded responses, so it reports it here.
	 *
	 * @return the outcome as one replica's transform run
	 */
	public TransformExecution asTransform() {
		if (!replied()) {
			return TransformExecution.rejected(rejectCode, rejectMessage, instructions, reason);
		}
		HttpResponse decoded;
		try {
			decoded = CandidReply.decode(reply);
		}
		catch (IllegalArgumentException | ArithmeticException e) {
			return TransformExecution.rejected(RejectCode.CANISTER_ERROR,
					"subnet-sim: the transform's reply (" + reply.length + " bytes) is not a valid http_request_result: " + e.getMessage(),
					instructions, RejectReason.TRANSFORM_TRAPPED);
		}
		return TransformExecution.replied(reply, decoded, instructions);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof QueryOutcome q && Arrays.equals(q.reply, reply) && q.rejectCode == rejectCode
				&& Objects.equals(q.rejectMessage, rejectMessage) && q.instructions == instructions && q.reason == reason;
	}

	@Override
	public int hashCode() {
		return Objects.hash(rejectCode, rejectMessage, instructions, reason) * 31 + Arrays.hashCode(reply);
	}

	@Override
	public String toString() {
		return replied() ? "QueryOutcome{reply " + reply.length + " bytes, " + instructions + " instructions}"
				: "QueryOutcome{reject " + rejectCode.code() + " (" + reason + "): " + rejectMessage + ", " + instructions + " instructions}";
	}
}
