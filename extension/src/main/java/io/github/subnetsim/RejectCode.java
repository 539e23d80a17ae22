package io.github.subnetsim;

/**
 * The IC reject codes (interface spec, "Reject codes").
 *
 * <pre>{@code
 * RejectCode.of(4) == RejectCode.CANISTER_REJECT
 * }</pre>
 */
public enum RejectCode {
	SYS_FATAL(1), SYS_TRANSIENT(2), DESTINATION_INVALID(3), CANISTER_REJECT(4), CANISTER_ERROR(5), SYS_UNKNOWN(6);

	private final int code;

	RejectCode(int code) {
		this.code = code;
	}

	/** The numeric code, 1 to 6. */
	public int code() {
		return code;
	}

	/** The constant for a numeric code. */
	public static RejectCode of(int code) {
		for (RejectCode c : values()) {
			if (c.code == code) {
				return c;
			}
		}
		throw new IllegalArgumentException("reject code must be 1..6, got " + code);
	}

	/** The replica's spelling, for example {@code SysFatal}. */
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
