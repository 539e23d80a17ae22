package io.github.subnetsim.internal.wasm;

import java.util.Locale;

/**
 * Chicory's trap messages → the replica's trap-code words in {@code Canister trapped: {trap code}} (dfinity/ic
 * {@code rs/interfaces/src/execution_environment/errors.rs}, {@code TrapCode} {@code Display}). The words are
 * **UNCONFIRMED** (docs/wasm-transforms.md, §8.3).
 * <pre>{@code
 * TrapCodes.of(new TrapException("Trapped on unreachable instruction")); // "unreachable"
 * }</pre>
 */
final class TrapCodes {

	private TrapCodes() {
	}

	static String of(Throwable e) {
		if (e instanceof StackOverflowError) {
			return "stack overflow";
		}
		String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
		if (m.contains("unreachable")) {
			return "unreachable";
		}
		if (m.contains("out of bounds memory") || m.contains("memory access")) {
			return "heap out of bounds";
		}
		if (m.contains("divide by zero") || m.contains("division by zero")) {
			return "integer division by 0";
		}
		if (m.contains("integer overflow")) {
			return "integer overflow";
		}
		if (m.contains("call stack exhausted") || m.contains("stack overflow")) {
			return "stack overflow";
		}
		if (m.contains("table") || m.contains("element")) {
			return "table out of bounds";
		}
		if (m.contains("indirect call type mismatch")) {
			return "indirect call type mismatch";
		}
		return "unknown";
	}
}
