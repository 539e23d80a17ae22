package io.github.subnetsim.property;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * A parameter of a property method that the property generates: its position, its label in display names and
 * messages, and its generator, found from {@link From} or {@link IntRange}. Other parameters are left to other
 * resolvers (a {@code TestInfo}, a subnet from {@code @SimulatedSubnet} …).
 */
record GeneratedParameter(int index, String label, Gen<?> gen, Class<?> type) {

	static List<GeneratedParameter> of(Method method, ExtensionContext context) {
		List<GeneratedParameter> out = new ArrayList<>();
		Parameter[] parameters = method.getParameters();
		for (int i = 0; i < parameters.length; i++) {
			Parameter p = parameters[i];
			From from = p.getAnnotation(From.class);
			IntRange range = p.getAnnotation(IntRange.class);
			if (from != null && range != null) {
				throw new ExtensionConfigurationException("parameter " + i + " of " + method.getName()
						+ " has both @From and @IntRange; keep one");
			}
			String label = p.isNamePresent() ? p.getName() : from != null ? from.value() : "arg" + i;
			if (from != null) {
				out.add(new GeneratedParameter(i, label, lookup(context, from.value(), method), p.getType()));
			}
			else if (range != null) {
				if (p.getType() != int.class && p.getType() != Integer.class) {
					throw new ExtensionConfigurationException("@IntRange is for int parameters; parameter " + i + " of " + method.getName()
							+ " is " + p.getType().getSimpleName() + " (use @From with a Gen for other types)");
				}
				out.add(new GeneratedParameter(i, label, Gens.ints(range.min(), range.max()), p.getType()));
			}
		}
		return out;
	}

	/** The generator a method or field of this name provides, in the test class, its superclasses or enclosing classes. */
	private static Gen<?> lookup(ExtensionContext context, String name, Method property) {
		Optional<Object> instance = context.getTestInstance();
		for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
			Optional<Method> m = ReflectionSupport.findMethod(c, name);
			if (m.isPresent()) {
				return fromMember(m.get(), Modifier.isStatic(m.get().getModifiers()), instance, c, name, property);
			}
			List<Field> fields = ReflectionSupport.findFields(c, f -> f.getName().equals(name), HierarchyTraversalMode.BOTTOM_UP);
			if (!fields.isEmpty()) {
				return fromMember(fields.get(0), Modifier.isStatic(fields.get(0).getModifiers()), instance, c, name, property);
			}
		}
		throw new ExtensionConfigurationException("@From(\"" + name + "\") on " + property.getName() + ": no method " + name
				+ "() or field " + name + " in " + context.getRequiredTestClass().getName() + "; add `static Gen<…> " + name
				+ "() { return Gens.…; }`");
	}

	private static Gen<?> fromMember(Object member, boolean isStatic, Optional<Object> instance, Class<?> owner, String name, Method property) {
		if (!isStatic && (instance.isEmpty() || !owner.isInstance(instance.get()))) {
			throw new ExtensionConfigurationException("@From(\"" + name + "\") on " + property.getName() + " names an instance member; "
					+ "make it static (the tries are named before a test instance exists) or use @TestInstance(Lifecycle.PER_CLASS)");
		}
		Object target = isStatic ? null : instance.get();
		Object value;
		try {
			if (member instanceof Method m) {
				if (!Gen.class.isAssignableFrom(m.getReturnType())) {
					throw new ExtensionConfigurationException("@From(\"" + name + "\"): " + name + "() returns "
							+ m.getReturnType().getSimpleName() + ", not a Gen");
				}
				value = ReflectionSupport.invokeMethod(m, target);
			}
			else {
				Field f = (Field) member;
				f.setAccessible(true);
				value = f.get(target);
			}
		}
		catch (IllegalAccessException e) {
			throw new ExtensionConfigurationException("@From(\"" + name + "\"): cannot read " + name, e);
		}
		if (!(value instanceof Gen<?> gen)) {
			throw new ExtensionConfigurationException("@From(\"" + name + "\"): " + name + " is " + value + ", not a Gen");
		}
		return gen;
	}
}
