package io.github.subnetsim.examples.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.MeteredTransformFunction;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.TransformExecution;
import io.github.subnetsim.wasm.WasmCanister;

/**
 * A canister's own Wasm transform against the equivalent Java transform (issue 14), side by side in one run, on the
 * in-memory 13-replica subnet of {@link InMemoryBenchmark} (a 1 KiB JSON body, the same response on every replica):
 * <ul>
 * <li>{@code outcallJava}: one outcall whose transform is the Java header-dropping lambda;</li>
 * <li>{@code outcallWasm}: the same outcall whose transform is the canister's {@code canister_query transform}, run by
 *     every replica on its own instance with the replica's metering;</li>
 * <li>{@code transformCallWasm}: one replica's transform call alone (Candid argument, fresh instance of the installed
 *     state, the call, metering), the per-call transform time.</li>
 * </ul>
 * The canister is a fixture of extension/src/test/resources/canisters ({@code canister} parameter): the Motoko module
 * with classic persistence (wasm32), the same source with enhanced orthogonal persistence (memory64, lowered to
 * wasm32 when loaded), and the {@code no_std} Rust module. Run from the repository root or from examples/; the
 * directory can be set with {@code -Dsubnetsim.canisters=...}. See docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class WasmTransformBenchmark {

	/** The canister fixtures, found from the repository root or from examples/. */
	static Path canisters() {
		String dir = System.getProperty("subnetsim.canisters");
		if (dir != null) {
			return Path.of(dir);
		}
		for (String candidate : List.of("extension/src/test/resources/canisters", "../extension/src/test/resources/canisters")) {
			if (Files.isDirectory(Path.of(candidate))) {
				return Path.of(candidate);
			}
		}
		throw new IllegalStateException("run from the repository root or examples/, or set -Dsubnetsim.canisters");
	}

	/** The subnet, the canister, and one outcall's arguments with each transform. */
	@State(Scope.Benchmark)
	public static class Thirteen {
		@Param({ "motoko-transforms.wasm", "motoko-eop-transforms.wasm", "rust-transforms.wasm" })
		String canister;
		Subnet subnet;
		HttpRequestArgs java;
		HttpRequestArgs wasm;
		MeteredTransformFunction call;

		@Setup(Level.Trial)
		public void start() {
			subnet = Subnet.builder().replicas(13).seed(1).responder(InMemoryBenchmark.oneKib()).build();
			java = InMemoryBenchmark.args();
			WasmCanister loaded = WasmCanister.load(canisters().resolve(canister));
			Transform t = loaded.transform("transform");
			wasm = HttpRequestArgs.get("https://api.example.com/price").maxResponseBytes(4_000L).transform(t).cycles(1_000_000_000_000L).build();
			call = (MeteredTransformFunction) t.function();
			OutcallResult check = subnet.httpRequest(wasm);
			if (!(check instanceof OutcallResult.Reply)) {
				throw new IllegalStateException("the Wasm outcall did not reply: " + check);
			}
		}

		@TearDown(Level.Trial)
		public void stop() {
			subnet.close();
		}
	}

	/**
	 * One outcall at n = 13 with the Java transform.
	 *
	 * @param s the subnet
	 * @return the result, so the JIT keeps the work
	 */
	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public OutcallResult outcallJava(Thirteen s) {
		return s.subnet.httpRequest(s.java);
	}

	/**
	 * One outcall at n = 13 with the canister's Wasm transform.
	 *
	 * @param s the subnet
	 * @return the result, so the JIT keeps the work
	 */
	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public OutcallResult outcallWasm(Thirteen s) {
		return s.subnet.httpRequest(s.wasm);
	}

	/**
	 * One replica's Wasm transform call on the 1 KiB response.
	 *
	 * @param s the canister
	 * @return the run, so the JIT keeps the work
	 */
	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public TransformExecution transformCallWasm(Thirteen s) {
		return s.call.execute(InMemoryBenchmark.oneKib().respond(0, null, 0), new byte[0], MeteredTransformFunction.DEFAULT_CANISTER_ID,
				MeteredTransformFunction.DEFAULT_INSTRUCTION_LIMIT);
	}
}
