package io.github.subnetsim;

/**
 * The IC reject codes (interface spec, "Reject codes").
 *
 * <pre>{@code
 * RejectCode.of(4) == RejectCode.CANISTER_REJECT
 * }</pre>
 */
public enum RejectCode {
	/** 1, {@code SysFatal}: a fatal system error; retrying does not help. */
	SYS_FATAL(1),
	/** 2, {@code SysTransient}: a transient error, such as a timeout or a failed connection; a retry may succeed. */
	SYS_TRANSIENT(2),
	/** 3, {@code DestinationInvalid}: the destination does not exist. */
	DESTINATION_INVALID(3),
	/** 4, {@code CanisterReject}: invalid request arguments, or a transform that calls {@code msg_reject}. */
	CANISTER_REJECT(4),
	/** 5, {@code CanisterError}: the canister trapped or ran out of instructions, as a failing transform. */
	CANISTER_ERROR(5),
	/** 6, {@code SysUnknown}: the outcome is unknown; the call may or may not have taken effect. */
	SYS_UNKNOWN(6);

	private final int code;

	RejectCode(int code) {
		this.code = code;
	}

	/**
	 * The numeric code, 1 to 6.
	 *
	 * @return the code as the canister sees it
	 */
	public int code() {
		return code;
	}

	/**
	 * The constant for a numeric code.
	 *
	 * @param code the numeric code, 1 to 6
	 * @return the constant
	 * @throws IllegalArgumentException if the code is not 1 to 6
	 */
	public static RejectCode of(int code) {
		for (RejectCode c : values()) {
			if (c.code == code) {
				return c;
			}
		}
		throw new IllegalArgumentException("reject code must be 1..6, got " + code);
	}

	/**
	 * The replica's spelling, for example {@code SysFatal}.
	 *
	 * @return the name as it appears in reject messages and {@code node_details}
	 */
	public String displayName() {
		return switch (this) {
			case SYS_FATAL -> "SysFatal";
			case SYS_TRANSIENT -> "SysTransient";
			case DESTINATION_INVALID -> "DestinationInvalid";
			case CANISTER_REJECT -> "CanisterReject";
			case CANISTER_ERROR -> "CanisterError";
			case SYS_UNKNOWN -> "SysUnknown";
		};
	}
}
