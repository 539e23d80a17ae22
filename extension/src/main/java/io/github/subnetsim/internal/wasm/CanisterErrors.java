package io.github.subnetsim.internal.wasm;

/**
 * The replica's texts for a transform that does not reply: {@code UserError::to_string()} of dfinity/ic
 * {@code rs/interfaces/src/execution_environment/errors.rs} ({@code HypervisorError} {@code Display},
 * {@code into_user_error}, {@code error_help}), with the {@code ICxxxx: } prefix kept by CLIENT
 * ({@code rs/https_outcalls/client/src/client.rs}, {@code transform_adapter_response}); docs/wasm-transforms.md All are
 * reject code 5 ({@code CANISTER_ERROR}); {@code msg_reject} (code 4) is passed verbatim and needs no text here.
 *
 * <pre>{@code
 * CanisterErrors e = new CanisterErrors("bkyz2-fmaaa-aaaaa-qaaaq-cai", CanisterErrors.DOCS_NEWEST);
 * e.calledTrap("boom"); // "IC0503: Error from Canister bkyz2-...: Canister called `ic0.trap` with message: 'boom'.\n..."
 * }</pre>
 */
public final class CanisterErrors {

	/** {@code {docs}} in the newest replicas. */
	public static final String DOCS_NEWEST = "https://docs.internetcomputer.org/references/execution-errors";

	/** {@code {docs}} in older replicas. */
	public static final String DOCS_OLDER = "http://internetcomputer.org/docs/current/references/execution-errors";

	/**
	 * The mode named in IC0504 for the transform context. **UNCONFIRMED** (docs/wasm-transforms.md, §8.3): the
	 * transform runs as a non-replicated system query.
	 */
	static final String TRANSFORM_MODE = "non replicated query";

	private static final String TRAP_HELP = "Consider gracefully handling failures from this canister or altering the canister to handle exceptions.";

	private final String canisterId;
	private final String docs;

	public CanisterErrors(String canisterId, String docs) {
		this.canisterId = canisterId;
		this.docs = docs;
	}

	/** IC0503, {@code ic0.trap(msg)}. */
	public String calledTrap(String message) {
		return text(503, "Canister called `ic0.trap` with message: '" + message + "'", TRAP_HELP, "trapped-explicitly");
	}

	/** IC0502, a Wasm trap; {@code trapCode} are the wasmtime-side words, **UNCONFIRMED** (§2). */
	public String trapped(String trapCode) {
		return text(502, "Canister trapped: " + trapCode, TRAP_HELP, "trapped");
	}

	/** IC0522, the instruction limit {@code limit}; the doubled period is the replica's. */
	public String instructionLimit(long limit) {
		return text(522, "Canister exceeded the limit of " + limit + " instructions for single message execution.",
				"Try optimizing this method to consume fewer instructions or split the work across multiple messages.",
				"instruction-limit-exceeded");
	}

	/** IC0536, no {@code canister_query <name>} export. */
	public String methodNotFound(String name) {
		return text(536, "Canister has no query method '" + name + "'.",
				"Check that the method being called is exported by the target canister.", "method-not-found");
	}

	/** IC0504, a System API function that the transform context does not allow; {@code function} like {@code ic0_call_new}. */
	public String notAllowed(String function) {
		return violation("\"" + function + "\" cannot be executed in " + TRANSFORM_MODE + " mode");
	}

	/** IC0504, any other contract violation (reply twice, copy out of bounds, ...); the detail is **UNCONFIRMED**. */
	public String violation(String detail) {
		return text(504, "Canister violated contract: " + detail,
				"Check the ICP documentation to make sure APIs are being called in the correct message types.",
				"calling-a-system-api-from-the-wrong-mode");
	}

	/** IC0506, returned without replying; **UNCONFIRMED** for this path (§2). */
	public String didNotReply() {
		return "IC0506: Canister " + canisterId + " did not reply to the call";
	}

	private String text(int code, String error, String suggestion, String anchor) {
		return String.format("IC%04d: Error from Canister %s: %s.\n%s See documentation: %s#%s", code, canisterId, error, suggestion, docs,
				anchor);
	}
}
