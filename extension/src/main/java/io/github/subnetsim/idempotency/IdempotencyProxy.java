package io.github.subnetsim.idempotency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.github.subnetsim.internal.fetch.SubnetTls;

/**
 * A TLS reverse proxy on loopback that puts an {@link IdempotencyLedger} in front of any HTTP service, whatever its
 * language: each idempotency key is sent upstream once, duplicates get the stored response, and the ledger records
 * which replica sent what. It presents the certificate the simulated subnet trusts, so replicas call
 * {@link #url()} instead of the service.
 *
 * <pre>{@code
 * // the service under test, for example `npx json-server db.json --port 3000`, or one started by Testcontainers
 * try (IdempotencyProxy proxy = IdempotencyProxy.start(URI.create("http://127.0.0.1:3000"))) {
 *     subnet.httpRequest(HttpRequestArgs.post(proxy.url() + "/orders", order)
 *             .header("Idempotency-Key", "order-42").cycles(cycles).build());
 *     assertThat(proxy.ledger(), appliedExactlyOnce());
 *     proxy.writeLedger(Path.of("target/ledger.json"));
 * }
 * }</pre>
 *
 * <p>What each kind of request gets (every one but the safe methods is recorded in the ledger, with a
 * {@link LedgerEntry#problem()} whenever it is not a plain application or replay):
 * <ul>
 * <li>GET, HEAD, OPTIONS, TRACE: forwarded as they are, not recorded (they change nothing).
 * <li>The first request with a key: forwarded; its response is stored and answered ({@code APPLIED}).
 * <li>A duplicate: the stored response ({@code REPLAYED}); with another body under the same key, 422 ({@code REJECTED}),
 * per the ledger's {@link IdempotencyLedger.BodyMismatch} policy.
 * <li>No key: 400 with the reason ({@code REJECTED}); give a ledger built with {@code MissingKey.APPLY} to forward
 * such requests every time instead, as the service alone would.
 * <li>A body over {@link Builder#maxRequestBytes}: 413, not read further, not forwarded ({@code REJECTED}).
 * <li>More than {@link Builder#maxConcurrent} requests at once: the others wait; one that waited longer than the
 * upstream timeout gets 503 and is not forwarded ({@code REJECTED}).
 * <li>Upstream down (nothing sent): 502, the key is released so a duplicate tries again ({@code FAILED}).
 * <li>Upstream too slow, garbage, or a response over {@link Builder#maxResponseBytes}: 504 or 502; the request may have
 * been applied, so the key stays taken and every duplicate gets the same answer ({@code APPLIED} with a problem).
 * </ul>
 *
 * <p>Responses keep the upstream's status, headers and body; framing headers and {@code Date} are the proxy's own,
 * so a transform that drops headers is still needed for the replicas to agree.
 */
public final class IdempotencyProxy implements AutoCloseable {

	private final URI upstreamUrl;
	private final Path ledgerFile;
	private final IdempotencyLedger ledger;
	private final Upstream upstream;
	private final AdmissionExecutor workers;
	private final HttpsServer server;
	private volatile boolean closed;

	private IdempotencyProxy(Builder b) throws IOException {
		// Copied: the builder may be changed or reused after start.
		this.upstreamUrl = b.upstream;
		this.ledgerFile = b.ledgerFile;
		this.ledger = b.ledger != null ? b.ledger : IdempotencyLedger.builder().missingKey(IdempotencyLedger.MissingKey.REJECT).build();
		this.upstream = new Upstream(b.upstream, b.connectTimeout, b.upstreamTimeout, b.maxResponseBytes);
		this.workers = new AdmissionExecutor(b.maxConcurrent);
		HttpsServer s = null;
		try {
			// Both loopbacks when the machine has IPv6 (replicas on an IPv6 network connect to ::1, docs/network.md); the
			// handler answers loopback clients only.
			InetAddress bind = io.github.subnetsim.internal.fetch.SubnetNetwork.hasIpv6Loopback() ? InetAddress.getByName("::")
					: InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
			s = HttpsServer.create(new InetSocketAddress(bind, b.port), 0);
			s.setHttpsConfigurator(new HttpsConfigurator(SubnetTls.testAuthority().serverCertificates().sslContext()));
			s.createContext("/", new ProxyHandler(ledger, upstream, b.maxRequestBytes, b.upstreamTimeout));
			s.setExecutor(workers);
			s.start();
		}
		catch (IOException | RuntimeException e) {
			if (s != null) {
				s.stop(0);
			}
			workers.shutdown();
			upstream.close();
			throw e;
		}
		this.server = s;
	}

	/**
	 * A proxy with the defaults in front of {@code upstream} ({@code http://127.0.0.1:3000}, or https).
	 *
	 * @param upstream the service's base URL, http or https, without query or fragment
	 * @return the running proxy; close it to stop
	 * @throws IllegalArgumentException if {@code upstream} is not such a URL
	 * @throws java.io.UncheckedIOException if the proxy cannot listen
	 */
	public static IdempotencyProxy start(URI upstream) {
		return builder(upstream).start();
	}

	/**
	 * A builder for a proxy in front of {@code upstream}.
	 *
	 * @param upstream the service's base URL, http or https, without query or fragment
	 * @return a builder with every bound at its default
	 * @throws IllegalArgumentException if {@code upstream} is not such a URL
	 */
	public static Builder builder(URI upstream) {
		return new Builder(upstream);
	}

	/**
	 * The proxy's base URL, {@code https://localhost:PORT}: replicas send here what they would send the service.
	 *
	 * @return the URL to give the canister in place of the service's
	 */
	public URI url() {
		return URI.create("https://localhost:" + port());
	}

	/**
	 * The port on 127.0.0.1 the proxy listens on.
	 *
	 * @return the listening port
	 */
	public int port() {
		return server.getAddress().getPort();
	}

	/**
	 * The service the proxy forwards to.
	 *
	 * @return the upstream's base URL, as given
	 */
	public URI upstream() {
		return upstreamUrl;
	}

	/**
	 * The CA certificate that signed the proxy's certificate: replicas of the simulated subnet already trust it.
	 *
	 * @return the test certificate authority's certificate
	 */
	public X509Certificate certificate() {
		return SubnetTls.testAuthority().caCertificate();
	}

	/**
	 * {@link #certificate()} as PEM, for a client outside the JVM ({@code curl --cacert}).
	 *
	 * @return the CA certificate in PEM form
	 */
	public String certificatePem() {
		return SubnetTls.testAuthority().authority().certificatePem();
	}

	/**
	 * The ledger, to assert on.
	 *
	 * @return the live ledger, shared with the proxy
	 */
	public IdempotencyLedger ledger() {
		return ledger;
	}

	/**
	 * Writes the ledger as JSON (whole or not at all) and returns the absolute path written.
	 *
	 * @param file where to write; parent directories are created if needed
	 * @return the absolute path written
	 */
	public Path writeLedger(Path file) {
		return LedgerJson.write(ledger, Objects.requireNonNull(file, "file"));
	}

	/**
	 * Stops accepting, ends exchanges in flight, and writes the ledger to {@link Builder#ledgerFile} if one was given.
	 * Idempotent.
	 */
	@Override
	public void close() {
		if (closed) {
			return;
		}
		closed = true;
		try {
			server.stop(0);
			workers.shutdown();
			upstream.close();
		}
		finally {
			if (ledgerFile != null) {
				writeLedger(ledgerFile);
			}
		}
	}

	@Override
	public String toString() {
		return "IdempotencyProxy{" + url() + " -> " + upstreamUrl + ", " + ledger + "}";
	}

	/**
	 * Configures an {@link IdempotencyProxy}; every bound has a default.
	 *
	 * <pre>{@code
	 * IdempotencyProxy proxy = IdempotencyProxy.builder(URI.create("http://127.0.0.1:3000"))
	 *         .ledger(IdempotencyLedger.builder().keyHeader("X-Request-Key").build())
	 *         .upstreamTimeout(Duration.ofSeconds(5))
	 *         .ledgerFile(Path.of("target/ledger.json"))
	 *         .start();
	 * }</pre>
	 */
	public static final class Builder {
		private final URI upstream;
		private IdempotencyLedger ledger;
		private long maxRequestBytes = 2_000_000;
		private long maxResponseBytes = 2_000_000;
		private Duration connectTimeout = Duration.ofSeconds(2);
		private Duration upstreamTimeout = Duration.ofSeconds(10);
		private int maxConcurrent = 32;
		private int port;
		private Path ledgerFile;

		private Builder(URI upstream) {
			Objects.requireNonNull(upstream, "upstream");
			String scheme = upstream.getScheme() == null ? "" : upstream.getScheme().toLowerCase(Locale.ROOT);
			if (!scheme.equals("http") && !scheme.equals("https") || upstream.getHost() == null) {
				throw new IllegalArgumentException("the upstream must be an http or https URL such as http://127.0.0.1:3000, got " + upstream);
			}
			if (upstream.getRawQuery() != null || upstream.getRawFragment() != null) {
				throw new IllegalArgumentException("the upstream is a base URL; the replicas' path and query are appended to it, got " + upstream);
			}
			this.upstream = upstream;
		}

		/**
		 * The ledger to use (its key header, policies and trusted proxies). Default: {@code Idempotency-Key}, requests
		 * without a key answered 400.
		 *
		 * @param value the ledger the proxy records into
		 * @return this builder
		 */
		public Builder ledger(IdempotencyLedger value) {
			this.ledger = Objects.requireNonNull(value, "ledger");
			return this;
		}

		/**
		 * The largest request body forwarded (default 2,000,000 bytes, the IC's request limit); larger gets 413.
		 *
		 * @param bytes the limit, positive
		 * @return this builder
		 */
		public Builder maxRequestBytes(long bytes) {
			this.maxRequestBytes = positive(bytes, "maxRequestBytes");
			return this;
		}

		/**
		 * The largest upstream response body forwarded (default 2,000,000 bytes, the IC's response limit).
		 *
		 * @param bytes the limit, positive
		 * @return this builder
		 */
		public Builder maxResponseBytes(long bytes) {
			this.maxResponseBytes = positive(bytes, "maxResponseBytes");
			return this;
		}

		/**
		 * How long connecting to the upstream may take (default 2 s).
		 *
		 * @param value the connect timeout, positive
		 * @return this builder
		 */
		public Builder connectTimeout(Duration value) {
			this.connectTimeout = positive(value, "connectTimeout");
			return this;
		}

		/**
		 * How long one upstream exchange may take, body included (default 10 s, below a replica's own 30 s, so the
		 * replica gets the proxy's 504 rather than its own timeout); also how long a request may wait for a slot.
		 *
		 * @param value the exchange timeout, positive
		 * @return this builder
		 */
		public Builder upstreamTimeout(Duration value) {
			this.upstreamTimeout = positive(value, "upstreamTimeout");
			return this;
		}

		/**
		 * How many requests are handled at once (default 32); the others wait for a slot.
		 *
		 * @param value how many requests at once, positive
		 * @return this builder
		 */
		public Builder maxConcurrent(int value) {
			this.maxConcurrent = (int) positive(value, "maxConcurrent");
			return this;
		}

		/**
		 * The port on 127.0.0.1 (default 0: an ephemeral port, see {@link IdempotencyProxy#port()}).
		 *
		 * @param value the port, 0..65535; 0 picks a free one
		 * @return this builder
		 */
		public Builder port(int value) {
			if (value < 0 || value > 65_535) {
				throw new IllegalArgumentException("port must be 0..65535, got " + value);
			}
			this.port = value;
			return this;
		}

		/**
		 * Where {@link IdempotencyProxy#close()} writes the ledger as JSON (default: nowhere).
		 *
		 * @param file where to write the ledger on close
		 * @return this builder
		 */
		public Builder ledgerFile(Path file) {
			this.ledgerFile = Objects.requireNonNull(file, "ledgerFile");
			return this;
		}

		/**
		 * Starts the proxy.
		 *
		 * @return the running proxy; close it to stop
		 * @throws java.io.UncheckedIOException if the proxy cannot listen
		 */
		public IdempotencyProxy start() {
			try {
				return new IdempotencyProxy(this);
			}
			catch (IOException e) {
				throw new UncheckedIOException("could not start the ledger proxy on 127.0.0.1:" + port, e);
			}
		}

		private static long positive(long v, String name) {
			if (v <= 0) {
				throw new IllegalArgumentException(name + " must be positive, got " + v);
			}
			return v;
		}

		private static Duration positive(Duration v, String name) {
			if (v.isNegative() || v.isZero()) {
				throw new IllegalArgumentException(name + " must be positive, got " + v);
			}
			return v;
		}
	}
}
