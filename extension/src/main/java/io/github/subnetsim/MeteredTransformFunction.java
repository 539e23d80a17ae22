package io.github.subnetsim;

/**
 * A transform that runs the canister's own code, so that the replica's view of one run is exact: the raw reply
 * bytes (which the replica size-checks and hashes as they are, without decoding them), or the reject with its code
 * and full text, and the instructions the run used. The pipeline calls {@link #execute} instead of
 * {@link #apply}; Java transforms keep implementing {@link TransformFunction} alone.
 *
 * <p>{@code io.github.subnetsim.wasm.WasmCanister} is the implementation that runs a canister's {@code .wasm}:
 * <pre>{@code
 * Transform t = WasmCanister.load(Path.of("target/wasm32-unknown-unknown/release/backend.wasm")).transform("transform");
 * TransformExecution run = ((MeteredTransformFunction) t.function())
 *         .execute(response, t.context(), "bkyz2-fmaaa-aaaaa-qaaaq-cai", 5_000_000_000L);
 * run.instructions(); // e.g. 552_241
 * }</pre>
 */
public interface MeteredTransformFunction extends TransformFunction {

	/** The canister id {@link #apply} runs under: the one {@code Subnet.builder()} uses unless told otherwise. */
	String DEFAULT_CANISTER_ID = "bkyz2-fmaaa-aaaaa-qaaaq-cai";

	/** The v1 transform instruction limit, {@code MAX_INSTRUCTIONS_PER_QUERY_MESSAGE} (dfinity/ic {@code rs/config/src/subnet_config.rs}). */
	long DEFAULT_INSTRUCTION_LIMIT = 5_000_000_000L;

	/**
	 * Runs the transform once, as one replica does.
	 *
	 * @param response the replica's validated response
	 * @param context the transform context blob
	 * @param canisterId the calling canister (the transform's receiver): {@code canister_self}, and the id in error texts
	 * @param instructionLimit the replica's limit for this run
	 * @return the outcome of the run, with the instructions it used
	 */
	TransformExecution execute(HttpResponse response, byte[] context, String canisterId, long instructionLimit);

	/**
	 * For use outside a subnet: runs {@link #execute} with the defaults and returns the decoded reply, or throws
	 * {@link TransformRejectedException} for {@code msg_reject} and {@link IllegalStateException} for any other error.
	 */
	@Override
	default HttpResponse apply(HttpResponse response, byte[] context) {
		return execute(response, context, DEFAULT_CANISTER_ID, DEFAULT_INSTRUCTION_LIMIT).orThrow();
	}
}
