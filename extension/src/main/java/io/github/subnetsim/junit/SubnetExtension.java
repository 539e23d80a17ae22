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
import org.junit.platform.commons.support.AnnotationSupport;

import io.github.subnetsim.OutcallListener;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.SubnetKind;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.ReplicaSelector;
import io.github.subnetsim.profile.ReplicaProfile;
import mockwebserver3.MockWebServer;

/**
 * The JUnit 5 extension behind {@link SimulatedSubnet}, and its programmatic form. Registered on a static field it
 * gives the class one subnet and server; on an instance field, a fresh pair per test.
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
 * <p>Every outcall is published as a report entry ({@code subnet-sim.outcall}) on the test that made it, and passed
 * to the run's {@link OutcallRecorder} (the CI gate's report).
 */
public class SubnetExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(SubnetExtension.class);
	private static final String CLASS_KEY = "class-environment";
	private static final String TEST_KEY = "test-environment";

	private final Settings programmatic;
	private final ThreadLocal<ExtensionContext> current = new ThreadLocal<>();
	private volatile SubnetEnvironment perClass;
	private volatile SubnetEnvironment perTest;

	/** Declarative use, through {@link SimulatedSubnet}. */
	SubnetExtension() {
		this.programmatic = null;
	}

	/** Programmatic use; subclasses may add hooks. */
	protected SubnetExtension(Builder builder) {
		this.programmatic = builder.settings();
	}

	/** Starts the programmatic form. */
	public static Builder newInstance() {
		return new Builder();
	}

	/** The subnet of the running test (programmatic form). */
	public Subnet subnet() {
		return environment("subnet()").subnet();
	}

	/** The TLS MockWebServer of the running test (programmatic form). */
	public MockWebServer server() {
		return environment("server()").server();
	}

	private SubnetEnvironment environment(String what) {
		SubnetEnvironment e = perTest != null ? perTest : perClass;
		if (e == null) {
			throw new IllegalStateException(what + " is only available while a test runs; register the extension with "
					+ "@RegisterExtension and call it from a test or a @BeforeEach method");
		}
		return e;
	}

	@Override
	public final void beforeAll(ExtensionContext context) {
		if (programmatic != null) {
			// Only an extension on a static field sees beforeAll: one subnet for the whole class.
			perClass = open(programmatic, context);
			context.getStore(NAMESPACE).put(CLASS_KEY, perClass);
		}
	}

	@Override
	public final void beforeEach(ExtensionContext context) {
		current.set(context);
		if (perClass == null) {
			perTest = open(programmatic != null ? programmatic : declared(context), context);
			context.getStore(NAMESPACE).put(TEST_KEY, perTest);
		}
		onBeforeEach(context);
	}

	@Override
	public final void afterEach(ExtensionContext context) {
		try {
			onAfterEach(context);
		}
		finally {
			current.remove();
			SubnetEnvironment e = context.getStore(NAMESPACE).remove(TEST_KEY, SubnetEnvironment.class);
			if (e != null) {
				e.close();
			}
			perTest = null;
		}
	}

	@Override
	public final void afterAll(ExtensionContext context) {
		SubnetEnvironment e = context.getStore(NAMESPACE).remove(CLASS_KEY, SubnetEnvironment.class);
		if (e != null) {
			e.close();
		}
		perClass = null;
	}

	/** Hook for subclasses, after the subnet is ready. */
	protected void onBeforeEach(ExtensionContext context) {
	}

	/** Hook for subclasses, before the subnet closes. */
	protected void onAfterEach(ExtensionContext context) {
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == Subnet.class || type == MockWebServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		SubnetEnvironment e = perTest != null ? perTest : perClass;
		if (e == null) {
			throw new ParameterResolutionException("no simulated subnet is open for " + extensionContext.getDisplayName()
					+ "; Subnet and MockWebServer parameters are resolved for test methods, not constructors or @BeforeAll");
		}
		return parameterContext.getParameter().getType() == Subnet.class ? e.subnet() : e.server();
	}

	private SubnetEnvironment open(Settings settings, ExtensionContext context) {
		OutcallListener reporter = (args, result) -> {
			ExtensionContext test = current.get();
			String line = OutcallSummary.line(args, result);
			if (test != null) {
				test.publishReportEntry("subnet-sim.outcall", line);
			}
			OutcallRecorder.forRun(context).record(test != null ? test : context, args, result);
		};
		return SubnetEnvironment.open(settings, reporter);
	}

	private static Settings declared(ExtensionContext context) {
		Optional<SimulatedSubnet> a = context.getElement().flatMap(e -> find(e))
				.or(() -> context.getTestClass().flatMap(c -> find(c)));
		SimulatedSubnet s = a.orElseThrow(() -> new ExtensionConfigurationException(
				"SubnetExtension was registered without settings: annotate the test class or method with @SimulatedSubnet, "
						+ "or register it with @RegisterExtension SubnetExtension.newInstance()...build()"));
		if (s.replicas() < 0) {
			throw new ExtensionConfigurationException("@SimulatedSubnet(replicas = " + s.replicas()
					+ ") is invalid: use replicas >= 1, or leave it at 0 to take the size of kind = " + s.kind());
		}
		if (s.stallTimeoutMillis() <= 0) {
			throw new ExtensionConfigurationException("@SimulatedSubnet(stallTimeoutMillis = " + s.stallTimeoutMillis()
					+ ") is invalid: use a positive number of milliseconds (the default is 10000)");
		}
		int n = s.replicas() == 0 ? s.kind().replicas() : s.replicas();
		return new Settings(List.of(b -> b.kind(s.kind()).replicas(n).seed(s.seed()).profile(s.profile())
				.stallTimeout(Duration.ofMillis(s.stallTimeoutMillis()))));
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
	 */
	public static final class Builder {
		private final List<Consumer<Subnet.Builder>> customizers = new ArrayList<>();

		private Builder() {
		}

		private Builder add(Consumer<Subnet.Builder> c) {
			customizers.add(c);
			return this;
		}

		/** n replicas, charged like an application subnet. */
		public Builder replicas(int n) {
			if (n < 1) {
				throw new ExtensionConfigurationException("a subnet has at least 1 replica, got " + n);
			}
			return add(b -> b.replicas(n));
		}

		/** A named subnet kind. */
		public Builder kind(SubnetKind kind) {
			return add(b -> b.kind(kind));
		}

		/** The seed. */
		public Builder seed(long value) {
			return add(b -> b.seed(value));
		}

		/** The replica profile. */
		public Builder profile(ReplicaProfile value) {
			return add(b -> b.profile(value));
		}

		/** Real-time bound on one replica's fetch. */
		public Builder stallTimeout(Duration value) {
			return add(b -> b.stallTimeout(value));
		}

		/** Perturbs the replicas a selector picks, on every outcall. */
		public Builder perturb(ReplicaSelector selector, Perturbation... p) {
			return add(b -> b.perturb(selector, p));
		}

		/** Anything else the {@link Subnet.Builder} offers (trusted certificates, listeners …). */
		public Builder configure(Consumer<Subnet.Builder> customizer) {
			return add(customizer);
		}

		/** The extension. */
		public SubnetExtension build() {
			return new SubnetExtension(this);
		}

		Settings settings() {
			return new Settings(customizers);
		}
	}
}
