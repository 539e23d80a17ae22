package io.github.subnetsim.junit;

import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.Subnet;
import io.github.subnetsim.SubnetKind;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.ReplicaSelector;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.server.MockServers;

/**
 * The JUnit extension behind {@link SimulatedSubnet}, and its programmatic form. Registered on a static field it
 * gives the class (and its {@code @Nested} classes) one subnet and server; on an instance field, or declaratively,
 * a fresh pair per test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static SubnetExtension subnet = SubnetExtension.newInstance()
 *         .kind(SubnetKind.FIDUCIARY)
 *         .seed(7)
 *         .perturb(Replicas.random(3), Perturbation.jitterHeader("date"))
 *         .build();
 *
 * @Test
 * void agrees() {
 *     subnet.subnet().httpRequest(HttpRequestArgs.get(subnet.server().url("/").toString()).cycles(...).build());
 * }
 * }</pre>
 *
 * <p>Like JUnit's own {@code TempDirectory}, the extension keeps no per-test state in its fields: each subnet and
 * server lives in the {@link ExtensionContext.Store} of the test (or class) that owns it, and is looked up from the
 * context that asks, so tests may run in parallel. {@code @ExtendWith(SubnetExtension.class)} without an annotation
 * uses the defaults of {@link SimulatedSubnet}. Every outcall is published as a report entry
 * ({@code subnet-sim.outcall}) on the test that made it; the run's CI report records it too (see
 * {@code docs/ci-gate.md}).
 */
public class SubnetExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver,
		TestExecutionExceptionHandler {

	private static final Namespace NAMESPACE = Namespace.create(SubnetExtension.class);
	private static final String ENVIRONMENT = "environment";
	/** How many requests had found the server's queue empty when the test started (a class-wide server is shared). */
	private static final String EMPTY_BEFORE = "emptyQueueBefore";

	private final Settings programmatic;
	/** The context of the test running on this thread, for the no-argument {@link #subnet()} and {@link #server()}. */
	private final ThreadLocal<ExtensionContext> running = new ThreadLocal<>();
	/** The class context of a static registration, for {@link #subnet()} outside a test (a {@code @BeforeAll}). */
	private volatile ExtensionContext classContext;

	/** Declarative use, through {@link SimulatedSubnet} or {@code @ExtendWith(SubnetExtension.class)}. */
	public SubnetExtension() {
		this.programmatic = null;
	}

	/**
	 * Programmatic use; subclasses may add hooks.
	 *
	 * @param builder the settings
	 */
	protected SubnetExtension(Builder builder) {
		this.programmatic = builder.settings();
	}

	/**
	 * Starts the programmatic form.
	 *
	 * @return a builder with the defaults of {@link SimulatedSubnet}
	 */
	public static Builder newInstance() {
		return new Builder();
	}

	/**
	 * The subnet of the test running on this thread (or of the class, for a static registration).
	 *
	 * @return the subnet
	 */
	public Subnet subnet() {
		return environment("subnet()").subnet();
	}

	/**
	 * The TLS MockWebServer of the test running on this thread (or of the class, for a static registration).
	 *
	 * @return the server
	 */
	public MockWebServer server() {
		return environment("server()").server();
	}

	private SubnetEnvironment environment(String what) {
		ExtensionContext context = running.get();
		if (context == null) {
			context = classContext;
		}
		SubnetEnvironment e = context == null ? null : find(context);
		if (e == null) {
			throw new IllegalStateException(what + " is only available on a test's thread while it runs (or, for an extension "
					+ "on a static field, from @BeforeAll on); take a Subnet or MockWebServer parameter instead, which works on any "
					+ "thread, or pass the subnet to the threads you start");
		}
		return e;
	}

	@Override
	public final void beforeAll(ExtensionContext context) {
		checkNotConfiguredTwice(context);
		if (programmatic != null && find(context) == null) {
			// Only an extension on a static field sees beforeAll: one subnet for the class and its @Nested classes.
			context.getStore(NAMESPACE).put(ENVIRONMENT, SubnetEnvironment.open(programmatic, context, running::get));
			classContext = context;
		}
	}

	@Override
	public final void beforeEach(ExtensionContext context) {
		checkNotConfiguredTwice(context);
		if (find(context) == null) {
			Settings settings = programmatic != null ? programmatic : declared(context);
			context.getStore(NAMESPACE).put(ENVIRONMENT, SubnetEnvironment.open(settings, context, running::get));
		}
		context.getStore(NAMESPACE).put(EMPTY_BEFORE, MockServers.emptyQueueRequests(find(context).server()).size());
		running.set(context);
		onBeforeEach(context);
	}

	@Override
	public final void afterEach(ExtensionContext context) {
		// Read before the server closes; a test that failed already carries the message (handleTestExecutionException).
		String emptyQueue = context.getExecutionException().isPresent() ? null : emptyQueueFailure(context);
		try {
			onAfterEach(context);
		}
		finally {
			running.remove();
			closeOwn(context);
		}
		if (emptyQueue != null) {
			throw new AssertionError(emptyQueue);
		}
	}

	/**
	 * A test that failed while replicas found the injected server's queue empty fails with that first: the test's own
	 * failure (a 503 instead of the response, a missing agreement) is a consequence of it.
	 */
	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		String emptyQueue = emptyQueueFailure(context);
		if (emptyQueue == null || !(throwable instanceof AssertionError)) {
			throw throwable;
		}
		AssertionError wrapped = new AssertionError(emptyQueue + "\n\nThe test's own failure, which follows from it:\n" + throwable.getMessage(), throwable);
		wrapped.setStackTrace(throwable.getStackTrace());
		throw wrapped;
	}

	/** The failure message when requests of this test found the server's queue empty, else null. */
	private static String emptyQueueFailure(ExtensionContext context) {
		SubnetEnvironment e = find(context);
		Integer before = context.getStore(NAMESPACE).get(EMPTY_BEFORE, Integer.class);
		if (e == null || before == null) {
			return null;
		}
		List<String> all = MockServers.emptyQueueRequests(e.server());
		if (all.size() <= before) {
			return null;
		}
		List<String> hits = all.subList(before, all.size());
		return hits.size() + (hits.size() == 1 ? " request" : " requests") + " found the injected MockWebServer's queue empty and got a 503 ("
				+ String.join(", ", hits.subList(0, Math.min(3, hits.size()))) + (hits.size() > 3 ? ", …" : "") + ").\n"
				+ MockServers.emptyQueueMessage(e.server());
	}

	@Override
	public final void afterAll(ExtensionContext context) {
		if (closeOwn(context) && classContext == context) {
			classContext = null;
		}
	}

	/** Closes the environment this very context owns (not one inherited from a parent); true if there was one. */
	private static boolean closeOwn(ExtensionContext context) {
		SubnetEnvironment own = context.getStore(NAMESPACE).remove(ENVIRONMENT, SubnetEnvironment.class);
		if (own != null) {
			own.close();
			return true;
		}
		return false;
	}

	/** The environment of this context or the nearest enclosing one (a store lookup falls back to the parents). */
	private static SubnetEnvironment find(ExtensionContext context) {
		return context.getStore(NAMESPACE).get(ENVIRONMENT, SubnetEnvironment.class);
	}

	/**
	 * Hook for subclasses, after the subnet is ready.
	 *
	 * @param context the test's context
	 */
	protected void onBeforeEach(ExtensionContext context) {
	}

	/**
	 * Hook for subclasses, before the subnet closes.
	 *
	 * @param context the test's context
	 */
	protected void onAfterEach(ExtensionContext context) {
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == Subnet.class || type == MockWebServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		SubnetEnvironment e = find(extensionContext);
		if (e == null) {
			throw new ParameterResolutionException("no simulated subnet is open for " + extensionContext.getDisplayName()
					+ ": Subnet and MockWebServer parameters are resolved for test methods, @BeforeEach and @AfterEach methods; "
					+ "for a constructor or @BeforeAll, register SubnetExtension on a static field with @RegisterExtension");
		}
		return parameterContext.getParameter().getType() == Subnet.class ? e.subnet() : e.server();
	}

	/** An annotation and a programmatic registration on one test would give it two subnets: refuse, and say which. */
	private void checkNotConfiguredTwice(ExtensionContext context) {
		if (programmatic != null) {
			Optional<SimulatedSubnet> a = annotation(context);
			if (a.isPresent()) {
				throw new ExtensionConfigurationException("both @SimulatedSubnet and a @RegisterExtension SubnetExtension configure "
						+ context.getDisplayName() + ": keep one (move the annotation's settings to the builder, or remove the field)");
			}
		}
	}

	private static Settings declared(ExtensionContext context) {
		SimulatedSubnet s = annotation(context).orElse(null);
		if (s == null) {
			return new Settings(List.of()); // plain @ExtendWith(SubnetExtension.class): the defaults
		}
		if (s.replicas() < 0) {
			throw new ExtensionConfigurationException("@SimulatedSubnet(replicas = " + s.replicas()
					+ ") is invalid: use replicas >= 1, or leave it at 0 to take the size of kind = " + s.kind());
		}
		if (s.replicas() > Subnet.MAX_REPLICAS) {
			throw new ExtensionConfigurationException("@SimulatedSubnet(replicas = " + s.replicas() + ") is invalid: subnet-sim supports at most "
					+ Subnet.MAX_REPLICAS + " replicas (Subnet.MAX_REPLICAS)");
		}
		long requestMillis = requestTimeoutMillis(s);
		if (s.transformTimeoutMillis() <= 0) {
			throw new ExtensionConfigurationException("@SimulatedSubnet(transformTimeoutMillis = " + s.transformTimeoutMillis()
					+ ") is invalid: use a positive number of milliseconds (the default is 5000)");
		}
		if (s.idempotencyKeyHeader().isBlank()) {
			throw new ExtensionConfigurationException("@SimulatedSubnet(idempotencyKeyHeader = \"" + s.idempotencyKeyHeader()
					+ "\") is invalid: name the header, or leave it at the default \"Idempotency-Key\"");
		}
		if (s.network().length > 1) {
			throw new ExtensionConfigurationException("@SimulatedSubnet(network = " + java.util.Arrays.toString(s.network())
					+ ") is invalid: choose one network, or leave it empty to take the profile's");
		}
		int n = s.replicas() == 0 ? s.kind().replicas() : s.replicas();
		return new Settings(List.of(b -> {
			b.kind(s.kind()).replicas(n).seed(s.seed()).profile(s.profile()).requestTimeout(Duration.ofMillis(requestMillis))
					.transformTimeout(Duration.ofMillis(s.transformTimeoutMillis())).idempotencyKeyHeader(s.idempotencyKeyHeader());
			if (s.allowRemoteHosts()) {
				b.allowRemoteHosts();
			}
			if (s.network().length == 1) {
				b.network(s.network()[0]);
			}
			if (s.simulateNoIpv6Route()) {
				b.simulateNoIpv6Route();
			}
		}, ReplayFixtures.customizer(s.replay(), context)));
	}

	/** {@code requestTimeoutMillis}, or its older name {@code stallTimeoutMillis} when only that one is set. */
	private static long requestTimeoutMillis(SimulatedSubnet s) {
		if (s.stallTimeoutMillis() < 0) {
			throw new ExtensionConfigurationException("@SimulatedSubnet(stallTimeoutMillis = " + s.stallTimeoutMillis()
					+ ") is invalid: use a positive number of milliseconds, or requestTimeoutMillis (the default is 30000)");
		}
		if (s.requestTimeoutMillis() <= 0) {
			throw new ExtensionConfigurationException("@SimulatedSubnet(requestTimeoutMillis = " + s.requestTimeoutMillis()
					+ ") is invalid: use a positive number of milliseconds (the default is 30000, the adapter's)");
		}
		if (s.stallTimeoutMillis() == 0) {
			return s.requestTimeoutMillis();
		}
		if (s.requestTimeoutMillis() != 30_000 && s.requestTimeoutMillis() != s.stallTimeoutMillis()) {
			throw new ExtensionConfigurationException("@SimulatedSubnet sets both requestTimeoutMillis = " + s.requestTimeoutMillis()
					+ " and stallTimeoutMillis = " + s.stallTimeoutMillis() + ": they are the same setting, keep requestTimeoutMillis");
		}
		return s.stallTimeoutMillis();
	}

	/**
	 * The nearest {@link SimulatedSubnet}: on the test method, then its class (with superclasses and meta-annotations),
	 * then each enclosing class of a {@code @Nested} class, walking up the contexts.
	 */
	static Optional<SimulatedSubnet> annotation(ExtensionContext context) {
		for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
			Optional<SimulatedSubnet> found = c.getElement().flatMap(SubnetExtension::find);
			if (found.isPresent()) {
				return found;
			}
		}
		return Optional.empty();
	}

	private static Optional<SimulatedSubnet> find(AnnotatedElement e) {
		return AnnotationSupport.findAnnotation(e, SimulatedSubnet.class);
	}

	/** The settings of one extension: what to apply to a fresh {@link Subnet.Builder}. */
	record Settings(List<Consumer<Subnet.Builder>> customizers) {
		Settings {
			customizers = List.copyOf(customizers);
		}
	}

	/**
	 * Builds a {@link SubnetExtension}. Each setter is the {@link Subnet.Builder} setter of the same name, applied to
	 * every subnet the extension opens; {@link #configure} reaches the rest.
	 *
	 * <pre>{@code
	 * SubnetExtension.newInstance().replicas(7).seed(3).profile(ReplicaProfile.CURRENT_REPLICA).build();
	 * }</pre>
	 */
	public static final class Builder {
		private final List<Consumer<Subnet.Builder>> customizers = new ArrayList<>();

		private Builder() {
		}

		private Builder add(Consumer<Subnet.Builder> c) {
			customizers.add(c);
			return this;
		}

		/**
		 * n replicas, charged like an application subnet.
		 *
		 * @param n at least 1
		 * @return this builder
		 */
		public Builder replicas(int n) {
			if (n < 1 || n > Subnet.MAX_REPLICAS) {
				throw new ExtensionConfigurationException("a subnet has 1 to " + Subnet.MAX_REPLICAS + " replicas (Subnet.MAX_REPLICAS), got " + n);
			}
			return add(b -> b.replicas(n));
		}

		/**
		 * A named subnet kind.
		 *
		 * @param kind the kind
		 * @return this builder
		 */
		public Builder kind(SubnetKind kind) {
			return add(b -> b.kind(kind));
		}

		/**
		 * The seed.
		 *
		 * @param value the seed
		 * @return this builder
		 */
		public Builder seed(long value) {
			return add(b -> b.seed(value));
		}

		/**
		 * The replica profile.
		 *
		 * @param value the profile
		 * @return this builder
		 */
		public Builder profile(ReplicaProfile value) {
			return add(b -> b.profile(value));
		}

		/**
		 * Real-time bound on each replica's whole request (default 30 s, the adapter's).
		 *
		 * @param value a positive duration
		 * @return this builder
		 */
		public Builder requestTimeout(Duration value) {
			return add(b -> b.requestTimeout(value));
		}

		/**
		 * The same as {@link #requestTimeout(Duration)}, the name older tests use.
		 *
		 * @param value a positive duration
		 * @return this builder
		 */
		public Builder stallTimeout(Duration value) {
			return requestTimeout(value);
		}

		/**
		 * Wall-clock bound on one Java transform call.
		 *
		 * @param value a positive duration
		 * @return this builder
		 */
		public Builder transformTimeout(Duration value) {
			return add(b -> b.transformTimeout(value));
		}

		/**
		 * Allows URLs off loopback (each outcall then sends n real requests to that host).
		 *
		 * @return this builder
		 */
		public Builder allowRemoteHosts() {
			return add(Subnet.Builder::allowRemoteHosts);
		}

		/**
		 * How the replicas reach the server (default: the profile's network; see docs/network.md).
		 *
		 * @param value the network
		 * @return this builder
		 */
		public Builder network(io.github.subnetsim.ReplicaNetwork value) {
			return add(b -> b.network(value));
		}

		/**
		 * Every direct IPv6 attempt fails as against a server that does not accept IPv6.
		 *
		 * @return this builder
		 */
		public Builder simulateNoIpv6Route() {
			return add(Subnet.Builder::simulateNoIpv6Route);
		}

		/**
		 * The idempotency key header a replicated POST is checked for (default {@code Idempotency-Key}).
		 *
		 * @param name the header's name
		 * @return this builder
		 */
		public Builder idempotencyKeyHeader(String name) {
			return add(b -> b.idempotencyKeyHeader(name));
		}

		/**
		 * Perturbs the replicas a selector picks, on every outcall.
		 *
		 * @param selector which replicas
		 * @param p what to do to them
		 * @return this builder
		 */
		public Builder perturb(ReplicaSelector selector, Perturbation... p) {
			return add(b -> b.perturb(selector, p));
		}

		/**
		 * Anything else the {@link Subnet.Builder} offers (trusted certificates, listeners …).
		 *
		 * @param customizer applied to each new subnet's builder
		 * @return this builder
		 */
		public Builder configure(Consumer<Subnet.Builder> customizer) {
			return add(customizer);
		}

		/**
		 * The extension.
		 *
		 * @return a new extension with these settings
		 */
		public SubnetExtension build() {
			return new SubnetExtension(this);
		}

		Settings settings() {
			return new Settings(customizers);
		}
	}
}
