package io.github.subnetsim.property;

import java.lang.reflect.Method;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The provider behind {@link SubnetProperty}: resolves the seed, finds the generators and hands JUnit one
 * invocation per try, lazily, so the tries after a failure are never created.
 */
final class PropertyExtension implements TestTemplateInvocationContextProvider {

	/** The configuration parameter (or system property) that sets the seed of every property without its own. */
	static final String SEED_PROPERTY = "subnet-sim.seed";

	PropertyExtension() {
	}

	@Override
	public boolean supportsTestTemplate(ExtensionContext context) {
		return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, SubnetProperty.class)).orElse(false);
	}

	@Override
	public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
		Method method = context.getRequiredTestMethod();
		SubnetProperty settings = AnnotationSupport.findAnnotation(method, SubnetProperty.class).orElseThrow();
		if (settings.tries() < 1 || settings.shrinkRuns() < 0 || settings.shrinkSeconds() < 0) {
			throw new ExtensionConfigurationException("@SubnetProperty on " + method.getName() + " needs tries >= 1 and shrink budgets >= 0");
		}
		Seed seed = seed(settings, context);
		List<GeneratedParameter> parameters = GeneratedParameter.of(method, context);
		PropertyRun run = new PropertyRun(method, settings, seed.value(), parameters);
		// Always visible: in the IDE's and the build's report entries, and on standard output.
		context.publishReportEntry(SEED_PROPERTY, Long.toString(seed.value()));
		System.out.println("[subnet-sim] property " + context.getRequiredTestClass().getSimpleName() + "." + method.getName() + ": seed "
				+ seed.value() + " (" + seed.source() + "), " + settings.tries() + " tries");
		return IntStream.range(0, settings.tries()).takeWhile(i -> !run.failed()).mapToObj(run::tryContext);
	}

	/** The seed in use and where it came from. */
	private record Seed(long value, String source) {
	}

	private static Seed seed(SubnetProperty settings, ExtensionContext context) {
		if (!settings.seed().isBlank()) {
			return new Seed(parse(settings.seed(), "@SubnetProperty(seed)"), "from @SubnetProperty");
		}
		// Configuration parameters fall back to system properties, so -Dsubnet-sim.seed=… works too.
		Optional<String> configured = context.getConfigurationParameter(SEED_PROPERTY);
		if (configured.isEmpty()) {
			configured = Optional.ofNullable(System.getProperty(SEED_PROPERTY));
		}
		if (configured.isPresent() && !configured.get().isBlank()) {
			return new Seed(parse(configured.get(), SEED_PROPERTY), "from " + SEED_PROPERTY);
		}
		return new Seed(new SecureRandom().nextLong(), "random");
	}

	private static long parse(String text, String where) {
		try {
			return Long.parseLong(text.trim());
		}
		catch (NumberFormatException e) {
			throw new ExtensionConfigurationException(where + " must be a decimal long such as \"42\", got \"" + text + "\"", e);
		}
	}
}
