package io.github.subnetsim.internal.wasm;

import com.dylibso.chicory.wasm.types.OpCode;

/**
 * The replica's weight of each Wasm instruction, for wasm32 modules: dfinity/ic
 * {@code rs/embedders/src/wasm_utils/instrumentation.rs}, {@code instruction_to_cost(op, mem_type)}, as tabulated in
 * docs/wasm-transforms.md (one place to change when the pinned replica version moves, §8.2).
 *
 * <p>SIMD operations are not in the reference's table: they weigh 1 here (an approximation, see docs/docs/wasm-transforms.md).
 * <pre>{@code
 * InstructionWeights.of(OpCode.CALL);     // 5
 * InstructionWeights.of(OpCode.I32_DIV_U); // 10
 * }</pre>
 */
public final class InstructionWeights {

	/** Bulk-memory and bulk-table operations: this fixed part plus their size operand, charged at run time. */
	public static final int BULK_BASE = 100;

	private static final int[] BY_ORDINAL = new int[OpCode.values().length];
	private static final int[] BY_ORDINAL_64 = new int[OpCode.values().length];

	static {
		for (OpCode op : OpCode.values()) {
			BY_ORDINAL[op.ordinal()] = weigh(op);
			// instruction_to_cost(op, MemoryType::Wasm64): loads and stores cost 2, the rest as in wasm32
			BY_ORDINAL_64[op.ordinal()] = isLoadOrStore(op) ? 2 : weigh(op);
		}
	}

	private InstructionWeights() {
	}

	/** The static weight of {@code op}. */
	public static int of(OpCode op) {
		return BY_ORDINAL[op.ordinal()];
	}

	/** The static weight of {@code op} in a memory64 module (dfinity/ic {@code instruction_to_cost(op, Wasm64)}). */
	public static int of64(OpCode op) {
		return BY_ORDINAL_64[op.ordinal()];
	}

	/** Loads and stores of the linear memory (wasm64 weighs them 2). */
	static boolean isLoadOrStore(OpCode op) {
		int code = op.opcode();
		return code >= 0x28 && code <= 0x3E;
	}

	/** Whether {@code op} also costs its size operand (the top of the stack) when it runs. */
	public static boolean isBulk(OpCode op) {
		return switch (op) {
			case MEMORY_FILL, MEMORY_COPY, MEMORY_INIT, TABLE_FILL, TABLE_COPY, TABLE_INIT -> true;
			default -> false;
		};
	}

	private static int weigh(OpCode op) {
		switch (op) {
			case BLOCK, LOOP, ELSE, END, TRY_TABLE:
				return 0;
			case IF, BR, BR_IF, BR_TABLE:
				return 2;
			case GLOBAL_GET, GLOBAL_SET:
				return 2;
			case CALL:
				return 5;
			case CALL_INDIRECT:
				return 10;
			case RETURN_CALL:
				return 3;
			case RETURN_CALL_INDIRECT:
				return 60;
			case TABLE_GET, TABLE_SET, REF_IS_NULL:
				return 5;
			case MEMORY_SIZE:
				return 20;
			case TABLE_SIZE:
				return 100;
			case MEMORY_GROW, TABLE_GROW, DATA_DROP, ELEM_DROP:
				return 300;
			case MEMORY_FILL, MEMORY_COPY, MEMORY_INIT, TABLE_FILL, TABLE_COPY, TABLE_INIT:
				return BULK_BASE;
			case REF_FUNC:
				return 130;
			case I32_DIV_S, I32_DIV_U, I32_REM_S, I32_REM_U, I64_DIV_S, I64_DIV_U, I64_REM_S, I64_REM_U:
				return 10;
			case F32_ADD, F32_SUB, F32_MUL, F32_CEIL, F32_FLOOR, F32_TRUNC, F32_NEAREST, F32_COPYSIGN,
					F64_ADD, F64_SUB, F64_MUL, F64_CEIL, F64_FLOOR, F64_TRUNC, F64_NEAREST:
				return 2;
			case F32_DIV:
				return 3;
			case F64_DIV, F32_SQRT:
				return 5;
			case F64_SQRT:
				return 8;
			case F64_COPYSIGN:
				return 3;
			case F32_MIN, F32_MAX, F64_MIN, F64_MAX:
				return 18;
			case F32_EQ, F32_NE, F32_LT, F32_GT, F32_LE, F32_GE, F64_EQ, F64_NE, F64_LT, F64_GT, F64_LE, F64_GE:
				return 3;
			case F32_CONVERT_I32_S, F32_CONVERT_I64_S, F64_CONVERT_I32_S, F64_CONVERT_I64_S:
				return 3;
			case F32_CONVERT_I32_U, F32_CONVERT_I64_U, F64_CONVERT_I32_U, F64_CONVERT_I64_U:
				return 16;
			case I32_TRUNC_F32_S, I32_TRUNC_F32_U, I32_TRUNC_F64_S, I32_TRUNC_F64_U, I64_TRUNC_F32_S, I64_TRUNC_F32_U,
					I64_TRUNC_F64_S, I64_TRUNC_F64_U, I32_TRUNC_SAT_F32_S, I32_TRUNC_SAT_F32_U, I32_TRUNC_SAT_F64_S,
					I32_TRUNC_SAT_F64_U, I64_TRUNC_SAT_F32_S, I64_TRUNC_SAT_F32_U, I64_TRUNC_SAT_F64_S, I64_TRUNC_SAT_F64_U:
				return 20;
			default:
				// Constants, integer arithmetic, logic, shifts, compares, local.*, select, drop, nop, return,
				// unreachable, ref.null, f32/f64 abs/neg, demote/promote, loads and stores (wasm32): 1.
				return 1;
		}
	}
}
