package io.github.subnetsim.internal.text;

import java.util.Objects;

import io.github.subnetsim.RejectCode;
import io.github.subnetsim.trace.RejectReason;

/**
 * A reject as the engine passes it along: the typed reason code decides on, the code and the replica's exact text
 * the canister sees.
 *
 * @param reason why
 * @param code the reject code
 * @param message the replica's text
 */
public record Rejection(RejectReason reason, RejectCode code, String message) {

	/** Checks the parts. */
	public Rejection {
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(code, "code");
		Objects.requireNonNull(message, "message");
	}

	/**
	 * A reject of code 4 (CanisterReject), the code of every validation and charge failure.
	 *
	 * @param reason why
	 * @param message the text
	 * @return the rejection
	 */
	public static Rejection canisterReject(RejectReason reason, String message) {
		return new Rejection(reason, RejectCode.CANISTER_REJECT, message);
	}
}
