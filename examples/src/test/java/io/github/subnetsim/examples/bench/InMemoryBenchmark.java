package io.github.subnetsim.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
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

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.replay.Responder;

/**
 * In-memory replicas (issue 15): the whole outcall path (validate, charge, per-replica limits, transform, Candid
 * encoding and SHA-256 of every share, consensus, cost, trace) without sockets. {@code outcall} is the throughput at
 * n = 13 with a 1 KiB JSON body and a header-dropping transform (target ≥ 20,000 outcalls/s on one thread);
 * {@code outcallAtN} is the time of one outcall as n grows. See docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class InMemoryBenchmark {

	/** The same raw 1 KiB JSON response for every replica, with a header the transform drops. */
	static Responder oneKib() {
		HttpResponse raw = HttpResponse.of(200, List.of(HttpHeader.of("content-type", "application/json"), HttpHeader.of("x-request-id", "abc")),
				"{\"price\":12.34,\"pad\":\"" + "x".repeat(1000) + "\"}");
		return (replica, request, seed) -> raw;
	}

	static HttpRequestArgs args() {
		return HttpRequestArgs.get("https://api.example.com/price").maxResponseBytes(4_000L)
				.transform(Transform.of("transform", (r, c) -> r.withHeaders(List.of()))).cycles(1_000_000_000_000L).build();
	}

	/**
	 * n = 13, for the throughput figure. Each iteration also prints the outcalls per CPU-second of the benchmark
	 * thread: on a machine that other work shares, the wall-clock throughput is this thread's share of a core, the CPU
	 * figure what one core does.
	 */
	@State(Scope.Benchmark)
	public static class Thirteen {
		private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
		Subnet subnet;
		HttpRequestArgs args;
		long ops;
		long cpuAtStart;

		@Setup(Level.Iteration)
		public void iterationStart() {
			ops = 0;
			cpuAtStart = THREADS.getCurrentThreadCpuTime();
		}

		@TearDown(Level.Iteration)
		public void iterationEnd() {
			long cpu = THREADS.getCurrentThreadCpuTime() - cpuAtStart;
			System.out.printf(Locale.ROOT, "[%,.0f outcalls per CPU-second] ", cpu <= 0 ? 0 : ops * 1e9 / cpu);
		}

		@Setup(Level.Trial)
		public void start() {
			subnet = Subnet.builder().replicas(13).seed(1).responder(oneKib()).build();
			args = args();
		}

		@TearDown(Level.Trial)
		public void stop() {
			subnet.close();
		}
	}

	/** Each n of the scaling figure. */
	@State(Scope.Benchmark)
	public static class AtN {
		@Param({ "1", "4", "13", "28", "34", "40", "100" })
		int n;
		Subnet subnet;
		HttpRequestArgs args;

		@Setup(Level.Trial)
		public void start() {
			subnet = Subnet.builder().replicas(n).seed(1).responder(oneKib()).build();
			args = args();
		}

		@TearDown(Level.Trial)
		public void stop() {
			subnet.close();
		}
	}

	/**
	 * Outcalls per second at n = 13, one thread.
	 *
	 * @param s the subnet
	 * @return the result, so the JIT keeps the work
	 */
	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public OutcallResult outcall(Thirteen s) {
		s.ops++;
		return s.subnet.httpRequest(s.args);
	}

	/**
	 * Microseconds per outcall at n.
	 *
	 * @param s the subnet
	 * @return the result, so the JIT keeps the work
	 */
	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public OutcallResult outcallAtN(AtN s) {
		return s.subnet.httpRequest(s.args);
	}
}
