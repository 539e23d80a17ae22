package io.github.subnetsim.internal.wasm;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MutabilityType;

import io.github.subnetsim.RejectCode;
import io.github.subnetsim.wasm.QueryOutcome;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An installed canister: its module, and a snapshot of its state after the start function and {@code canister_init}
 * (linear memory, mutable globals, stable memory). Each call runs on a fresh instance restored to that snapshot, as
 * a query's writes are discarded (wasm-transforms.md §5, "Per-call model"); so every replica runs its own instance,
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
	private final byte[] memory;
	private final long[] globals;
	private final StableMemory stable;
	private final AtomicInteger instances = new AtomicInteger();

	private CanisterRuntime(LoadedModule module, long timeNanos, byte[] memory, long[] globals, StableMemory stable) {
		this.module = module;
		this.timeNanos = timeNanos;
		this.memory = memory;
		this.globals = globals;
		this.stable = stable;
	}

	/** Instantiates the module, runs its start function and {@code canister_init} with {@code initArg}, and snapshots it. */
	public static CanisterRuntime install(LoadedModule module, byte[] initArg, String canisterId, long timeNanos) {
		CanisterErrors errors = new CanisterErrors(canisterId, CanisterErrors.DOCS_NEWEST);
		InstructionMeter meter = new InstructionMeter(module.importedFunctions(), Long.MAX_VALUE);
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
		byte[] mem = m == null ? new byte[0] : m.readBytes(0, m.pages() * Memory.PAGE_SIZE);
		long[] gs = new long[instance.globalCount()];
		for (int i = 0; i < gs.length; i++) {
			gs[i] = instance.global(i).getValue();
		}
		return new CanisterRuntime(module, timeNanos, mem, gs, stable);
	}

	public LoadedModule module() {
		return module;
	}

	/** How many instances ran a call on this canister (one per call: per replica, per outcall). */
	public int instancesCreated() {
		return instances.get();
	}

	/** Bytes of linear memory restored for each call. */
	public int snapshotBytes() {
		return memory.length;
	}

	/**
	 * Runs {@code canister_query <method>} on {@code arg} as the transform context {@code TQ}, and maps the outcome as
	 * CLIENT does ({@code transform_adapter_response}; wasm-transforms.md §2).
	 */
	public QueryOutcome query(String method, byte[] arg, String canisterId, long instructionLimit, String docs) {
		CanisterErrors errors = new CanisterErrors(canisterId, docs);
		String export = "canister_query " + method;
		if (!module.exports(export)) {
			return new QueryOutcome(null, RejectCode.CANISTER_ERROR, errors.methodNotFound(method), 0);
		}
		InstructionMeter meter = new InstructionMeter(module.importedFunctions(), instructionLimit);
		SystemApi api = new SystemApi(SystemApi.Mode.TRANSFORM, arg, Principals.bytes(canisterId), timeNanos, errors, meter, stable.copy());
		try {
			Instance instance = Instance.builder(module.module())
					.withImportValues(ImportValues.builder().withFunctions(api.functions(module.module())).build())
					.withUnsafeExecutionListener(meter).withMemoryFactory(ByteArrayMemory::new).withStart(false).build();
			instances.incrementAndGet();
			restore(instance);
			meter.attach(instance);
			meter.enter();
			instance.export(export).apply();
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
			return new QueryOutcome(null, RejectCode.CANISTER_ERROR, errors.trapped(TrapCodes.of(e)), meter.used());
		}
		if (api.rejected() != null) {
			return new QueryOutcome(null, RejectCode.CANISTER_REJECT, api.rejected(), meter.used());
		}
		if (!api.replied()) {
			return new QueryOutcome(null, RejectCode.CANISTER_ERROR, errors.didNotReply(), meter.used());
		}
		return new QueryOutcome(api.replyBytes(), null, null, meter.used());
	}

	private static QueryOutcome limit(CanisterErrors errors, InstructionMeter meter) {
		return new QueryOutcome(null, RejectCode.CANISTER_ERROR, errors.instructionLimit(meter.limit()), meter.used());
	}

	private void restore(Instance instance) {
		Memory m = instance.memory();
		if (m != null && memory.length > 0) {
			int pages = memory.length / Memory.PAGE_SIZE;
			if (m.pages() < pages) {
				m.grow(pages - m.pages());
			}
			m.write(0, memory);
		}
		for (int i = 0; i < globals.length; i++) {
			GlobalInstance g = instance.global(i);
			if (g.getMutabilityType() == MutabilityType.Var) {
				g.setValue(globals[i]);
			}
		}
	}
}
