package io.github.subnetsim.property;

import java.lang.reflect.Method;
import java.util.List;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

/**
 * The extension of one try: resolves the generated parameters to this try's samples and, when the method fails,
 * shrinks the failure before reporting it.
 */
final class TryExtension implements ParameterResolver, InvocationInterceptor {

	private final PropertyRun run;
	private final int index;
	private final List<Sample<?>> samples;

	TryExtension(PropertyRun run, int index, List<Sample<?>> samples) {
		this.run = run;
		this.index = index;
		this.samples = List.copyOf(samples);
	}

	private int position(ParameterContext parameter) {
		// Only the property method's own parameters: a @BeforeEach of the same invocation resolves its own.
		if (!parameter.getDeclaringExecutable().equals(run.method())) {
			return -1;
		}
		List<GeneratedParameter> ps = run.parameters();
		for (int j = 0; j < ps.size(); j++) {
			if (ps.get(j).index() == parameter.getIndex()) {
				return j;
			}
		}
		return -1;
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return position(parameterContext) >= 0;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		int j = position(parameterContext);
		GeneratedParameter p = run.parameters().get(j);
		Object value = samples.get(j).value();
		Class<?> type = boxed(p.type());
		if (value == null ? p.type().isPrimitive() : !type.isInstance(value)) {
			throw new ParameterResolutionException("the generator of parameter " + p.index() + " (" + p.label() + ") of "
					+ run.method().getName() + " produced " + (value == null ? "null" : "a " + value.getClass().getName())
					+ ", which does not fit its type " + p.type().getName());
		}
		return value;
	}

	@Override
	public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
			ExtensionContext extensionContext) throws Throwable {
		if (run.failed()) {
			invocation.skip();
			throw new TestAbortedException("an earlier try of this property failed; the remaining tries are not run");
		}
		try {
			invocation.proceed();
		}
		catch (TestAbortedException assumption) {
			throw assumption; // an assumption that does not hold: this sample does not count
		}
		catch (OutOfMemoryError oom) {
			throw oom;
		}
		catch (Throwable failure) {
			if (!run.fail()) {
				throw failure; // another try (concurrent execution) is already shrinking
			}
			Object target = invocationContext.getTarget().orElseThrow(() -> new IllegalStateException("a property method has a test instance"));
			throw run.shrinkAndReport(index, samples, failure, target, invocationContext.getArguments().toArray());
		}
	}

	private static Class<?> boxed(Class<?> type) {
		if (!type.isPrimitive()) {
			return type;
		}
		if (type == int.class) {
			return Integer.class;
		}
		if (type == long.class) {
			return Long.class;
		}
		if (type == boolean.class) {
			return Boolean.class;
		}
		if (type == double.class) {
			return Double.class;
		}
		if (type == byte.class) {
			return Byte.class;
		}
		if (type == short.class) {
			return Short.class;
		}
		if (type == char.class) {
			return Character.class;
		}
		return Float.class;
	}
}
