package io.github.subnetsim.examples.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.MeteredTransformFunction;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.TransformExecution;
import io.github.subnetsim.replay.Responder;
import io.github.subnetsim.wasm.WasmCanister;

/**
 * A canister's own Wasm transform against the equivalent Java transform (issue 14), side by side in one run, on the
 * in-memory 13-replica subnet of {@link InMemoryBenchmark}: a 1 KiB JSON body that changes with every outcall (a
 * counter in it) and is the same on every replica of one outcall, with two headers the transform drops.
 * <ul>
 * <li>{@code outcallJava}: one outcall whose transform is the Java header-dropping lambda;</li>
 * <li>{@code outcallWasm}: the same outcall whose transform is the canister's {@code canister_query transform}: the
 *     13 replicas' arguments are identical, so one call runs and 12 reuse its outcome and instruction count
 *     ({@code WasmCanister.Builder.reuseIdenticalCalls}, the default);</li>
 * <li>{@code outcallWasmEveryReplica}: the same with reuse off, 13 calls: what an outcall costs when every replica's
 *     response differs;</li>
 * <li>{@code transformCallWasm}: one transform call alone (Candid argument, an instance in the installed state, the
 *     call, metering), the per-call transform time;</li>
 * <li>{@code httpsOutcallJava} and {@code httpsOutcallWasm}: the same two outcalls as the product makes them by
 *     default, 13 real HTTPS requests to an embedded TLS server ({@code MockServers.startTls()}), whose 1 KiB body
 *     changes every 13 requests (each outcall's replicas get the same body, the next outcall another).</li>
 * </ul>
 * The canister is a fixture of extension/src/test/resources/canisters ({@code canister} parameter): the Motoko module
 * with classic persistence (wasm32), the same source with enhanced orthogonal persistence (memory64, lowered to
 * wasm32 when loaded), and the {@code no_std} Rust module. Run from the repository root or from examples/; the
 * directory can be set with {@code -Dsubnetsim.canisters=...}. See docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class WasmTransformBenchmark {

	private static final Responder PER_CALL = perOutcall(new AtomicLong());

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
		HttpRequestArgs wasmEveryReplica;
		MeteredTransformFunction call;
		final AtomicLong outcalls = new AtomicLong();

		@Setup(Level.Trial)
		public void start() {
			subnet = Subnet.builder().replicas(13).seed(1).responder(perOutcall(outcalls)).build();
			java = InMemoryBenchmark.args();
			Path module = canisters().resolve(canister);
			wasm = args(WasmCanister.load(module).transform("transform"));
			Transform everyReplica = WasmCanister.builder().reuseIdenticalCalls(false).load(module).transform("transform");
			wasmEveryReplica = args(everyReplica);
			call = (MeteredTransformFunction) everyReplica.function();
			requireAgreed(subnet, java, wasm, wasmEveryReplica);
		}

		@TearDown(Level.Trial)
		public void stop() {
			subnet.close();
		}
	}

	/** An embedded TLS server and a subnet, for the same outcalls over real HTTPS. */
	@State(Scope.Benchmark)
	public static class OverHttps {
		@Param({ "motoko-transforms.wasm", "motoko-eop-transforms.wasm", "rust-transforms.wasm" })
		String canister;
		mockwebserver3.MockWebServer server;
		Subnet subnet;
		HttpRequestArgs java;
		HttpRequestArgs wasm;

		@Setup(Level.Trial)
		public void start() {
			server = io.github.subnetsim.server.MockServers.startTls();
			String pad = "x".repeat(980);
			AtomicLong requests = new AtomicLong();
			server.setDispatcher(new mockwebserver3.Dispatcher() {
				@Override
				public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
					long outcall = requests.getAndIncrement() / 13;
					return new mockwebserver3.MockResponse.Builder().addHeader("Content-Type", "application/json").addHeader("X-Request-Id", "abc")
							.body("{\"price\":12.34,\"n\":" + outcall + ",\"pad\":\"" + pad + "\"}").build();
				}
			});
			String url = server.url("/price").toString();
			subnet = Subnet.builder().replicas(13).seed(1).build();
			java = OutcallBenchmark.args(url);
			wasm = args(url, WasmCanister.load(canisters().resolve(canister)).transform("transform"));
			requireAgreed(subnet, java, wasm);
		}

		@TearDown(Level.Trial)
		public void stop() throws java.io.IOException {
			subnet.close();
			server.close();
		}
	}

	/**
	 * The same four operations timed by the calling thread's CPU time rather than the wall clock: in-memory replicas
	 * run on the calling thread, so this is the outcall's whole CPU cost, and it holds on a machine shared with other
	 * work, where JMH's wall-clock scores are not stable. Prints one line per canister and operation.
	 *
	 * @param args optional: calls per measurement (default 2,000)
	 */
	public static void main(String[] args) {
		int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
		java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
		for (String canister : List.of("motoko-transforms.wasm", "motoko-eop-transforms.wasm", "rust-transforms.wasm")) {
			Thirteen s = new Thirteen();
			s.canister = canister;
			s.start();
			WasmTransformBenchmark b = new WasmTransformBenchmark();
			List<Map.Entry<String, Runnable>> ops = List.of(Map.entry("outcallJava", () -> b.outcallJava(s)),
					Map.entry("outcallWasm", () -> b.outcallWasm(s)), Map.entry("outcallWasmEveryReplica", () -> b.outcallWasmEveryReplica(s)),
					Map.entry("transformCallWasm", () -> b.transformCallWasm(s)));
			for (Map.Entry<String, Runnable> op : ops) {
				for (int i = 0; i < n; i++) {
					op.getValue().run(); // warm-up
				}
				long best = Long.MAX_VALUE;
				for (int round = 0; round < 5; round++) {
					long t0 = cpu.getCurrentThreadCpuTime();
					for (int i = 0; i < n / 5; i++) {
						op.getValue().run();
					}
					best = Math.min(best, (cpu.getCurrentThreadCpuTime() - t0) / (n / 5));
				}
				System.out.printf("%-24s %-28s %8.1f us CPU per op (best of 5 rounds of %d)%n", op.getKey(), canister, best / 1e3, n / 5);
			}
			s.stop();
		}
	}

	/** Fails the setup unless each outcall replies on all 13 replicas: a benchmark of a failing outcall measures nothing. */
	static void requireAgreed(Subnet subnet, HttpRequestArgs... outcalls) {
		for (HttpRequestArgs a : outcalls) {
			OutcallResult check = subnet.httpRequest(a);
			if (!(check instanceof OutcallResult.Reply reply) || reply.agreement() != 13) {
				throw new IllegalStateException("the outcall did not reply on 13 replicas: " + check);
			}
		}
	}

	/** A 1 KiB JSON body that differs from one outcall to the next, the same on every replica of an outcall. */
	static Responder perOutcall(AtomicLong outcalls) {
		String pad = "x".repeat(980);
		return (replica, request, seed) -> {
			long n = replica == 0 ? outcalls.incrementAndGet() : outcalls.get();
			return HttpResponse.of(200, List.of(HttpHeader.of("content-type", "application/json"), HttpHeader.of("x-request-id", "abc")),
					"{\"price\":12.34,\"n\":" + n + ",\"pad\":\"" + pad + "\"}");
		};
	}

	static HttpRequestArgs args(Transform t) {
		return args("https://api.example.com/price", t);
	}

	static HttpRequestArgs args(String url, Transform t) {
		return HttpRequestArgs.get(url).maxResponseBytes(4_000L).transform(t).cycles(1_000_000_000_000L).build();
	}

	/**
	 * One outcall at n = 13 with the Java transform.
	 *
	 * @param s the subnet
	 * @return the result, so the JIT keeps the work
	 */
	@Benchmark
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
	public OutcallResult outcallWasm(Thirteen s) {
		return s.subnet.httpRequest(s.wasm);
	}

	/**
	 * One outcall at n = 13 with the canister's Wasm transform, every replica running its own call.
	 *
	 * @param s the subnet
	 * @return the result, so the JIT keeps the work
	 */
	@Benchmark
	public OutcallResult outcallWasmEveryReplica(Thirteen s) {
		return s.subnet.httpRequest(s.wasmEveryReplica);
	}

	/**
	 * One outcall at n = 13 over real HTTPS with the Java transform.
	 *
	 * @param s the server and subnet
	 * @return the result, so the JIT keeps the work
	 */
	@Benchmark
	public OutcallResult httpsOutcallJava(OverHttps s) {
		return s.subnet.httpRequest(s.java);
	}

	/**
	 * One outcall at n = 13 over real HTTPS with the canister's Wasm transform.
	 *
	 * @param s the server and subnet
	 * @return the result, so the JIT keeps the work
	 */
	@Benchmark
	public OutcallResult httpsOutcallWasm(OverHttps s) {
		return s.subnet.httpRequest(s.wasm);
	}

	/**
	 * One replica's Wasm transform call on the 1 KiB response.
	 *
	 * @param s the canister
	 * @return the run, so the JIT keeps the work
	 */
	@Benchmark
	public TransformExecution transformCallWasm(Thirteen s) {
		return s.call.execute(PER_CALL.respond(0, null, 0), new byte[0], MeteredTransformFunction.DEFAULT_CANISTER_ID,
				MeteredTransformFunction.DEFAULT_INSTRUCTION_LIMIT);
	}
}
