package io.github.subnetsim.internal.wasm;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MutabilityType;

import io.github.subnetsim.RejectCode;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.wasm.QueryOutcome;

/**
 * An installed canister: its module, and a snapshot of its state after the start function and {@code canister_init}
 * (linear memory, mutable globals, stable memory). Each call runs on a fresh instance whose memory is that snapshot,
 * copied page by page as the call writes ({@link SnapshotMemory}), as a query's writes are discarded (docs/wasm-transforms.md, "Per-call model"); so every replica runs its own instance,
 * and calls can run in parallel.
 * <pre>{@code
 * CanisterRuntime c = CanisterRuntime.install(LoadedModule.of(bytes), CanisterRuntime.EMPTY_ARG, canisterId, timeNanos);
 * QueryOutcome run = c.query("transform", TransformArgsCandid.encode(response, context), canisterId, 5_000_000_000L,
 *         CanisterErrors.DOCS_NEWEST);
 * }</pre>
 */
public final class CanisterRuntime {

	/** {@code DIDL\0\0}: the empty Candid argument, what {@code canister_init} receives when no argument is given. */
	public static final byte[] EMPTY_ARG = {'D', 'I', 'D', 'L', 0, 0};

	private final LoadedModule module;
	private final long timeNanos;
	private final byte[][] memory;
	private final long[] globals;
	private final StableMemory stable;
	private final AtomicInteger instances = new AtomicInteger();
	private final AtomicInteger built = new AtomicInteger();
	private final boolean reusable;
	private final ConcurrentLinkedQueue<Pooled> pool = new ConcurrentLinkedQueue<>();

	/**
	 * A query instance kept for the next call: its memory is reset to the snapshot and its mutable globals restored
	 * before each call, so the call sees exactly what a fresh instance would; its host functions and metering listener
	 * serve the call that runs on it.
	 */
	private final class Pooled {
		final Instance instance;
		final SnapshotMemory memory;
		SystemApi api;
		InstructionMeter meter;

		Pooled() {
			this(form);
		}

		/** An instance of the compiled module {@code c}, or of the interpreted one if null. */
		Pooled(LoadedModule.Compiled c) {
			SnapshotMemory[] created = new SnapshotMemory[1];
			Instance.Builder b;
			if (c != null) {
				b = Instance.builder(c.module()).withMachineFactory(c.machines())
						.withImportValues(ImportValues.builder().withFunctions(SystemApi.functions(c.module(), () -> api)).build());
			}
			else {
				b = Instance.builder(module.queryModule())
						.withImportValues(ImportValues.builder().withFunctions(SystemApi.functions(module.queryModule(), () -> api)).build())
						.withUnsafeExecutionListener((instruction, stack) -> meter.onExecution(instruction, stack));
			}
			this.instance = b.withMemoryFactory(limits -> created[0] = new SnapshotMemory(memory(), limits)).build();
			this.memory = created[0];
			built.incrementAndGet();
		}

		void reset() {
			if (memory != null) {
				memory.reset();
			}
			restore(instance);
		}
	}

	/** The compiled form queries run on: the fast one, the exact one (tests), or null for the interpreter. */
	private final LoadedModule.Compiled form;
	private final boolean compiled;
	/** Whether a trap the Wasm code raises is run again on the exact form for its count: on the fast form only. */
	private final boolean rerunsTraps;

	private CanisterRuntime(LoadedModule module, long timeNanos, byte[][] memory, long[] globals, StableMemory stable, LoadedModule.Compiled form) {
		this.form = form;
		this.compiled = form != null;
		this.rerunsTraps = form != null && form == module.compiled();
		this.reusable = !mutatesTables(module);
		this.module = module;
		this.timeNanos = timeNanos;
		this.memory = memory;
		this.globals = globals;
		this.stable = stable;
	}

	/**
	 * Instantiates the module, runs its start function and {@code canister_init} with {@code initArg}, and snapshots it;
	 * queries then run compiled to JVM bytecode, with metering injected ({@link MeteringInjection}).
	 */
	public static CanisterRuntime install(LoadedModule module, byte[] initArg, String canisterId, long timeNanos) {
		return install(module, initArg, canisterId, timeNanos, true);
	}

	/**
	 * As {@link #install(LoadedModule, byte[], String, long)}; with {@code compiled} false, queries run in Chicory's
	 * interpreter and are metered by an execution listener ({@link InstructionMeter}), the other way to count that
	 * must give the same totals.
	 */
	public static CanisterRuntime install(LoadedModule module, byte[] initArg, String canisterId, long timeNanos, boolean compiled) {
		return install(module, initArg, canisterId, timeNanos, compiled ? module.compiled() : null);
	}

	/**
	 * As {@link #install(LoadedModule, byte[], String, long)}, on the compiled form that keeps the count in the global
	 * at every block ({@link MeteringInjection.Counter#GLOBAL}, unsplit): for tests that compare it with the fast form.
	 */
	static CanisterRuntime installExact(LoadedModule module, byte[] initArg, String canisterId, long timeNanos) {
		return install(module, initArg, canisterId, timeNanos, module.exactCompiled());
	}

	private static CanisterRuntime install(LoadedModule module, byte[] initArg, String canisterId, long timeNanos, LoadedModule.Compiled form) {
		CanisterErrors errors = new CanisterErrors(canisterId, CanisterErrors.DOCS_NEWEST);
		InstructionMeter meter = module.installMeter();
		StableMemory stable = new StableMemory();
		SystemApi api = new SystemApi(SystemApi.Mode.INSTALL, initArg, Principals.bytes(canisterId), timeNanos, errors, meter, stable);
		Instance instance;
		try {
			instance = Instance.builder(module.module()).withImportValues(ImportValues.builder().withFunctions(api.functions(module.module())).build())
					.withUnsafeExecutionListener(meter).withMemoryFactory(ByteArrayMemory::new).build();
			meter.attach(instance);
			if (module.exports("canister_init")) {
				instance.export("canister_init").apply();
			}
		}
		catch (CanisterFailure e) {
			throw new IllegalStateException("installing the canister failed: " + e.getMessage(), e);
		}
		catch (RuntimeException | StackOverflowError e) {
			throw new IllegalStateException("installing the canister failed: " + e, e);
		}
		Memory m = instance.memory();
		byte[][] pages = m == null ? new byte[0][] : SnapshotMemory.pagesOf(m);
		long[] gs = new long[instance.globalCount()];
		for (int i = 0; i < gs.length; i++) {
			gs[i] = instance.global(i).getValue();
		}
		// compiled once per module per JVM, here rather than on the first call; the interpreter if it cannot be
		return new CanisterRuntime(module, timeNanos, pages, gs, stable, form);
	}

	public LoadedModule module() {
		return module;
	}

	/**
	 * How many calls ran on this canister (one per replica per outcall), each on an instance in the installed state: a
	 * fresh one, or a pooled one reset to it.
	 */
	public int instancesCreated() {
		return instances.get();
	}

	/** Bytes of linear memory in the installed snapshot that each call starts from (shared, copied per page on write). */
	public long snapshotBytes() {
		return (long) memory.length * 4096; // SnapshotMemory keeps 4 KiB chunks
	}

	/** The installed snapshot's chunks (a pooled instance's own field of that name is its {@link SnapshotMemory}). */
	private byte[][] memory() {
		return memory;
	}

	/**
	 * Whether a query may change the instance's tables (table.set/grow/fill/copy/init, elem.drop): then each call gets
	 * a fresh instance, as a reset instance would keep the change.
	 */
	private static boolean mutatesTables(LoadedModule module) {
		var code = module.queryModule().codeSection();
		for (int f = 0; f < code.functionBodyCount(); f++) {
			for (var ins : code.getFunctionBody(f).instructions()) {
				switch (ins.opcode()) {
					case TABLE_SET, TABLE_GROW, TABLE_FILL, TABLE_COPY, TABLE_INIT, ELEM_DROP:
						return true;
					default:
				}
			}
		}
		return false;
	}

	/** How many instances were built for queries (pooled ones are reused across calls). */
	public int instancesBuilt() {
		return built.get();
	}

	/**
	 * Runs {@code canister_query <method>} on {@code arg} as the transform context {@code TQ}, and maps the outcome as
	 * CLIENT does ({@code transform_adapter_response}; docs/wasm-transforms.md). Safe to call from many threads at once:
	 * each call takes its own instance.
	 */
	public QueryOutcome query(String method, byte[] arg, String canisterId, long instructionLimit, String docs) {
		CanisterErrors errors = new CanisterErrors(canisterId, docs);
		String export = "canister_query " + method;
		if (!module.exports(export)) {
			return new QueryOutcome(null, RejectCode.CANISTER_ERROR, errors.methodNotFound(method), 0);
		}
		InstructionMeter meter = compiled ? new InstructionMeter(instructionLimit, form.counterGlobal()) : module.meter(instructionLimit);
		SystemApi api = new SystemApi(SystemApi.Mode.TRANSFORM, arg, Principals.bytes(canisterId), timeNanos, errors, meter, stable.copy());
		Pooled pooled = reusable ? pool.poll() : null;
		try {
			if (pooled == null) {
				pooled = new Pooled();
			}
			pooled.api = api;
			pooled.meter = meter;
			instances.incrementAndGet();
			pooled.reset();
			meter.attach(pooled.instance);
			meter.enter();
			pooled.instance.export(export).apply();
		}
		catch (OutOfInstructions e) {
			return limit(errors, meter);
		}
		catch (CanisterFailure e) {
			return new QueryOutcome(null, RejectCode.CANISTER_ERROR, e.getMessage(), meter.used());
		}
		catch (RuntimeException | StackOverflowError e) {
			if (meter.exhausted()) {
				return limit(errors, meter);
			}
			long used = rerunsTraps ? exactCount(export, arg, canisterId, instructionLimit, errors).orElse(meter.used()) : meter.used();
			return new QueryOutcome(null, RejectCode.CANISTER_ERROR, errors.trapped(TrapCodes.of(e)), used);
		}
		// The count lives in the instance's counter global: read it before the instance is back in the pool, where
		// another replica's call may take it and reset the global at once.
		long used = meter.finish();
		// A call that ended normally leaves the instance reusable (a trap may leave it mid-way: it is dropped).
		if (reusable) {
			pooled.api = null;
			pooled.meter = null;
			pool.offer(pooled);
		}
		if (api.rejected() != null) {
			return new QueryOutcome(null, RejectCode.CANISTER_REJECT, api.rejected(), used);
		}
		if (!api.replied()) {
			return new QueryOutcome(null, RejectCode.CANISTER_ERROR, errors.didNotReply(), used);
		}
		return new QueryOutcome(api.replyBytes(), null, null, used);
	}

	/**
	 * The instructions of a call that trapped in its own Wasm code (not in a System API call): the compiled module keeps
	 * the count in locals and writes it back only where the host may look ({@link MeteringInjection.Counter#LOCAL}), so
	 * it runs again on the module that keeps it in the global at every block, which charges the trapping block whole, as
	 * the replica does. Empty if that run does not trap too (a JVM stack overflow can depend on the compiled form).
	 */
	private java.util.OptionalLong exactCount(String export, byte[] arg, String canisterId, long instructionLimit, CanisterErrors errors) {
		LoadedModule.Compiled exact = module.exactCompiled();
		InstructionMeter meter = new InstructionMeter(instructionLimit, exact.counterGlobal());
		Pooled fresh = new Pooled(exact);
		fresh.api = new SystemApi(SystemApi.Mode.TRANSFORM, arg, Principals.bytes(canisterId), timeNanos, errors, meter, stable.copy());
		fresh.meter = meter;
		fresh.reset();
		meter.attach(fresh.instance);
		meter.enter();
		try {
			fresh.instance.export(export).apply();
		}
		catch (RuntimeException | StackOverflowError e) {
			return java.util.OptionalLong.of(meter.used());
		}
		return java.util.OptionalLong.empty();
	}

	private static QueryOutcome limit(CanisterErrors errors, InstructionMeter meter) {
		return new QueryOutcome(null, RejectCode.CANISTER_ERROR, errors.instructionLimit(meter.limit()), meter.used(), RejectReason.INSTRUCTION_LIMIT);
	}

	/** The installed state's mutable globals; the memory is the snapshot already ({@link SnapshotMemory}). */
	private void restore(Instance instance) {
		for (int i = 0; i < globals.length; i++) {
			GlobalInstance g = instance.global(i);
			if (g.getMutabilityType() == MutabilityType.Var) {
				g.setValue(globals[i]);
			}
		}
	}
}
