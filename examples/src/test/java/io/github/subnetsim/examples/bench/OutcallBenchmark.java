package io.github.subnetsim.examples.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.internal.fetch.SubnetTls;
import io.github.subnetsim.server.MockServers;

/**
 * What a 13-replica outcall costs compared with the 13 plain HTTPS requests it is made of, against the same
 * embedded TLS server and a 1 KiB JSON body. The ratio {@code outcall13 / plainSequential13} is the number the
 * project tracks (target ≤ 1.2); see docs/benchmarks.md.
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
	private OkHttpClient plain;
	private OkHttpClient plainHttp11;
	private HttpRequestArgs args;
	private String url;

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
		HandshakeCertificates trust = SubnetTls.testAuthority().clientCertificates(List.of());
		plain = new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();
		plainHttp11 = plain.newBuilder().protocols(List.of(Protocol.HTTP_1_1)).build();
		args = HttpRequestArgs.get(url).maxResponseBytes(4_000L)
				.transform(Transform.of("transform", (r, c) -> r.withHeaders(List.of()))).cycles(1_000_000_000_000L).build();
	}

	@TearDown(Level.Trial)
	public void stop() {
		subnet.close();
		plain.connectionPool().evictAll();
		plainHttp11.connectionPool().evictAll();
		server.close();
	}

	/** 13 requests, one after the other, over one keep-alive connection: the baseline. */
	@Benchmark
	public int plainSequential13() throws IOException {
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
		int total = 0;
		for (int i = 0; i < 13; i++) {
			try (Response r = plainHttp11.newCall(new Request.Builder().url(url).build()).execute()) {
				total += r.body().bytes().length;
			}
		}
		return total;
	}

	/** One outcall on a 13-replica subnet: 13 real requests, transforms, hashing, consensus, trace. */
	@Benchmark
	public OutcallResult outcall13() {
		return subnet.httpRequest(args);
	}
}
