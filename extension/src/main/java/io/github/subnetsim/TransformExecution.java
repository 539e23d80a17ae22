package io.github.subnetsim;

import java.util.Objects;

import io.github.subnetsim.trace.RejectReason;

/**
 * What one run of a {@link MeteredTransformFunction} produced, as the replica sees it: either the reply's raw
 * Candid bytes (and their decoding as {@code http_request_result}), or a reject code and text; in both cases the
 * instructions used.
 *
 * <pre>{@code
 * TransformExecution run = metered.execute(response, context, canisterId, 5_000_000_000L);
 * if (run.replied()) {
 *     run.reply().length;   // what the transformed-size limit is checked against
 * } else {
 *     run.rejectCode();     // CANISTER_REJECT for msg_reject, CANISTER_ERROR for a trap or the limit
 *     run.reason();         // TRANSFORM_REJECTED, TRANSFORM_TRAPPED or INSTRUCTION_LIMIT: no text parsing
 * }
 * }</pre>
 *
 * @param reply the bytes passed to {@code msg_reply_data_append}, or null for a reject
 * @param response {@code reply} decoded as {@code http_request_result}, or null for a reject
 * @param rejectCode the reject code, or null for a reply
 * @param rejectMessage the reject text exactly as the replica reports it, or null for a reply
 * @param instructions the instructions the run used, by the replica's metering rules
 * @param reason why it rejected, for the trace (a {@link io.github.subnetsim.trace.Stage#TRANSFORM} reason), or null for a
 *            reply
 */
public record TransformExecution(byte[] reply, HttpResponse response, RejectCode rejectCode, String rejectMessage, long instructions,
		RejectReason reason) {

	/**
	 * Checks that the run is either a reply or a reject, and copies the reply bytes.
	 *
	 * @param reply the bytes passed to {@code msg_reply_data_append}, or null for a reject
	 * @param response {@code reply} decoded as {@code http_request_result}, or null for a reject
	 * @param rejectCode the reject code, or null for a reply
	 * @param rejectMessage the reject text exactly as the replica reports it, or null for a reply
	 * @param instructions the instructions the run used, by the replica's metering rules
	 * @param reason why it rejected (a {@link io.github.subnetsim.trace.Stage#TRANSFORM} reason), or null for a reply
	 */
	public TransformExecution {
		if ((reply == null) == (rejectCode == null) || (reply == null) != (response == null) || (rejectCode == null) != (rejectMessage == null)
				|| (rejectCode == null) != (reason == null)) {
			throw new IllegalArgumentException("a transform execution is either a reply (bytes and response) or a reject (code, message and reason)");
		}
		if (reason != null && reason.stage() != io.github.subnetsim.trace.Stage.TRANSFORM) {
			throw new IllegalArgumentException("a transform's reject reason is one of the transform stage, not " + reason);
		}
		reply = reply == null ? null : reply.clone();
	}

	/**
	 * A run without an explicit reason: a reject with code 4 ({@code msg_reject}) is {@link RejectReason#TRANSFORM_REJECTED},
	 * any other {@link RejectReason#TRANSFORM_TRAPPED}.
	 *
	 * @param reply the bytes passed to {@code msg_reply_data_append}, or null for a reject
	 * @param response {@code reply} decoded as {@code http_request_result}, or null for a reject
	 * @param rejectCode the reject code, or null for a reply
	 * @param rejectMessage the reject text exactly as the replica reports it, or null for a reply
	 * @param instructions the instructions the run used, by the replica's metering rules
	 */
	public TransformExecution(byte[] reply, HttpResponse response, RejectCode rejectCode, String rejectMessage, long instructions) {
		this(reply, response, rejectCode, rejectMessage, instructions, defaultReason(rejectCode));
	}

	private static RejectReason defaultReason(RejectCode code) {
		return code == null ? null : code == RejectCode.CANISTER_REJECT ? RejectReason.TRANSFORM_REJECTED : RejectReason.TRANSFORM_TRAPPED;
	}

	/**
	 * A reply: its raw bytes and their decoding.
	 *
	 * @param reply the raw reply bytes
	 * @param response the reply decoded as {@code http_request_result}
	 * @param instructions the instructions the run used
	 * @return the execution
	 */
	public static TransformExecution replied(byte[] reply, HttpResponse response, long instructions) {
		return new TransformExecution(Objects.requireNonNull(reply), Objects.requireNonNull(response), null, null, instructions);
	}

	/**
	 * A reject with the replica's code and text.
	 *
	 * @param code the reject code
	 * @param message the reject text, exactly as the replica reports it
	 * @param instructions the instructions the run used
	 * @return the execution
	 */
	public static TransformExecution rejected(RejectCode code, String message, long instructions) {
		return new TransformExecution(null, null, Objects.requireNonNull(code), Objects.requireNonNull(message), instructions);
	}

	/**
	 * A reject with the replica's code and text, and the reason the trace shows.
	 *
	 * @param code the reject code
	 * @param message the reject text, exactly as the replica reports it
	 * @param instructions the instructions the run used
	 * @param reason why: {@link RejectReason#TRANSFORM_REJECTED}, {@link RejectReason#TRANSFORM_TRAPPED} or
	 *            {@link RejectReason#INSTRUCTION_LIMIT}
	 * @return the execution
	 */
	public static TransformExecution rejected(RejectCode code, String message, long instructions, RejectReason reason) {
		return new TransformExecution(null, null, Objects.requireNonNull(code), Objects.requireNonNull(message), instructions,
				Objects.requireNonNull(reason));
	}

	/**
	 * Whether the transform replied.
	 *
	 * @return {@code true} for a reply, {@code false} for a reject
	 */
	public boolean replied() {
		return reply != null;
	}

	/**
	 * A copy of the reply bytes, or null for a reject.
	 *
	 * @return a copy of the reply bytes, or {@code null}
	 */
	@Override
	public byte[] reply() {
		return reply == null ? null : reply.clone();
	}

	/**
	 * The length of the reply bytes, without copying them; -1 for a reject.
	 *
	 * @return the reply's length in bytes, or -1
	 */
	public int replyLength() {
		return reply == null ? -1 : reply.length;
	}

	/**
	 * The decoded reply, or: {@link TransformRejectedException} for code 4, {@link IllegalStateException} otherwise.
	 *
	 * @return the decoded reply
	 * @throws TransformRejectedException if the transform called {@code msg_reject}
	 * @throws IllegalStateException if the transform failed in any other way
	 */
	public HttpResponse orThrow() {
		if (replied()) {
			return response;
		}
		if (rejectCode == RejectCode.CANISTER_REJECT) {
			throw new TransformRejectedException(rejectMessage);
		}
		throw new IllegalStateException("transform failed with reject code " + rejectCode.code() + ": " + rejectMessage);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof TransformExecution x && java.util.Arrays.equals(x.reply, reply) && Objects.equals(x.response, response)
				&& x.rejectCode == rejectCode && Objects.equals(x.rejectMessage, rejectMessage) && x.instructions == instructions
				&& x.reason == reason;
	}

	@Override
	public int hashCode() {
		return Objects.hash(response, rejectCode, rejectMessage, instructions, reason) * 31 + java.util.Arrays.hashCode(reply);
	}

	@Override
	public String toString() {
		return replied() ? "TransformExecution{reply " + reply.length + " bytes, " + instructions + " instructions}"
				: "TransformExecution{reject " + rejectCode.code() + " (" + reason + "): " + rejectMessage + ", " + instructions + " instructions}";
	}
}
