package io.github.subnetsim.internal.wasm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;

/**
 * The {@code ic0} System API for one run (an install or one transform call), as Chicory host functions. Which
 * function may run in the transform context {@code TQ}, and what each costs, follow docs/wasm-transforms.md and §4
 * (SPEC {@code canister-interface.md}, "System API imports overview"; dfinity/ic
 * {@code rs/embedders/src/wasmtime_embedder/system_api_complexity.rs} {@code overhead::*} and {@code linker.rs}
 * {@code charge_for_system_api_call}, {@code BYTE_TRANSMISSION_COST_FACTOR = 50}).
 *
 * <p>Every function links, so that real modules load; one not allowed in the context traps with IC0504 when called.
 * Pointers and sizes arrive as {@code long}, so one host function serves i32 and i64 signatures.
 * <pre>{@code
 * SystemApi api = SystemApi.transform(arg, selfBytes, timeNanos, errors, meter, stable);
 * Instance.builder(module).withImportValues(ImportValues.builder().withFunctions(api.functions(module)).build());
 * }</pre>
 */
public final class SystemApi {

	/** The replica's cap on a reply: above it, a contract violation (docs/wasm-transforms.md; exact cap UNCONFIRMED). */
	static final int MAX_REPLY_BYTES = 2 * 1024 * 1024;

	static final long OVERHEAD = 500;
	static final long BYTE_TRANSMISSION_COST_FACTOR = 50;

	enum Mode { INSTALL, TRANSFORM }

	private final Mode mode;
	private final byte[] arg;
	private final byte[] self;
	private final long timeNanos;
	private final CanisterErrors errors;
	private final InstructionMeter meter;
	private final StableMemory stable;
	private final ByteArrayOutputStream reply = new ByteArrayOutputStream();
	private boolean replied;
	private String rejected;
	private final List<String> debugLog = new ArrayList<>();

	SystemApi(Mode mode, byte[] arg, byte[] self, long timeNanos, CanisterErrors errors, InstructionMeter meter, StableMemory stable) {
		this.mode = mode;
		this.arg = arg;
		this.self = self;
		this.timeNanos = timeNanos;
		this.errors = errors;
		this.meter = meter;
		this.stable = stable;
	}

	boolean replied() {
		return replied;
	}

	byte[] replyBytes() {
		return reply.toByteArray();
	}

	/** The {@code msg_reject} text, or null. */
	String rejected() {
		return rejected;
	}

	List<String> debugLog() {
		return debugLog;
	}

	/** Host functions for every {@code ic0} function the module imports. */
	List<ImportFunction> functions(WasmModule module) {
		return functions(module, () -> this);
	}

	/**
	 * Host functions that serve whichever run {@code current} names when they are called: a pooled instance links
	 * them once, and each call on it sets its own {@link SystemApi}.
	 */
	static List<ImportFunction> functions(WasmModule module, java.util.function.Supplier<SystemApi> current) {
		List<ImportFunction> out = new ArrayList<>();
		for (int i = 0; i < module.importSection().importCount(); i++) {
			Import imp = module.importSection().getImport(i);
			if (imp instanceof FunctionImport f) {
				FunctionType type = module.typeSection().getType(f.typeIndex());
				String name = f.name();
				boolean[] unsigned32 = new boolean[type.params().size()];
				for (int p = 0; p < unsigned32.length; p++) {
					unsigned32[p] = type.params().get(p).equals(com.dylibso.chicory.wasm.types.ValType.I32);
				}
				out.add(new HostFunction(f.module(), name, type, (instance, args) -> current.get().call(name, instance, unsigned(args, unsigned32))));
			}
		}
		return out;
	}

	/**
	 * The System API's i32 parameters are addresses and sizes, unsigned (SPEC {@code canister-interface.md}, "System API
	 * imports"): {@code 0xFFFF_FFFF} is 4 GiB - 1, not -1, whatever sign the runtime gave the long.
	 */
	private static long[] unsigned(long[] args, boolean[] unsigned32) {
		for (int i = 0; i < args.length && i < unsigned32.length; i++) {
			if (unsigned32[i]) {
				args[i] &= 0xFFFF_FFFFL;
			}
		}
		return args;
	}

	/**
	 * {@code base} plus {@code factor} per byte, saturating: an i64 size near 2^63 costs more than any limit instead of
	 * wrapping to a negative charge (which would give instructions back). The host charges before it checks bounds, as
	 * the replica's {@code charge_for_system_api_call} does (dfinity/ic {@code rs/embedders/src/wasmtime_embedder/linker.rs}).
	 */
	static long cost(long base, long factor, long bytes) {
		if (bytes < 0 || bytes > (Long.MAX_VALUE - base) / factor) {
			return Long.MAX_VALUE;
		}
		return base + factor * bytes;
	}

	private long[] call(String name, Instance instance, long[] a) {
		SystemApiCatalog.Kind kind = SystemApiCatalog.kind(name);
		if (kind == SystemApiCatalog.Kind.FORBIDDEN_IN_TRANSFORM && mode == Mode.TRANSFORM
				|| kind == SystemApiCatalog.Kind.REPLY && mode == Mode.INSTALL) {
			throw new CanisterFailure(errors.notAllowed("ic0_" + name));
		}
		Memory m = instance.memory();
		switch (name) {
			case "msg_arg_data_size":
				meter.charge(OVERHEAD);
				return one(arg.length);
			case "msg_arg_data_copy":
				meter.charge(cost(OVERHEAD, 1, a[2]));
				copyOut(m, "msg_arg_data_copy", "payload", arg, a[0], a[1], a[2]);
				return null;
			case "msg_caller_size":
				meter.charge(OVERHEAD);
				return one(0); // the management canister aaaaa-aa: the empty principal
			case "msg_caller_copy":
				meter.charge(cost(OVERHEAD, 1, a[2]));
				copyOut(m, "msg_caller_copy", "id", new byte[0], a[0], a[1], a[2]);
				return null;
			case "canister_self_size":
				meter.charge(OVERHEAD);
				return one(self.length);
			case "canister_self_copy":
				meter.charge(cost(OVERHEAD, 1, a[2]));
				copyOut(m, "canister_self_copy", "id", self, a[0], a[1], a[2]);
				return null;
			case "msg_reply_data_append":
				meter.charge(cost(OVERHEAD, BYTE_TRANSMISSION_COST_FACTOR, a[1]));
				requireNotResponded("ic0.msg_reply_data_append: the call is already replied.");
				if (reply.size() + a[1] > MAX_REPLY_BYTES) {
					throw new CanisterFailure(errors.violation("ic0.msg_reply_data_append: application payload size ("
							+ (reply.size() + a[1]) + ") cannot be larger than " + MAX_REPLY_BYTES));
				}
				reply.writeBytes(heap(m, "msg.reply", a[0], a[1]));
				return null;
			case "msg_reply":
				meter.charge(OVERHEAD);
				requireNotResponded("ic0.msg_reply: the call is already replied");
				replied = true;
				return null;
			case "msg_reject":
				meter.charge(cost(OVERHEAD, BYTE_TRANSMISSION_COST_FACTOR, a[1]));
				requireNotResponded("ic0.msg_reject: the call is already replied");
				if (a[1] > MAX_REPLY_BYTES) {
					throw new CanisterFailure(errors.violation("ic0.msg_reject: application payload size (" + a[1] + ") cannot be larger than "
							+ MAX_REPLY_BYTES));
				}
				rejected = strictUtf8(heap(m, "ic0.msg_reject", a[0], a[1]));
				return null;
			case "trap":
				meter.charge(cost(OVERHEAD, 1, a[1]));
				throw new CanisterFailure(errors.calledTrap(lossyText(m, a[0], a[1], "(trap message out of memory bounds)")));
			case "debug_print":
				meter.charge(cost(100, 1, a[1]));
				// never a trap: an invalid range prints a note instead (rs/system_api/src/lib.rs, ic0_debug_print)
				debugLog.add(lossyText(m, a[0], a[1], "(debug message out of memory bounds)"));
				return null;
			case "time":
				meter.charge(OVERHEAD);
				return one(timeNanos);
			case "performance_counter":
				meter.charge(200);
				return one(meter.used());
			case "is_controller":
				meter.charge(1_000);
				return one(0);
			case "in_replicated_execution":
			case "data_certificate_present":
				meter.charge(OVERHEAD);
				return one(0);
			case "canister_status":
				meter.charge(OVERHEAD);
				return one(1); // running
			case "canister_version":
			case "canister_cycle_balance":
			case "env_var_count":
				meter.charge(OVERHEAD);
				return one(0);
			case "canister_cycle_balance128":
			case "canister_liquid_cycle_balance128":
				meter.charge(OVERHEAD);
				if (!inBounds(m, a[0], 16)) {
					// copy_cycles_to_heap (rs/system_api/src/lib.rs); the Rust line continuation leaves no space after "bounds."
					throw new CanisterFailure(errors.violation("ic0_" + name + " failed because dst + size is out of bounds.Found dst = "
							+ Long.toUnsignedString(a[0]) + " and size = 16 while must be <= " + heapBytes(m)));
				}
				m.write((int) a[0], new byte[16]);
				return null;
			case "global_timer_set":
				meter.charge(OVERHEAD);
				return one(0);
			case "stable_size":
			case "stable64_size":
				meter.charge(20);
				return one(stable.pages());
			case "stable_grow":
			case "stable64_grow":
				meter.charge(OVERHEAD);
				return one(stable.grow(a[0]));
			case "stable_read":
			case "stable64_read":
				meter.charge(cost(20, 1, a[2]));
				m.write((int) a[0], stable.read(a[1], a[2], errors));
				return null;
			case "stable_write":
			case "stable64_write":
				meter.charge(cost(20, 1, a[2]));
				stable.write(a[0], read(m, a[1], a[2]), errors);
				return null;
			default:
				// Allowed in TQ but not simulated (subnet_self_*, cost_*, env_var_* beyond the count, ...).
				throw new CanisterFailure(errors.violation("subnet-sim does not simulate ic0." + name + " yet"));
		}
	}

	private void requireNotResponded(String violation) {
		if (replied || rejected != null) {
			throw new CanisterFailure(errors.violation(violation));
		}
	}

	/**
	 * {@code ic0.<function>(dst, offset, size)}: the canister's heap range is checked first, then the source's, each
	 * as the replica's {@code valid_subslice} does (dfinity/ic {@code rs/system_api/src/lib.rs}), with its context names
	 * ({@code "ic0.msg_arg_data_copy heap"}, {@code "... payload"}; {@code "... id"} for the principals).
	 */
	private void copyOut(Memory m, String function, String sourceName, byte[] source, long dst, long offset, long size) {
		checkRange(m, "ic0." + function + " heap", dst, size);
		if (!fits(offset, size, source.length)) {
			throw new CanisterFailure(errors.violation(subsliceText("ic0." + function + " " + sourceName, offset, size, source.length)));
		}
		m.write((int) dst, source, (int) offset, (int) size);
	}

	/** The heap bytes [src, src + size), or the replica's contract violation naming {@code context}. */
	private byte[] heap(Memory m, String context, long src, long size) {
		checkRange(m, context, src, size);
		return read(m, src, size);
	}

	private void checkRange(Memory m, String context, long src, long size) {
		if (!inBounds(m, src, size)) {
			throw new CanisterFailure(errors.violation(subsliceText(context, src, size, heapBytes(m))));
		}
	}

	private static boolean inBounds(Memory m, long src, long size) {
		return fits(src, size, heapBytes(m));
	}

	/** Whether [src, src + size) lies in [0, length), without overflow for i64 operands. */
	private static boolean fits(long src, long size, long length) {
		return src >= 0 && size >= 0 && size <= length && src <= length - size;
	}

	/** The heap bytes as text (invalid UTF-8 replaced, as the replica's {@code from_utf8_lossy}), or {@code outside}. */
	private static String lossyText(Memory m, long src, long size, String outside) {
		return inBounds(m, src, size) ? new String(read(m, src, size), StandardCharsets.UTF_8) : outside;
	}

	private static long heapBytes(Memory m) {
		return m == null ? 0 : (long) m.pages() * Memory.PAGE_SIZE;
	}

	/** The text of the replica's {@code valid_subslice}; sizes are unsigned. */
	private static String subsliceText(String context, long src, long size, long sliceSize) {
		return context + ": src=" + Long.toUnsignedString(src) + " + length=" + Long.toUnsignedString(size) + " exceeds the slice size=" + sliceSize;
	}

	private String strictUtf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
		}
		catch (java.nio.charset.CharacterCodingException e) {
			throw new CanisterFailure(errors.violation("ic0.msg_reject: invalid UTF-8 string provided"));
		}
	}

	private static byte[] read(Memory m, long src, long size) {
		return m.readBytes((int) src, (int) size);
	}

	private static long[] one(long value) {
		return new long[] {value};
	}
}
