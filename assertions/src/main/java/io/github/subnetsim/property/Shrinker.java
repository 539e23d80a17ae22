package io.github.subnetsim.property;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.opentest4j.TestAbortedException;

/**
 * Greedy shrinking: for each generated parameter in turn, try its shrink candidates (most aggressive first) by
 * invoking the property method again; keep the first candidate that still fails and start over from it. Stops at a
 * local minimum or when the run or time budget is spent.
 */
final class Shrinker {

	/** Candidates looked at per parameter per step: bounds a step even when a tree is very wide. */
	private static final int MAX_CANDIDATES_PER_STEP = 64;

	/** What shrinking found. */
	record Result(List<Sample<?>> samples, Throwable failure, int steps, int runs, String stop) {
	}

	private final Method method;
	private final Object target;
	private final Object[] resolved;
	private final List<GeneratedParameter> parameters;
	private final int maxRuns;
	private final long deadline;

	Shrinker(Method method, Object target, Object[] resolved, List<GeneratedParameter> parameters, int maxRuns, long budgetNanos) {
		this.method = method;
		this.target = target;
		this.resolved = resolved.clone();
		this.parameters = parameters;
		this.maxRuns = maxRuns;
		this.deadline = System.nanoTime() + budgetNanos;
	}

	Result shrink(List<Sample<?>> original, Throwable originalFailure) {
		List<Sample<?>> current = new ArrayList<>(original);
		Throwable failure = originalFailure;
		int steps = 0;
		int runs = 0;
		method.setAccessible(true);
		boolean improved = true;
		while (improved) {
			improved = false;
			for (int j = 0; j < parameters.size() && !improved; j++) {
				Iterator<? extends Sample<?>> candidates = current.get(j).shrinks().iterator();
				for (int looked = 0; looked < MAX_CANDIDATES_PER_STEP && candidates.hasNext(); looked++) {
					if (runs >= maxRuns) {
						return new Result(current, failure, steps, runs, "the run budget (" + maxRuns + " runs) was spent");
					}
					if (System.nanoTime() > deadline) {
						return new Result(current, failure, steps, runs, "the time budget was spent");
					}
					Sample<?> candidate = candidates.next();
					List<Sample<?>> trial = new ArrayList<>(current);
					trial.set(j, candidate);
					runs++;
					Throwable f = run(trial);
					if (f != null) {
						current = trial;
						failure = f;
						steps++;
						improved = true;
						break;
					}
				}
			}
		}
		return new Result(current, failure, steps, runs, null);
	}

	/** The failure of one invocation with these samples, or null if it passed or was aborted by an assumption. */
	private Throwable run(List<Sample<?>> samples) {
		Object[] args = resolved.clone();
		for (int j = 0; j < parameters.size(); j++) {
			args[parameters.get(j).index()] = samples.get(j).value();
		}
		try {
			method.invoke(target, args);
			return null;
		}
		catch (InvocationTargetException e) {
			Throwable cause = e.getCause();
			if (cause instanceof OutOfMemoryError oom) {
				throw oom;
			}
			return cause instanceof TestAbortedException ? null : cause;
		}
		catch (IllegalAccessException e) {
			throw new IllegalStateException("cannot invoke " + method + " to shrink a failure", e);
		}
	}
}
