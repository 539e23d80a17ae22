package io.github.subnetsim.internal.wasm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.Import;

/**
 * A canister module parsed and checked once per JVM, cached by the SHA-256 of its bytes. Loading fails with a clear
 * {@link IllegalArgumentException} for what the replica would not install or what the simulator cannot run: not
 * Wasm, too large, an import the replica does not provide, what cannot be lowered to wasm32. A memory64 / table64
 * module (Motoko ≥ 2.0, enhanced orthogonal persistence) is lowered to wasm32 by {@link Memory64Lowering}, and metered
 * as the original ({@link #meter(long)}; docs/wasm-transforms.md).
 * <pre>{@code
 * LoadedModule m = LoadedModule.of(Files.readAllBytes(path));
 * LoadedModule.of(sameBytes) == m; // true: parsed once
 * }</pre>
 */
public final class LoadedModule {

	/**
	 * Largest module accepted. The replica's own bound on an installed module is larger (UNCONFIRMED here); this one keeps a
	 * mistaken file from exhausting the heap.
	 */
	public static final int MAX_MODULE_BYTES = 100 * 1024 * 1024;

	private static final Map<String, LoadedModule> CACHE = new ConcurrentHashMap<>();
	private static final AtomicInteger PARSES = new AtomicInteger();

	private final String sha256;
	private final WasmModule module;
	private final int importedFunctions;
	private final Memory64Lowering.Result lowering;
	private final WasmModule queryModule;
	private final int startSectionBytes;
	private final byte[] queryBytes;

	private LoadedModule(String sha256, WasmModule module, WasmModule queryModule, byte[] queryBytes, int startSectionBytes,
			Memory64Lowering.Result lowering) {
		this.sha256 = sha256;
		this.queryBytes = queryBytes;
		this.module = module;
		this.queryModule = queryModule;
		this.startSectionBytes = startSectionBytes;
		this.importedFunctions = module.importSection().count(ExternalType.FUNCTION);
		this.lowering = lowering;
	}

	/** Whether the module was memory64 / table64 and runs lowered to wasm32. */
	public boolean lowered() {
		return lowering != null;
	}

	/**
	 * A meter for one query of this module ({@link #queryModule()}): the replica's weights of the original module
	 * (wasm64 ones if it was).
	 */
	InstructionMeter meter(long limit) {
		return meter(limit, startSectionBytes);
	}

	/** The query module with metering injected, compiled to JVM bytecode by Chicory's compiler: built on first use. */
	record Compiled(WasmModule module, Function<Instance, Machine> machines, int counterGlobal, List<HugeMethods.Huge> huge) {
	}

	private volatile Compiled compiled;

	private volatile Compiled exact;

	private volatile boolean notCompilable;

	/**
	 * The query module, metered by injection with the count in locals ({@link MeteringInjection.Counter#LOCAL}) and
	 * compiled, once per module per JVM; null if the injection cannot handle the module (SIMD, for one): then it runs in
	 * the interpreter, metered by a listener.
	 */
	Compiled compiled() {
		Compiled c = compiled;
		if (c == null && !notCompilable) {
			synchronized (this) {
				c = compiled;
				if (c == null && !notCompilable) {
					try {
						c = compile(MeteringInjection.Counter.LOCAL);
					}
					catch (IllegalArgumentException e) {
						notCompilable = true;
						return null;
					}
					compiled = c;
				}
			}
		}
		return c;
	}

	/**
	 * The same, with the count in the global at every block ({@link MeteringInjection.Counter#GLOBAL}): exact at a trap
	 * the Wasm code raises itself, so a call that traps so is run again on it for its count. Compiled on first use.
	 */
	Compiled exactCompiled() {
		Compiled c = exact;
		if (c == null) {
			synchronized (this) {
				c = exact;
				if (c == null) {
					c = compile(MeteringInjection.Counter.GLOBAL);
					exact = c;
				}
			}
		}
		return c;
	}

	private Compiled compile(MeteringInjection.Counter mode) {
		MeteringInjection.Result metered = MeteringInjection.inject(queryBytes, lowering != null && lowering.memory64(),
				lowering == null ? Integer.MAX_VALUE : lowering.firstHelper(), mode);
		// the fast form's large functions split, so that the JIT compiles them (FunctionOutlining)
		WasmModule m = Parser.parse(mode == MeteringInjection.Counter.LOCAL ? FunctionOutlining.split(metered.bytes()) : metered.bytes());
		// The compiler hands its classes to a cache as a jar: kept here just long enough to measure their methods.
		byte[][] classes = new byte[1][];
		Function<Instance, Machine> machines = MachineFactoryCompiler.builder(m).withInterpreterFallback(InterpreterFallback.SILENT)
				.withCache(new com.dylibso.chicory.compiler.Cache() {
					@Override
					public byte[] get(String digest) {
						return null;
					}

					@Override
					public void putIfAbsent(String digest, byte[] jar) {
						classes[0] = jar;
					}
				}).compile();
		List<HugeMethods.Huge> huge = List.of();
		if (classes[0] != null) {
			try {
				huge = List.copyOf(HugeMethods.in(classes[0], m));
			}
			catch (java.io.IOException | RuntimeException e) {
				huge = List.of(); // only advice depends on it
			}
		}
		if (mode == MeteringInjection.Counter.LOCAL && !huge.isEmpty() && HugeMethods.leftInterpreted()) {
			HugeMethods.Huge largest = huge.get(0);
			System.getLogger("io.github.subnetsim.wasm").log(System.Logger.Level.INFO, "subnet-sim: canister " + sha256.substring(0, 12) + ": "
					+ huge.size() + " function(s) compile to JVM methods over " + HugeMethods.HUGE_METHOD_LIMIT + " bytes (largest: "
					+ largest.function() + ", " + largest.bytes() + " bytes), which this JVM leaves interpreted; transforms that run them are "
					+ "several times slower. Add -XX:-DontCompileHugeMethods to the test JVM's options (Maven: surefire's <argLine>). "
					+ "See docs/wasm-transforms.md, \"Speed\".");
		}
		return new Compiled(m, machines, metered.counterGlobal(), huge);
	}

	/**
	 * The query functions whose compiled JVM methods are over HotSpot's {@code HugeMethodLimit}, largest first: they
	 * stay interpreted unless the JVM runs with {@code -XX:-DontCompileHugeMethods}. Empty when the module is not
	 * compiled.
	 */
	List<HugeMethods.Huge> hugeFunctions() {
		Compiled c = compiled();
		return c == null ? List.of() : c.huge();
	}

	/** A meter for the install ({@link #module()}). */
	InstructionMeter installMeter() {
		return meter(Long.MAX_VALUE, 0);
	}

	/** The helpers' code addresses are those of the lowered module, less the start section that precedes the code. */
	private InstructionMeter meter(long limit, int shift) {
		return lowering == null ? new InstructionMeter(importedFunctions, limit)
				: new InstructionMeter(importedFunctions, limit, lowering.memory64(), lowering.firstHelper(), lowering.helperCodeStart() - shift,
						lowering.helperCodeEnd() - shift);
	}

	/** The module for these bytes: parsed and checked on first use, then from the cache. */
	public static LoadedModule of(byte[] bytes) {
		if (bytes.length > MAX_MODULE_BYTES) {
			throw new IllegalArgumentException("the Wasm module is " + bytes.length + " bytes; subnet-sim loads at most " + MAX_MODULE_BYTES);
		}
		String sha = sha256(bytes);
		return CACHE.computeIfAbsent(sha, k -> parse(k, bytes));
	}

	/** How many modules were parsed in this JVM (a cache hit parses nothing). */
	public static int parses() {
		return PARSES.get();
	}

	public String sha256() {
		return sha256;
	}

	/** The module as installed: with its start function, which install runs. */
	public WasmModule module() {
		return module;
	}

	/**
	 * The module for a query's instance: without its start section, which Chicory would run at every instantiation;
	 * the replica runs it once, at install (its effects are in the installed snapshot), not before each query.
	 */
	public WasmModule queryModule() {
		return queryModule;
	}

	public int importedFunctions() {
		return importedFunctions;
	}

	/** Whether the module exports this function name. */
	public boolean exports(String name) {
		for (int i = 0; i < module.exportSection().exportCount(); i++) {
			if (module.exportSection().getExport(i).name().equals(name) && module.exportSection().getExport(i).exportType() == ExternalType.FUNCTION) {
				return true;
			}
		}
		return false;
	}

	private static LoadedModule parse(String sha, byte[] bytes) {
		if (bytes.length < 8 || bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm') {
			throw new IllegalArgumentException("not a Wasm module: the file does not start with \\0asm");
		}
		String wide = WasmSections.sixtyFourBitFeature(bytes);
		Memory64Lowering.Result lowering = null;
		if (wide != null) {
			try {
				lowering = Memory64Lowering.lower(bytes);
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("the module uses " + wide + " (Motoko >= 2.0 enhanced orthogonal persistence), and "
						+ "subnet-sim cannot lower it to wasm32: " + e.getMessage() + "; build the canister with classic persistence, "
						+ "or lower it with `wasm-opt --memory64-lowering` (npm binaryen)", e);
			}
		}
		WasmModule module;
		WasmModule queryModule;
		int startSectionBytes;
		byte[] queryBytes;
		try {
			byte[] runnable = lowering == null ? bytes : lowering.bytes();
			module = Parser.parse(runnable);
			byte[] noStart = WasmSections.withoutStartSection(runnable);
			queryModule = noStart == runnable ? module : Parser.parse(noStart);
			queryBytes = noStart;
			startSectionBytes = runnable.length - noStart.length; // the start section (id 8) precedes the code section (id 10)
		}
		catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
			throw new IllegalArgumentException("not a valid Wasm module: " + e.getMessage(), e);
		}
		for (int i = 0; i < module.importSection().importCount(); i++) {
			Import imp = module.importSection().getImport(i);
			if (!(imp instanceof FunctionImport) || !"ic0".equals(imp.module()) || SystemApiCatalog.kind(imp.name()) == null) {
				throw new IllegalArgumentException("the module imports " + imp.module() + "." + imp.name() + " (" + imp.importType()
						+ "), which the replica does not provide: a canister may import only ic0 System API functions");
			}
		}
		PARSES.incrementAndGet();
		return new LoadedModule(sha, module, queryModule, queryBytes, startSectionBytes, lowering);
	}

	/** The SHA-256 of {@code bytes}, lowercase hex. */
	public static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every JVM has SHA-256", e);
		}
	}
}
