package io.github.subnetsim.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

import com.sun.net.httpserver.HttpHandler;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.internal.wire.AddressText;

/**
 * A server-side rate limit in front of a MockWebServer dispatcher or a JDK {@code HttpHandler}: at most
 * {@code requests} per source address (or per address prefix) in each window, and {@code 429 Too Many Requests} with
 * {@code Retry-After} beyond it, as public APIs answer. It shows what mainnet does to an API with a limit: every
 * replica makes the request, and on today's replica an IPv4-only server sees only the subnet's two SOCKS proxies, so
 * a quota of a few requests per address is spent at once (the seeds: "Rate limiting by servers"; docs/network.md).
 *
 * <pre>{@code
 * RateLimit limit = RateLimit.perAddress(5, Duration.ofSeconds(1));
 * server.setDispatcher(limit.wrap(server, Servers.json("{\"rate\":1}")));
 * OutcallResult result = subnet.httpRequest(args);
 * limit.limitedAddresses(); // ["127.255.0.1", ...]
 * }</pre>
 *
 * <p>The window of a key starts at its first request, so the 13 requests of one outcall fall into one window.
 * Thread-safe. The source address of a MockWebServer request is known only for servers started by
 * {@link MockServers}.
 */
public final class RateLimit {

	private final int requests;
	private final Duration window;
	private final int ipv4PrefixBits;
	private final int ipv6PrefixBits;
	private final LongSupplier nanos;
	private final Map<String, long[]> windows = new HashMap<>();
	private final List<String> limited = new ArrayList<>();
	private final List<String> seen = new ArrayList<>();

	private RateLimit(int requests, Duration window, int ipv4PrefixBits, int ipv6PrefixBits, LongSupplier nanos) {
		if (requests < 0) {
			throw new IllegalArgumentException("requests per window must be >= 0, got " + requests);
		}
		Objects.requireNonNull(window, "window");
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("the window must be positive, for example Duration.ofSeconds(1), got " + window);
		}
		if (ipv4PrefixBits < 0 || ipv4PrefixBits > 32 || ipv6PrefixBits < 0 || ipv6PrefixBits > 128) {
			throw new IllegalArgumentException("prefix lengths are 0..32 (IPv4) and 0..128 (IPv6), got /" + ipv4PrefixBits + " and /" + ipv6PrefixBits);
		}
		this.requests = requests;
		this.window = window;
		this.ipv4PrefixBits = ipv4PrefixBits;
		this.ipv6PrefixBits = ipv6PrefixBits;
		this.nanos = nanos;
	}

	/**
	 * At most {@code requests} per source address in each {@code window}.
	 *
	 * @param requests the quota per address and window, for example 5
	 * @param window the window, for example one second
	 * @return the limit
	 */
	public static RateLimit perAddress(int requests, Duration window) {
		return new RateLimit(requests, window, 32, 128, System::nanoTime);
	}

	/**
	 * At most {@code requests} per address prefix in each {@code window}, as APIs limit IPv6 clients by their /64:
	 * all replicas of a data center, or all canisters of a subnet, share one quota.
	 *
	 * @param ipv4PrefixBits the IPv4 prefix length, 0 to 32 (32: per address)
	 * @param ipv6PrefixBits the IPv6 prefix length, 0 to 128 (64 is common)
	 * @param requests the quota per prefix and window
	 * @param window the window
	 * @return the limit
	 */
	public static RateLimit perPrefix(int ipv4PrefixBits, int ipv6PrefixBits, int requests, Duration window) {
		return new RateLimit(requests, window, ipv4PrefixBits, ipv6PrefixBits, System::nanoTime);
	}

	/**
	 * The same limit on another clock, for tests that move time themselves.
	 *
	 * @param clock nanoseconds, as {@link System#nanoTime()} counts them
	 * @return a new limit with no requests counted
	 */
	public RateLimit withClock(LongSupplier clock) {
		return new RateLimit(requests, window, ipv4PrefixBits, ipv6PrefixBits, Objects.requireNonNull(clock, "clock"));
	}

	/**
	 * Whether a request from {@code source} is over the quota now; counts it either way.
	 *
	 * @param source the client's address, for example {@code 127.255.0.1} or {@code ::1}
	 * @return the seconds to put in {@code Retry-After} when over the quota, else 0
	 */
	public synchronized long admit(String source) {
		String key = key(source);
		long now = nanos.getAsLong();
		long[] w = windows.get(key);
		if (w == null || now - w[0] >= window.toNanos()) {
			w = new long[] { now, 0 };
			windows.put(key, w);
		}
		w[1]++;
		seen.add(source);
		if (w[1] <= requests) {
			return 0;
		}
		limited.add(source);
		long leftNanos = w[0] + window.toNanos() - now;
		return Math.max(1, (leftNanos + 999_999_999L) / 1_000_000_000L);
	}

	/**
	 * Wraps a MockWebServer dispatcher: requests within the quota go to {@code inner}, the others get the 429.
	 *
	 * @param server the server the dispatcher serves (started by {@link MockServers}, which knows the source addresses)
	 * @param inner what answers requests within the quota
	 * @return the limiting dispatcher
	 */
	public Dispatcher wrap(MockWebServer server, Dispatcher inner) {
		Objects.requireNonNull(server, "server");
		Objects.requireNonNull(inner, "inner");
		return new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
				String source = MockServers.clientAddress(server, request)
						.orElseThrow(() -> new IllegalStateException("RateLimit needs each request's source address: start the server with "
								+ "MockServers.startTls() or MockServers.startTlsIpv4Only()"));
				long retryAfter = admit(source);
				if (retryAfter == 0) {
					return inner.dispatch(request);
				}
				return new MockResponse.Builder().code(429).addHeader("retry-after", Long.toString(retryAfter))
						.addHeader("content-type", "text/plain; charset=utf-8").body(body()).build();
			}
		};
	}

	/**
	 * Wraps a JDK {@code HttpServer}/{@code HttpsServer} handler the same way.
	 *
	 * @param inner what answers requests within the quota
	 * @return the limiting handler
	 */
	public HttpHandler wrap(HttpHandler inner) {
		Objects.requireNonNull(inner, "inner");
		return exchange -> {
			long retryAfter = admit(AddressText.of(exchange.getRemoteAddress().getAddress()));
			if (retryAfter == 0) {
				inner.handle(exchange);
				return;
			}
			byte[] body = body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Retry-After", Long.toString(retryAfter));
			exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
			exchange.sendResponseHeaders(429, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
			catch (IOException e) {
				// The client went away; nothing to answer.
			}
			exchange.close();
		};
	}

	private String body() {
		return "Too Many Requests: at most " + requests + " per " + (ipv4PrefixBits == 32 && ipv6PrefixBits == 128 ? "address" : "prefix")
				+ " per " + human(window) + "\n";
	}

	private static String human(Duration d) {
		long ms = d.toMillis();
		return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
	}

	/**
	 * The addresses that got a 429, once per limited request, in arrival order.
	 *
	 * @return the limited requests' source addresses
	 */
	public synchronized List<String> limitedAddresses() {
		return List.copyOf(limited);
	}

	/**
	 * The source address of every request, in arrival order.
	 *
	 * @return every request's source address
	 */
	public synchronized List<String> requestSources() {
		return List.copyOf(seen);
	}

	private String key(String source) {
		InetAddress a;
		try {
			a = InetAddress.getByName(source.startsWith("[") ? source.substring(1, source.length() - 1) : source);
		}
		catch (UnknownHostException e) {
			throw new IllegalArgumentException("not an IP address: " + source, e);
		}
		byte[] b = a.getAddress();
		int bits = b.length == 4 ? ipv4PrefixBits : ipv6PrefixBits;
		for (int i = 0; i < b.length; i++) {
			int keep = Math.max(0, Math.min(8, bits - 8 * i));
			b[i] &= (byte) (0xff << (8 - keep));
		}
		try {
			return AddressText.of(InetAddress.getByAddress(b)) + "/" + bits;
		}
		catch (UnknownHostException e) {
			throw new IllegalStateException(e);
		}
	}
}
