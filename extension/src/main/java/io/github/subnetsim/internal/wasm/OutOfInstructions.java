package io.github.subnetsim.internal.wasm;

/**
 * Thrown by the {@link InstructionMeter} when a run passes its limit: the replica's IC0522 (docs/wasm-transforms.md).
 * No stack trace: it is control flow.
 */
final class OutOfInstructions extends RuntimeException {

	private static final long serialVersionUID = 1L;

	OutOfInstructions() {
		super("out of instructions", null, false, false);
	}
}
