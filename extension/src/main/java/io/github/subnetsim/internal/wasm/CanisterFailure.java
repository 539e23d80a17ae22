package io.github.subnetsim.internal.wasm;

/**
 * A run that ends with the replica's code-5 error: the exact text is already built ({@link CanisterErrors}). Thrown by
 * the System API (ic0.trap, contract violations) through the Wasm stack; no stack trace, it is control flow.
 */
final class CanisterFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	CanisterFailure(String replicaText) {
		super(replicaText, null, false, false);
	}
}
