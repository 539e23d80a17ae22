package io.github.subnetsim.property;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

import io.github.subnetsim.HttpResponse;

/** Short, readable renderings of generated values, for display names and failure messages. */
final class Describe {

	private static final Set<Class<?>> OWN_RECORDS = Set.of(JsonBody.class, VolatileResponse.class, RequestShape.class);

	private Describe() {
	}

	/** A value in at most {@code max} characters: strings quoted, sets in braces, byte arrays by length. */
	static String value(Object v, int max) {
		return clip(render(v), max);
	}

	/**
	 * {@code name=value} pairs for one parameter. A record is flattened into its components, so a parameter of type
	 * {@code Faults(int n, SortedSet<Integer> faulty)} reads {@code n=13, faulty={0, 5}}.
	 */
	static String pairs(String name, Object v, int max) {
		// The records of this library have a toString made for reading; the user's records are flattened.
		if (v != null && v.getClass().isRecord() && !OWN_RECORDS.contains(v.getClass())) {
			StringBuilder b = new StringBuilder();
			for (RecordComponent c : v.getClass().getRecordComponents()) {
				b.append(b.length() == 0 ? "" : ", ").append(c.getName()).append('=').append(value(component(c, v), max));
			}
			return b.toString();
		}
		return name + "=" + value(v, max);
	}

	private static Object component(RecordComponent c, Object record) {
		try {
			c.getAccessor().setAccessible(true);
			return c.getAccessor().invoke(record);
		}
		catch (ReflectiveOperationException | RuntimeException e) {
			return "?";
		}
	}

	private static String render(Object v) {
		if (v == null) {
			return "null";
		}
		if (v instanceof String s) {
			return '"' + s.replace("\n", "\\n") + '"';
		}
		if (v instanceof byte[] b) {
			return "<" + b.length + " bytes>";
		}
		if (v instanceof HttpResponse r) {
			return r.status() + " (" + r.headers().size() + " headers, " + r.bodyLength() + "-byte body)";
		}
		if (v instanceof Set<?> s) {
			return "{" + join(s) + "}";
		}
		if (v instanceof Collection<?> c) {
			return "[" + join(c) + "]";
		}
		if (v instanceof Map<?, ?> m) {
			return m.toString();
		}
		return String.valueOf(v);
	}

	private static String join(Collection<?> c) {
		StringBuilder b = new StringBuilder();
		for (Object o : c) {
			b.append(b.length() == 0 ? "" : ", ").append(render(o));
		}
		return b.toString();
	}

	static String clip(String s, int max) {
		return s.length() <= max ? s : s.substring(0, Math.max(0, max - 1)) + "…";
	}
}
