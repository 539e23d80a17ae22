package io.github.subnetsim.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.server.MockServers;

/**
 * An embedded exchange-rate API over TLS that behaves like real ones: every answer carries its own {@code Date},
 * request id, timestamp and nonce, while the price is the same for everyone. It is what a subnet's replicas meet on
 * mainnet, and why an outcall without a transform never reaches consensus.
 *
 * <pre>{@code
 * try (DemoApi api = DemoApi.start(42)) {
 *     String url = api.url(); // https://localhost:<port>/v1/rates/ICP-USD
 * }
 * }</pre>
 */
public final class DemoApi implements AutoCloseable {

	/** The path of the rate endpoint. */
	public static final String PATH = "/v1/rates/ICP-USD";

	private final MockWebServer server;

	private DemoApi(MockWebServer server) {
		this.server = server;
	}

	/**
	 * Starts the API on an ephemeral loopback port; {@code seed} makes the nonces reproducible.
	 *
	 * @param seed the random seed for the nonces
	 * @return the running API; close it when done
	 */
	public static DemoApi start(long seed) {
		MockWebServer server = MockServers.startTls();
		SplittableRandom random = new SplittableRandom(seed);
		AtomicInteger served = new AtomicInteger();
		Instant base = Instant.parse("2026-11-22T12:00:00Z");
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				int i = served.incrementAndGet();
				if (!PATH.equals(request.getUrl().encodedPath())) {
					return new MockResponse.Builder().code(404).body("{\"error\":\"not found\"}").build();
				}
				String nonce;
				synchronized (random) {
					nonce = Long.toHexString(random.nextLong());
				}
				Instant now = base.plusMillis(37L * i);
				String body = "{\"pair\":\"ICP/USD\",\"price\":\"12.3456\",\"source\":\"demo-exchange\",\"timestamp\":" + now.toEpochMilli()
						+ ",\"nonce\":\"" + nonce + "\"}";
				return new MockResponse.Builder()
						.addHeader("Content-Type", "application/json")
						.addHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(i % 3).atOffset(ZoneOffset.UTC)))
						.addHeader("X-Request-Id", "req-" + Long.toHexString(seed) + "-" + i)
						.addHeader("Cache-Control", "no-store")
						.body(body)
						.build();
			}
		});
		return new DemoApi(server);
	}

	/**
	 * The rate endpoint's URL.
	 *
	 * @return the HTTPS URL
	 */
	public String url() {
		return server.url(PATH).toString();
	}

	/**
	 * How many requests the API has answered.
	 *
	 * @return the number of requests, one per replica per replicated outcall
	 */
	public int requestCount() {
		return server.getRequestCount();
	}

	@Override
	public void close() {
		server.close();
	}
}
