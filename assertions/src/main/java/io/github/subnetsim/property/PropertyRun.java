package io.github.subnetsim.property;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.opentest4j.AssertionFailedError;

/**
 * One run of one property: its seed, its generated parameters and their edge cases, the samples of each try, and
 * whether a try has failed (the tries after it are not run).
 */
final class PropertyRun {

	private final Method method;
	private final SubnetProperty settings;
	private final long seed;
	private final List<GeneratedParameter> parameters;
	private final List<List<Sample<?>>> edges = new ArrayList<>();
	private final AtomicBoolean failed = new AtomicBoolean();

	PropertyRun(Method method, SubnetProperty settings, long seed, List<GeneratedParameter> parameters) {
		this.method = method;
		this.settings = settings;
		this.seed = seed;
		this.parameters = List.copyOf(parameters);
		for (int j = 0; j < parameters.size(); j++) {
			edges.add(new ArrayList<>(parameters.get(j).gen().edgeCases(new SplittableRandom(mix(seed, -1 - j)))));
		}
	}

	Method method() {
		return method;
	}

	List<GeneratedParameter> parameters() {
		return parameters;
	}

	boolean failed() {
		return failed.get();
	}

	/** Marks the run failed; true for the first try to do so. */
	boolean fail() {
		return failed.compareAndSet(false, true);
	}

	/**
	 * Try {@code i}: parameter j takes its i-th edge case while it has one, otherwise a value from a generator seeded
	 * by (seed, i, j) alone — so a try's values do not depend on the tries before it, and replay is exact.
	 */
	TestTemplateInvocationContext tryContext(int i) {
		List<Sample<?>> samples = new ArrayList<>(parameters.size());
		boolean edge = false;
		for (int j = 0; j < parameters.size(); j++) {
			if (i < edges.get(j).size()) {
				samples.add(edges.get(j).get(i));
				edge = true;
			}
			else {
				samples.add(parameters.get(j).gen().sample(new SplittableRandom(mix(mix(seed, i), j))));
			}
		}
		String name = "try " + (i + 1) + " of " + settings.tries() + (edge ? " (edge case)" : "") + sampleText(samples, ", ", 60, 200);
		TryExtension extension = new TryExtension(this, i, samples);
		return new TestTemplateInvocationContext() {
			@Override
			public String getDisplayName(int invocationIndex) {
				return name;
			}

			@Override
			public List<Extension> getAdditionalExtensions() {
				return List.of(extension);
			}
		};
	}

	/** {@code : n=13, faulty={0, 5}}, or empty when nothing is generated. */
	private String sampleText(List<Sample<?>> samples, String separator, int perValue, int total) {
		StringBuilder b = new StringBuilder();
		for (int j = 0; j < samples.size(); j++) {
			b.append(j == 0 ? ": " : separator).append(Describe.pairs(parameters.get(j).label(), samples.get(j).value(), perValue));
		}
		return Describe.clip(b.toString(), total);
	}

	/** Shrinks the failure of try {@code i} and returns the error to report: original, shrunk, seed, replay. */
	AssertionFailedError shrinkAndReport(int i, List<Sample<?>> samples, Throwable failure, Object target, Object[] resolved) {
		Shrinker shrinker = new Shrinker(method, target, resolved, parameters, settings.shrinkRuns(),
				TimeUnit.SECONDS.toNanos(settings.shrinkSeconds()));
		Shrinker.Result r = shrinker.shrink(samples, failure);
		StringBuilder m = new StringBuilder();
		m.append("Property ").append(method.getName()).append(" failed on try ").append(i + 1).append(" of ").append(settings.tries())
				.append(" with seed ").append(seed).append('.');
		m.append("\nShrunk sample (").append(r.steps()).append(r.steps() == 1 ? " step, " : " steps, ").append(r.runs())
				.append(r.runs() == 1 ? " run" : " runs").append(r.stop() == null ? "" : "; stopped because " + r.stop()).append("):");
		lines(m, r.samples());
		m.append("\nOriginal sample:");
		lines(m, samples);
		m.append("\nFailure of the shrunk sample:\n  ").append(Describe.clip(String.valueOf(r.failure()), 6000).replace("\n", "\n  "));
		m.append("\nReplay with @SubnetProperty(seed = \"").append(seed).append("\") or -D").append(PropertyExtension.SEED_PROPERTY)
				.append('=').append(seed);
		if (r.failure() instanceof AssertionFailedError a && a.isExpectedDefined() && a.isActualDefined()) {
			return new AssertionFailedError(m.toString(), a.getExpected().getValue(), a.getActual().getValue(), r.failure());
		}
		return new AssertionFailedError(m.toString(), r.failure());
	}

	private void lines(StringBuilder m, List<Sample<?>> samples) {
		for (int j = 0; j < samples.size(); j++) {
			m.append("\n  ").append(Describe.pairs(parameters.get(j).label(), samples.get(j).value(), 2000));
		}
	}

	/** SplitMix64 over (seed, i): neighbouring tries and seeds get unrelated streams. */
	static long mix(long seed, long i) {
		long z = seed * 0x9E3779B97F4A7C15L + i + 0x632BE59BD9B4E019L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
