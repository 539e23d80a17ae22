package io.github.subnetsim.examples.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.openjdk.jmh.annotations.Warmup;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.internal.fetch.SubnetTls;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.server.MockServers;

/**
 * What a 13-replica outcall costs compared with the 13 plain HTTPS requests it is made of, against the same
 * embedded TLS server and a 1 KiB JSON body. The ratio {@code outcall13 / plainSequential13} is the number the
 * project tracks (target ≤ 1.2); {@code plainParallel13} is the physical limit (13 clients at once, as the replicas
 * are), and {@code outcallAtN} how an outcall's time grows with n. See docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OutcallBenchmark {

	private MockWebServer server;
	private Subnet subnet;
	private Subnet ipv4PerReplica;
	private Subnet throughProxies;
	private OkHttpClient plain;
	private OkHttpClient plainHttp11;
	private HttpRequestArgs args;
	private String url;
	private List<OkHttpClient> thirteenClients;
	private ExecutorService thirteenThreads;
	private long ops;
	private long cpuAtStart;

	/**
	 * Counts operations and the CPU time of the whole process (replica threads, server threads, client threads, the
	 * JIT and the collector): on a machine that other work shares, CPU per operation says what the work costs when
	 * wall time says mostly how long it waited for a core.
	 */
	@Setup(Level.Iteration)
	public void iterationStart() {
		ops = 0;
		cpuAtStart = processCpuNanos();
	}

	@TearDown(Level.Iteration)
	public void iterationEnd() {
		long cpu = processCpuNanos() - cpuAtStart;
		System.out.printf(Locale.ROOT, "[process CPU %,.0f us/op] ", ops == 0 || cpu < 0 ? 0 : cpu / 1e3 / ops);
	}

	private static long processCpuNanos() {
		return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
	}

	@Setup(Level.Trial)
	public void start() {
		server = MockServers.startTls();
		String body = "{\"price\":12.34,\"pad\":\"" + "x".repeat(1000) + "\"}";
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
			}
		});
		url = server.url("/price").toString();
		subnet = Subnet.builder().replicas(13).seed(1).build();
		ipv4PerReplica = Subnet.builder().replicas(13).seed(1).network(ReplicaNetwork.IPV4_PER_REPLICA).build();
		throughProxies = Subnet.builder().replicas(13).seed(1).profile(ReplicaProfile.CURRENT_REPLICA).simulateNoIpv6Route().build();
		HandshakeCertificates trust = SubnetTls.testAuthority().clientCertificates(List.of());
		plain = new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();
		plainHttp11 = plain.newBuilder().protocols(List.of(Protocol.HTTP_1_1)).build();
		args = args(url);
		// 13 clients as the replicas are: each its own connection pool (so its own kept-alive connection) and thread,
		// HTTP/1.1 like the replicas.
		thirteenClients = new ArrayList<>();
		for (int i = 0; i < 13; i++) {
			thirteenClients.add(plainHttp11.newBuilder().connectionPool(new ConnectionPool()).build());
		}
		thirteenThreads = Executors.newFixedThreadPool(13, r -> {
			Thread t = new Thread(r, "plain-client");
			t.setDaemon(true);
			return t;
		});
	}

	static HttpRequestArgs args(String url) {
		return HttpRequestArgs.get(url).maxResponseBytes(4_000L).transform(Transform.of("transform", (r, c) -> r.withHeaders(List.of())))
				.cycles(1_000_000_000_000L).build();
	}

	@TearDown(Level.Trial)
	public void stop() {
		subnet.close();
		ipv4PerReplica.close();
		throughProxies.close();
		thirteenThreads.shutdownNow();
		thirteenClients.forEach(c -> c.connectionPool().evictAll());
		plain.connectionPool().evictAll();
		plainHttp11.connectionPool().evictAll();
		server.close();
	}

	/** 13 requests, one after the other, over one keep-alive connection: the baseline. */
	@Benchmark
	public int plainSequential13() throws IOException {
		ops++;
		int total = 0;
		for (int i = 0; i < 13; i++) {
			try (Response r = plain.newCall(new Request.Builder().url(url).build()).execute()) {
				total += r.body().bytes().length;
			}
		}
		return total;
	}

	/**
	 * 13 requests, one after the other, over one HTTP/1.1 keep-alive connection: the baseline in the replicas' own
	 * protocol (they speak HTTP/1.1; OkHttp negotiates HTTP/2 with MockWebServer when it may).
	 */
	@Benchmark
	public int plainSequential13Http11() throws IOException {
		ops++;
		int total = 0;
		for (int i = 0; i < 13; i++) {
			try (Response r = plainHttp11.newCall(new Request.Builder().url(url).build()).execute()) {
				total += r.body().bytes().length;
			}
		}
		return total;
	}

	/**
	 * 13 requests at once from 13 HTTP/1.1 clients on 13 threads, each over its own keep-alive connection, joined:
	 * what 13 replicas fetching in parallel cannot beat on this machine.
	 */
	@Benchmark
	public int plainParallel13() throws InterruptedException, ExecutionException {
		ops++;
		List<Future<Integer>> calls = new ArrayList<>(13);
		for (OkHttpClient client : thirteenClients) {
			calls.add(thirteenThreads.submit(() -> {
				try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
					return r.body().bytes().length;
				}
				catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			}));
		}
		int total = 0;
		for (Future<Integer> call : calls) {
			total += call.get();
		}
		return total;
	}

	/** One outcall on a 13-replica subnet: 13 real requests, transforms, hashing, consensus, trace. */
	@Benchmark
	public OutcallResult outcall13() {
		ops++;
		return subnet.httpRequest(args);
	}

	/** The same outcall with each replica on its own IPv4 loopback address (the network before issue 17). */
	@Benchmark
	public OutcallResult outcall13Ipv4PerReplica() {
		ops++;
		return ipv4PerReplica.httpRequest(args);
	}

	/**
	 * The same outcall on today's replica with no IPv6 route: every replica's direct attempt fails at once and it goes
	 * through one of the subnet's two SOCKS5 proxies (docs/network.md).
	 */
	@Benchmark
	public OutcallResult outcall13ThroughProxies() {
		ops++;
		return throughProxies.httpRequest(args);
	}

	/** A subnet of each size of the growth figure, against its own server. */
	@State(Scope.Benchmark)
	public static class AtN {
		@Param({ "1", "4", "13", "28", "34", "40", "100" })
		int n;
		MockWebServer server;
		Subnet subnet;
		HttpRequestArgs args;

		@Setup(Level.Trial)
		public void start() {
			server = MockServers.startTls();
			String body = "{\"price\":12.34,\"pad\":\"" + "x".repeat(1000) + "\"}";
			server.setDispatcher(new Dispatcher() {
				@Override
				public MockResponse dispatch(RecordedRequest request) {
					return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
				}
			});
			subnet = Subnet.builder().replicas(n).seed(1).build();
			args = args(server.url("/price").toString());
		}

		@TearDown(Level.Trial)
		public void stop() {
			subnet.close();
			server.close();
		}
	}

	/**
	 * One real-HTTPS outcall at n replicas.
	 *
	 * @param s the subnet and its server
	 * @return the result, so the JIT keeps the work
	 */
	@Benchmark
	public OutcallResult outcallAtN(AtN s) {
		ops++;
		return s.subnet.httpRequest(s.args);
	}
}
