package io.github.subnetsim.internal.wasm;

import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;

/**
 * Counts one run's instructions the replica's way. With metering injected into the module ({@link MeteringInjection},
 * the compiled engine), the module keeps the count in a global and this meter adds the System API's charges to it and
 * reads it. Otherwise it is a Chicory execution listener (interpreter), following the
 * rules of dfinity/ic {@code rs/embedders/src/wasm_utils/instrumentation.rs} (docs/wasm-transforms.md):
 * <ul>
 * <li>each executed instruction adds its {@link InstructionWeights weight};</li>
 * <li>each entry into a module function (not an import) adds 1;</li>
 * <li>bulk memory/table operations add their size operand;</li>
 * <li>System API calls add their overhead and per-byte charges ({@link #charge(long)});</li>
 * <li>the limit is checked at function entry, at loop headers (here: at every branch and loop) and after each System
 *     API charge, so that a run can pass the limit by a few instructions before it stops, as on the replica.</li>
 * </ul>
 * The replica charges a basic block's static cost at its start; summing per executed instruction gives the same total
 * for every run that completes or stops at a check.
 * <pre>{@code
 * InstructionMeter meter = new InstructionMeter(importedFunctions, 5_000_000_000L);
 * Instance.builder(module).withUnsafeExecutionListener(meter)...build();
 * meter.enter();            // the exported method's own entry
 * export.apply();
 * meter.used();
 * }</pre>
 */
public final class InstructionMeter implements ExecutionListener {

	private final int importedFunctions;
	private final long limit;
	private final boolean wasm64;
	private final boolean lowered;
	private final int firstHelper;
	private final int helperCodeStart;
	private final int helperCodeEnd;
	private long used;
	private Instance instance;
	/** With injected metering ({@link MeteringInjection}): the instructions-left global's index, else -1. */
	private final int counterGlobal;
	private com.dylibso.chicory.runtime.GlobalInstance counter;

	/**
	 * A meter for a module with metering injected ({@link MeteringInjection}): the module counts itself in the global
	 * {@code counterGlobal}, set to {@code limit} when attached; the host adds the System API's charges to it.
	 */
	InstructionMeter(long limit, int counterGlobal) {
		this.importedFunctions = 0;
		this.limit = limit;
		this.wasm64 = false;
		this.lowered = false;
		this.firstHelper = Integer.MAX_VALUE;
		this.helperCodeStart = Integer.MAX_VALUE;
		this.helperCodeEnd = Integer.MAX_VALUE;
		this.counterGlobal = counterGlobal;
	}

	/** A meter for a wasm32 module. */
	public InstructionMeter(int importedFunctions, long limit) {
		this(importedFunctions, limit, false, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
	}

	/**
	 * A meter for a module lowered from memory64 ({@link Memory64Lowering}): loads and stores weigh as wasm64 ones, and
	 * what the lowering inserted (calls to the functions from {@code firstHelper} on, and the instructions of those
	 * functions, at code addresses in [{@code helperCodeStart}, {@code helperCodeEnd})) costs nothing, so a run counts
	 * the original module's instructions (docs/wasm-transforms.md, "Memory64 modules": count before lowering).
	 */
	InstructionMeter(int importedFunctions, long limit, boolean wasm64, int firstHelper, int helperCodeStart, int helperCodeEnd) {
		this.importedFunctions = importedFunctions;
		this.limit = limit;
		this.wasm64 = wasm64;
		this.lowered = firstHelper != Integer.MAX_VALUE;
		this.firstHelper = firstHelper;
		this.helperCodeStart = helperCodeStart;
		this.helperCodeEnd = helperCodeEnd;
		this.counterGlobal = -1;
	}

	/** The instance whose tables resolve {@code call_indirect}. */
	void attach(Instance instance) {
		this.instance = instance;
		if (counterGlobal >= 0) {
			counter = instance.global(counterGlobal);
			counter.setValue(limit);
		}
	}

	/**
	 * Ends the run: the count is read from the instance's global now and kept, and the meter lets go of the instance. A
	 * pooled instance goes back to the pool after its call, where the next call may take it and reset the global at
	 * once, so a run's count must be taken before that (a count read later was another call's: 0, 1,515 or 73 instead
	 * of 2,015 or 22,720 under many threads; ConcurrentCallsTest).
	 *
	 * @return the instructions the run used
	 */
	long finish() {
		if (counter != null) {
			used = limit - counter.getValue();
			counter = null;
		}
		instance = null;
		return used;
	}

	/** The instructions used so far. */
	public long used() {
		return counter != null ? limit - counter.getValue() : used;
	}

	/** The limit of this run. */
	public long limit() {
		return limit;
	}

	/** Whether the run passed its limit. */
	public boolean exhausted() {
		return used() > limit;
	}

	/** A function entry from the host (the exported method): 1, then the limit check. */
	public void enter() {
		if (counter != null) {
			return; // the function's injected entry charge counts it
		}
		used += 1;
		check();
	}

	/** A System API charge, then the limit check. */
	public void charge(long instructions) {
		// more than the limit stops the run anyway; capped, the count cannot wrap around (SystemApi.cost saturates)
		if (limit < Long.MAX_VALUE) {
			instructions = Math.min(instructions, limit + 1);
		}
		if (counter != null) {
			counter.setValue(counter.getValue() - instructions);
		}
		else {
			used = used > Long.MAX_VALUE - instructions ? Long.MAX_VALUE : used + instructions;
		}
		check();
	}

	@Override
	public void onExecution(Instruction instruction, MStack stack) {
		OpCode op = instruction.opcode();
		if (lowered) {
			int address = instruction.address();
			if (address >= helperCodeStart && address < helperCodeEnd || op == OpCode.CALL && instruction.operand(0) >= firstHelper) {
				return; // inserted by the lowering: not an instruction of the original module
			}
		}
		used += wasm64 ? InstructionWeights.of64(op) : InstructionWeights.of(op);
		switch (op) {
			case CALL, RETURN_CALL -> {
				if (instruction.operand(0) >= importedFunctions) {
					enter();
				}
			}
			case CALL_INDIRECT, RETURN_CALL_INDIRECT -> {
				if (callsModuleFunction((int) instruction.operand(1), (int) stack.peek())) {
					enter();
				}
			}
			case LOOP, BR, BR_IF, BR_TABLE -> check();
			case MEMORY_FILL, MEMORY_COPY, MEMORY_INIT, TABLE_FILL, TABLE_COPY, TABLE_INIT -> used += stack.peek() & 0xFFFF_FFFFL;
			default -> {
			}
		}
	}

	private boolean callsModuleFunction(int table, int index) {
		if (instance == null) {
			return true;
		}
		try {
			return instance.table(table).ref(index) >= importedFunctions;
		}
		catch (RuntimeException outOfBounds) {
			return false; // the call itself traps next
		}
	}

	private void check() {
		if (used() > limit) {
			throw new OutOfInstructions();
		}
	}
}
