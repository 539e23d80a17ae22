package io.github.subnetsim;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;

import io.github.subnetsim.cost.Cost;
import io.github.subnetsim.internal.fetch.ReplicaClient;
import io.github.subnetsim.internal.fetch.ReplicaFetcher;
import io.github.subnetsim.internal.fetch.SubnetNetwork;
import io.github.subnetsim.internal.fetch.SubnetTls;
import io.github.subnetsim.internal.observe.OutcallObservers;
import io.github.subnetsim.internal.pipeline.AdapterSettings;
import io.github.subnetsim.internal.pipeline.FlexiblePipeline;
import io.github.subnetsim.internal.pipeline.OutcallPipeline;
import io.github.subnetsim.internal.pipeline.SubnetConfig;
import io.github.subnetsim.internal.pipeline.TransformRunner;
import io.github.subnetsim.internal.replay.RecorderAccess;
import io.github.subnetsim.internal.replay.ReplicaSource;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.ReplicaSelector;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.profile.ReplicaProfile;

/**
 * A simulated Internet Computer subnet: n replicas that each make the outcall for real over HTTPS, run the
 * canister's transform on what they got, and agree (or not) as the replica's consensus does.
 *
 * <pre>{@code
 * try (Subnet subnet = Subnet.builder().kind(SubnetKind.APPLICATION).seed(42).build()) {
 *     OutcallResult result = subnet.httpRequest(HttpRequestArgs.get(url)
 *             .transform(Transform.of("transform", (r, ctx) -> r.withHeaders(List.of())))
 *             .cycles(30_000_000_000L)
 *             .build());
 * }
 * }</pre>
 *
 * <p>Deterministic: the same seed, the same sequence of outcalls and a server that answers the same give the same
 * results and byte-identical traces (apart from the measured real times). Latency perturbations are virtual; nothing
 * sleeps for them. A real server is held to the adapter's real clock: 2 s to connect, 30 s for the whole request,
 * unless a test lowers them ({@link Builder#requestTimeout}). Thread-safe, but outcalls made concurrently on one subnet
 * draw their request ids in arrival order; use one subnet per test for exact replay.
 *
 * <p>Only hosts on loopback are allowed unless the subnet is built with {@link Builder#allowRemoteHosts()}: each
 * outcall sends n real requests.
 */
public final class Subnet implements AutoCloseable {

	/**
	 * The most replicas a simulated subnet supports: every replica has its own client, connections and loopback
	 * source address, and the subnet verdict is tested right up to this size.
	 */
	public static final int MAX_REPLICAS = 1_000;

	/** The default wall-clock bound on one Java transform call, standing in for the transform's instruction limit. */
	public static final Duration DEFAULT_TRANSFORM_TIMEOUT = Duration.ofSeconds(5);

	/** The default allocation guard on one Java transform call (512 MiB). */
	public static final long DEFAULT_TRANSFORM_ALLOCATION_BYTES = 512L * 1024 * 1024;

	private final SubnetConfig config;
	private final List<ReplicaFetcher> clients;
	private final SubnetNetwork network;
	private final ExecutorService executor;
	private final TransformRunner transforms;
	private final OutcallPipeline pipeline;
	private final FlexiblePipeline flexible;
	private final AtomicLong nextRequestId = new AtomicLong();
	private final AtomicBoolean closed = new AtomicBoolean();
	/** The observer of the test that built this subnet, for outcalls made on threads no test runs on. */
	private final OutcallListener builtDuring = OutcallObservers.current();

	private Subnet(SubnetConfig config, ReplicaSource source) {
		this.config = config;
		SSLSocketFactory trust = SubnetTls.testAuthority().clientCertificates(config.trusted()).sslSocketFactory();
		List<ReplicaClient> cs = new ArrayList<>(config.replicas());
		AdapterSettings adapter = config.adapter();
		this.network = new SubnetNetwork(adapter.network(), adapter.noIpv6Route(), adapter.resolver(), adapter.connectTimeout(), config.seed());
		for (int i = 0; i < config.replicas() && source.needsNetwork(); i++) {
			cs.add(new ReplicaClient(i, trust, adapter.connectTimeout(), adapter.requestTimeout(), network));
		}
		this.clients = source.open(config.replicas(), config.seed(), config.profile(), cs);
		this.executor = !source.needsNetwork() ? source.inline() : Executors.newFixedThreadPool(Math.min(config.replicas(), 64), daemonThreads());
		this.transforms = new TransformRunner();
		this.pipeline = new OutcallPipeline(config, clients, executor, transforms);
		this.flexible = new FlexiblePipeline(config, pipeline);
	}

	private static ThreadFactory daemonThreads() {
		AtomicInteger count = new AtomicInteger();
		return r -> {
			Thread t = new Thread(r, "subnet-sim-replica-" + count.getAndIncrement());
			t.setDaemon(true);
			return t;
		};
	}

	/**
	 * A builder with the defaults: 13 replicas (an application subnet), seed 0, the seed-documented profile.
	 *
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Makes one outcall, as {@code aaaaa-aa.http_request} would on this subnet.
	 *
	 * @throws IllegalStateException if the subnet is closed
	 *
	 * @param args the canister's request
	 * @return the agreed response or the reject, with the cost, the refund and the trace
	 */
	public OutcallResult httpRequest(HttpRequestArgs args) {
		return httpRequest(args, PerturbationPlan.none());
	}

	/**
	 * Makes one outcall with these perturbations on top of the subnet's own.
	 *
	 * @param args the canister's request
	 * @param perturbations perturbations on top of the subnet's own
	 * @return the agreed response or the reject, with the cost, the refund and the trace
	 */
	public OutcallResult httpRequest(HttpRequestArgs args, PerturbationPlan perturbations) {
		Objects.requireNonNull(args, "args must not be null");
		Objects.requireNonNull(perturbations, "perturbations must not be null (use PerturbationPlan.none())");
		if (closed.get()) {
			throw new IllegalStateException("this subnet is closed; build a new one (Subnet.builder()...build())");
		}
		OutcallResult result = pipeline.run(args, perturbations, nextRequestId.getAndIncrement());
		for (OutcallListener l : config.listeners()) {
			l.onOutcall(args, result);
		}
		// The CI report: attributed to the test running on this thread, else to the one that built the subnet.
		OutcallListener observer = OutcallObservers.current();
		if (observer == null) {
			observer = builtDuring;
		}
		if (observer != null) {
			observer.onOutcall(args, result);
		}
		return result;
	}

	/**
	 * Makes one flexible outcall ({@code flexible_http_request}): a random committee fetches and the responses come
	 * back individually, priced pay-as-you-go. {@code replication} null means the defaults (n, ⌊2n/3⌋ + 1, n).
	 *
	 * @param args the canister's request
	 * @param replication the replication record, or null for the defaults (n, ⌊2n/3⌋ + 1, n)
	 * @return the responses, the error record, or a reject
	 */
	public FlexibleOutcallResult flexibleHttpRequest(HttpRequestArgs args, FlexibleReplication replication) {
		return flexibleHttpRequest(args, replication, PerturbationPlan.none());
	}

	/**
	 * A flexible outcall with these perturbations on top of the subnet's own.
	 *
	 * @param args the canister's request
	 * @param replication the replication record, or null for the defaults (n, ⌊2n/3⌋ + 1, n)
	 * @param perturbations perturbations on top of the subnet's own
	 * @return the responses, the error record, or a reject
	 */
	public FlexibleOutcallResult flexibleHttpRequest(HttpRequestArgs args, FlexibleReplication replication, PerturbationPlan perturbations) {
		Objects.requireNonNull(args, "args must not be null");
		Objects.requireNonNull(perturbations, "perturbations must not be null (use PerturbationPlan.none())");
		if (closed.get()) {
			throw new IllegalStateException("this subnet is closed; build a new one (Subnet.builder()...build())");
		}
		return flexible.run(args, replication, perturbations, nextRequestId.getAndIncrement());
	}

	/**
	 * The fee the attached cycles must cover, as {@code ic0.cost_http_request} computes it for this subnet.
	 *
	 * @param args the canister's request
	 * @return the fee the attached cycles must cover, as {@code ic0.cost_http_request} computes it for this subnet
	 */
	public Cost cost(HttpRequestArgs args) {
		return pipeline.pricing().upFront(args);
	}

	/**
	 * The pay-as-you-go quote with the CDK's defaults ({@code ic0.cost_http_request_v2}).
	 *
	 * @param args the canister's request
	 * @return the pay-as-you-go quote with the CDK's defaults ({@code ic0.cost_http_request_v2})
	 */
	public Cost quoteV2(HttpRequestArgs args) {
		return pipeline.pricing().quoteV2Defaults(args);
	}

	/**
	 * n.
	 *
	 * @return n
	 */
	public int replicas() {
		return config.replicas();
	}

	/**
	 * f = ⌊(n−1)/3⌋.
	 *
	 * @return f = ⌊(n−1)/3⌋
	 */
	public int faultsTolerated() {
		return Limits.faultsTolerated(config.replicas());
	}

	/**
	 * n − f.
	 *
	 * @return n − f
	 */
	public int threshold() {
		return Limits.threshold(config.replicas());
	}

	/**
	 * The seed, to replay.
	 *
	 * @return the seed, to replay
	 */
	public long seed() {
		return config.seed();
	}

	/**
	 * The replica profile.
	 *
	 * @return the replica profile
	 */
	public ReplicaProfile profile() {
		return config.profile();
	}

	/**
	 * Whether outcalls cost cycles (false on system subnets).
	 *
	 * @return whether outcalls cost cycles (false on system subnets)
	 */
	public boolean charged() {
		return config.charged();
	}

	/**
	 * How the replicas reach the server.
	 *
	 * @return the network in force (the profile's unless the builder chose one)
	 */
	public ReplicaNetwork network() {
		return config.adapter().network();
	}

	/**
	 * The replica's own loopback IPv4 address: what a server sees under {@link ReplicaNetwork#IPV4_PER_REPLICA}. On an
	 * IPv6 network a direct connection comes from {@code ::1} and a proxied one from the proxy's address; the trace's
	 * {@code ReplicaTrace.source()} says which, per outcall.
	 *
	 * @param index the replica's index, from 0
	 * @return for example {@code 127.0.0.1} for replica 0
	 */
	public String sourceAddress(int index) {
		return clients.get(index).sourceAddress();
	}

	/** Closes every replica's connections and threads. Idempotent. */
	@Override
	public void close() {
		if (!closed.compareAndSet(false, true)) {
			return;
		}
		executor.shutdownNow();
		transforms.close();
		for (ReplicaFetcher c : clients) {
			c.close();
		}
		network.close();
		try {
			executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return "Subnet{n=" + config.replicas() + ", f=" + faultsTolerated() + ", threshold=" + threshold() + ", seed=" + config.seed()
				+ ", profile=" + config.profile() + (config.charged() ? "" : ", free") + "}";
	}

	/**
	 * Builds a {@link Subnet}. Each setter returns this builder; {@link #build()} can be called more than once.
	 *
	 * <pre>{@code
	 * Subnet.builder().replicas(13).seed(7).profile(ReplicaProfile.CURRENT_REPLICA)
	 *       .perturb(Replicas.random(2), Perturbation.jitterHeader("date"))
	 *       .build();
	 * }</pre>
	 */
	public static final class Builder {
		private int replicas = SubnetKind.APPLICATION.replicas();
		private boolean charged = true;
		private long seed;
		private ReplicaProfile profile = ReplicaProfile.SEED_DOCUMENTED;
		private final List<X509Certificate> trusted = new ArrayList<>();
		private PerturbationPlan perturbations = PerturbationPlan.none();
		private Duration connectTimeout = Limits.CONNECT_TIMEOUT;
		private Duration requestTimeout = Limits.ADAPTER_TIMEOUT;
		private Duration transformTimeout = DEFAULT_TRANSFORM_TIMEOUT;
		private long transformAllocationBytes = DEFAULT_TRANSFORM_ALLOCATION_BYTES;
		private boolean allowRemoteHosts;
		private ReplicaNetwork network;
		private boolean noIpv6Route;
		private HostResolver resolver = HostResolver.system();
		private String canisterId = "bkyz2-fmaaa-aaaaa-qaaaq-cai";
		private final List<OutcallListener> listeners = new ArrayList<>();
		private String idempotencyKeyHeader = Finding.DEFAULT_KEY_HEADER;
		private ReplicaSource source = ReplicaSource.network();

		private Builder() {
		}

		/**
		 * n replicas (1 to {@link #MAX_REPLICAS}), charged like an application subnet.
		 *
		 * @param n the number of replicas, 1 to 1000
		 * @return this builder
		 */
		public Builder replicas(int n) {
			if (n < 1) {
				throw new IllegalArgumentException("a subnet has at least 1 replica, got " + n
						+ "; use replicas(13) for an application subnet or kind(SubnetKind.…)");
			}
			if (n > MAX_REPLICAS) {
				throw new IllegalArgumentException("subnet-sim supports at most " + MAX_REPLICAS + " replicas (Subnet.MAX_REPLICAS), got " + n
						+ "; the largest subnets on mainnet have 40 nodes, so a smaller n tests the same consensus rule");
			}
			this.replicas = n;
			return this;
		}

		/**
		 * A named subnet kind: its size and whether it charges.
		 *
		 * @param kind the subnet kind
		 * @return this builder
		 */
		public Builder kind(SubnetKind kind) {
			this.replicas = kind.replicas();
			this.charged = kind.charged();
			return this;
		}

		/**
		 * Whether outcalls cost cycles (system subnets charge 0).
		 *
		 * @param value the charged
		 * @return this builder
		 */
		public Builder charged(boolean value) {
			this.charged = value;
			return this;
		}

		/**
		 * The seed every random choice derives from.
		 *
		 * @param value the seed
		 * @return this builder
		 */
		public Builder seed(long value) {
			this.seed = value;
			return this;
		}

		/**
		 * The replica profile (limits, texts, pricing).
		 *
		 * @param value the profile
		 * @return this builder
		 */
		public Builder profile(ReplicaProfile value) {
			this.profile = Objects.requireNonNull(value, "profile");
			return this;
		}

		/**
		 * Also trusts these certificates (for example a user's own service on localhost).
		 *
		 * @param certificates the certificates to trust
		 * @return this builder
		 */
		public Builder trust(X509Certificate... certificates) {
			for (X509Certificate c : certificates) {
				trusted.add(Objects.requireNonNull(c, "certificate"));
			}
			return this;
		}

		/**
		 * Perturbs the replicas a selector picks, on every outcall.
		 *
		 * @param selector which replicas
		 * @param perturbation what to do to them
		 * @return this builder
		 */
		public Builder perturb(ReplicaSelector selector, Perturbation... perturbation) {
			this.perturbations = perturbations.and(selector, perturbation);
			return this;
		}

		/**
		 * Adds a whole plan of perturbations, on every outcall.
		 *
		 * @param plan the perturbations
		 * @return this builder
		 */
		public Builder perturbations(PerturbationPlan plan) {
			this.perturbations = perturbations.and(plan);
			return this;
		}

		/**
		 * The real-time bound on each replica's whole request (default 30 s, the adapter's
		 * {@code DEFAULT_HTTP_REQUEST_TIMEOUT_SECS}): past it the replica rejects with "Timeout expired". Lower it to keep
		 * a suite with stalling servers fast; when a lowered bound fires the trace says so ("request timeout lowered to
		 * 3 s; mainnet allows 30 s"). Raising it past 30 s does not let a slower server reply: the 30 s of mainnet still
		 * applies to the measured time.
		 *
		 * @param value the request timeout
		 * @return this builder
		 */
		public Builder requestTimeout(Duration value) {
			this.requestTimeout = positive(value, "request timeout");
			return this;
		}

		/**
		 * The same as {@link #requestTimeout(Duration)}; the name older tests use.
		 *
		 * @param value the stall timeout
		 * @return this builder
		 */
		public Builder stallTimeout(Duration value) {
			return requestTimeout(value);
		}

		/**
		 * The TCP connect bound per attempt (default 2 s, the adapter's {@code DEFAULT_HTTP_CONNECT_TIMEOUT_SECS}).
		 *
		 * @param value the connect timeout
		 * @return this builder
		 */
		public Builder connectTimeout(Duration value) {
			this.connectTimeout = positive(value, "connect timeout");
			return this;
		}

		/**
		 * The wall-clock bound on one Java transform call (default {@link #DEFAULT_TRANSFORM_TIMEOUT}). A transform past
		 * it is that replica's instruction-limit reject (code 5, {@code IC0522 …}); the caller never waits longer.
		 *
		 * @param value the transform timeout
		 * @return this builder
		 */
		public Builder transformTimeout(Duration value) {
			this.transformTimeout = positive(value, "transform timeout");
			return this;
		}

		/**
		 * The bytes one Java transform call may allocate (default {@link #DEFAULT_TRANSFORM_ALLOCATION_BYTES}; 0 turns
		 * the guard off). Past it the call is stopped and the replica gives the instruction-limit reject.
		 *
		 * @param bytes the bound, in bytes
		 * @return this builder
		 */
		public Builder transformAllocationLimit(long bytes) {
			if (bytes < 0) {
				throw new IllegalArgumentException("transform allocation limit must be >= 0 (0 = no guard), got " + bytes);
			}
			this.transformAllocationBytes = bytes;
			return this;
		}

		/**
		 * Allows URLs whose host is not on loopback. Without it an outcall to such a host throws
		 * {@link RemoteHostRefusedException} before any connection: every replica sends its own request, so one outcall
		 * is n requests against a real API.
		 *
		 * @return this builder
		 */
		public Builder allowRemoteHosts() {
			this.allowRemoteHosts = true;
			return this;
		}

		/**
		 * How the replicas reach the server (default: the profile's, {@link ReplicaNetwork#of}): IPv6 only (seed
		 * profile), IPv6 then two SOCKS proxies (current replica), or each replica directly over IPv4 from its own
		 * address, for tests that need n distinct clients. See docs/network.md.
		 *
		 * @param value the network
		 * @return this builder
		 */
		public Builder network(ReplicaNetwork value) {
			this.network = Objects.requireNonNull(value, "network");
			return this;
		}

		/**
		 * Makes every replica's direct IPv6 attempt fail as it does against a server that does not accept IPv6, whatever
		 * the server binds: tests an IPv4-only API on a machine without IPv6 loopback, or a dual-stack test server as if
		 * it were IPv4-only. The replicas then get the seeds' connect reject (seed profile) or go through the SOCKS proxies
		 * (current replica).
		 *
		 * @return this builder
		 */
		public Builder simulateNoIpv6Route() {
			this.noIpv6Route = true;
			return this;
		}

		/**
		 * How host names are resolved (default {@link HostResolver#system()}); for tests that need a name.
		 *
		 * @param value the resolver
		 * @return this builder
		 */
		public Builder resolver(HostResolver value) {
			this.resolver = Objects.requireNonNull(value, "resolver");
			return this;
		}

		private static Duration positive(Duration value, String what) {
			Objects.requireNonNull(value, what);
			if (value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException(what + " must be positive, got " + value);
			}
			return value;
		}

		/**
		 * The calling canister's id, as it appears in trap messages.
		 *
		 * @param value the canister id
		 * @return this builder
		 */
		public Builder canisterId(String value) {
			this.canisterId = Objects.requireNonNull(value, "canisterId");
			return this;
		}

		/**
		 * Told about every outcall.
		 *
		 * @param listener told about every outcall
		 * @return this builder
		 */
		public Builder listener(OutcallListener listener) {
			listeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		/**
		 * The idempotency key header a replicated POST (or PUT, PATCH, DELETE) is checked for (default
		 * {@code Idempotency-Key}, matched case-insensitively): without it, an outcall that reached the server from
		 * several replicas gets a {@link Finding.NonIdempotentFanOut} on its result.
		 *
		 * @param name the header name
		 * @return this builder
		 */
		public Builder idempotencyKeyHeader(String name) {
			Objects.requireNonNull(name, "idempotencyKeyHeader");
			if (name.isBlank()) {
				throw new IllegalArgumentException("the idempotency key header needs a name, for example \"" + Finding.DEFAULT_KEY_HEADER + "\"");
			}
			this.idempotencyKeyHeader = name;
			return this;
		}

		/**
		 * In-memory replicas: each gets its raw response from the responder instead of the network; the rest of the
		 * path (limits, perturbations, transform, consensus, cost, trace) is unchanged. Replaces {@link #replay}.
		 *
		 * @param value the responder, see {@link io.github.subnetsim.replay.Responder}
		 * @return this builder
		 */
		public Builder responder(io.github.subnetsim.replay.Responder value) {
			this.source = source.responder(Objects.requireNonNull(value, "responder"));
			return this;
		}

		/**
		 * Replayed replicas: replica i serves the response replica i recorded in the fixture, with no network; n must
		 * be at most the recorded n. Read when {@link #build()} runs. Replaces {@link #responder}.
		 *
		 * @param fixture a fixture written by {@link io.github.subnetsim.replay.Recorder} or {@code probe --record}
		 * @return this builder
		 */
		public Builder replay(java.nio.file.Path fixture) {
			this.source = source.replay(Objects.requireNonNull(fixture, "fixture"));
			return this;
		}

		/**
		 * Records every fetch (real, in-memory or replayed) into the recorder; write it with
		 * {@link io.github.subnetsim.replay.Recorder#write}.
		 *
		 * @param recorder a recorder not yet used by another subnet
		 * @return this builder
		 */
		public Builder record(io.github.subnetsim.replay.Recorder recorder) {
			this.source = source.recording(RecorderAccess.sink(recorder));
			return this;
		}

		/**
		 * A new subnet; close it when done.
		 *
		 * @return a new subnet; close it when done
		 */
		public Subnet build() {
			AdapterSettings adapter = new AdapterSettings(connectTimeout, requestTimeout, transformTimeout, transformAllocationBytes, allowRemoteHosts,
					resolver, network == null ? ReplicaNetwork.of(profile) : network, noIpv6Route);
			return new Subnet(new SubnetConfig(replicas, charged, seed, profile, trusted, perturbations, adapter, canisterId, listeners,
					idempotencyKeyHeader), source);
		}
	}
}
