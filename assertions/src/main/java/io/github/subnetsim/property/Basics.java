package io.github.subnetsim.property;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/** The shrinking building blocks behind {@link Gens}: integral ranges, lists, subsets, tuples. */
final class Basics {

	private Basics() {
	}

	/** Integers in [min, max] that shrink toward the value in range closest to 0. */
	static final class Range<T> implements Gen<T> {
		private final long min;
		private final long max;
		private final long target;
		private final LongFunction<T> box;
		private final ToLongFunction<T> unbox;

		Range(long min, long max, LongFunction<T> box, ToLongFunction<T> unbox) {
			if (min > max) {
				throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
			}
			this.min = min;
			this.max = max;
			this.target = min > 0 ? min : max < 0 ? max : 0;
			this.box = box;
			this.unbox = unbox;
		}

		@Override
		public T generate(RandomGenerator rng) {
			// nextLong(origin, bound) excludes the bound; the full long range needs the unbounded draw.
			long v = max == Long.MAX_VALUE && min == Long.MIN_VALUE ? rng.nextLong()
					: max == Long.MAX_VALUE ? rng.nextLong(min - 1, max) + 1 : rng.nextLong(min, max + 1);
			return box.apply(v);
		}

		@Override
		public List<T> shrink(T value) {
			List<T> out = new ArrayList<>();
			for (long c : towards(unbox.applyAsLong(value), target)) {
				out.add(box.apply(c));
			}
			return out;
		}

		@Override
		public List<Sample<T>> edgeCases(RandomGenerator rng) {
			Set<Long> edges = new LinkedHashSet<>(List.of(target, min, max));
			List<Sample<T>> out = new ArrayList<>();
			for (long e : edges) {
				out.add(Sample.unfold(box.apply(e), this::shrink));
			}
			return out;
		}
	}

	/** Candidates from {@code target} toward {@code v}: target, then halving the distance, ending one step from v. */
	static List<Long> towards(long v, long target) {
		List<Long> out = new ArrayList<>();
		if (v == target) {
			return out;
		}
		out.add(target);
		// Work with the distance as a positive number of steps; the ranges used here never span more than 2^63.
		long distance = v > target ? v - target : target - v;
		long sign = v > target ? 1 : -1;
		for (long d = distance / 2; d > 0; d /= 2) {
			long c = v - sign * d;
			if (c != out.get(out.size() - 1)) {
				out.add(c);
			}
		}
		return out;
	}

	/** Lists of [min, max] elements; shrink by dropping halves, then single elements, then shrinking elements. */
	static <T> Gen<List<T>> lists(Gen<T> element, int min, int max) {
		if (min < 0 || min > max) {
			throw new IllegalArgumentException("list size range [" + min + ", " + max + "] is empty or negative");
		}
		return Derived.of(rng -> {
			int size = min + rng.nextInt(max - min + 1);
			List<Sample<T>> items = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				items.add(element.sample(rng));
			}
			return list(items, min);
		}, rng -> {
			List<Sample<List<T>>> out = new ArrayList<>();
			List<Sample<T>> edges = element.edgeCases(rng);
			List<Sample<T>> smallest = new ArrayList<>();
			for (int i = 0; i < min; i++) {
				smallest.add(i < edges.size() ? edges.get(i) : element.sample(rng));
			}
			out.add(list(smallest, min));
			return out;
		});
	}

	static <T> Sample<List<T>> list(List<Sample<T>> items, int min) {
		List<T> values = new ArrayList<>(items.size());
		for (Sample<T> s : items) {
			values.add(s.value());
		}
		return Sample.of(Collections.unmodifiableList(values), () -> Stream.concat(removals(items, min), elementShrinks(items, min)));
	}

	private static <T> Stream<Sample<List<T>>> removals(List<Sample<T>> items, int min) {
		List<List<Sample<T>>> shorter = new ArrayList<>();
		int n = items.size();
		// Chunks of n/2, n/4, … 1 elements, removed from every position: the big cuts first.
		for (int chunk = n / 2; chunk >= 1; chunk /= 2) {
			if (n - chunk < min) {
				continue;
			}
			for (int from = 0; from + chunk <= n; from += chunk) {
				List<Sample<T>> rest = new ArrayList<>(items.subList(0, from));
				rest.addAll(items.subList(from + chunk, n));
				shorter.add(rest);
			}
		}
		if (n > min && n == 1) {
			shorter.add(List.of());
		}
		return shorter.stream().map(l -> list(l, min));
	}

	private static <T> Stream<Sample<List<T>>> elementShrinks(List<Sample<T>> items, int min) {
		Stream<Sample<List<T>>> all = Stream.empty();
		for (int i = 0; i < items.size(); i++) {
			int at = i;
			all = Stream.concat(all, Stream.of(at).flatMap(k -> items.get(k).shrinks().map(s -> {
				List<Sample<T>> copy = new ArrayList<>(items);
				copy.set(k, s);
				return list(copy, min);
			})));
		}
		return all;
	}

	/** Subsets of {0, …, n−1} with [min, max] members; shrink by removing members. */
	static Gen<SortedSet<Integer>> subsets(int n, int min, int max) {
		if (min < 0 || max < min || min > n) {
			throw new IllegalArgumentException("cannot choose between " + min + " and " + max + " of " + n + " replicas");
		}
		int upper = Math.min(max, n);
		return Gen.of(rng -> {
			int k = min + rng.nextInt(upper - min + 1);
			// The subnet's own seeded choice of k replicas, so a generated set is one a subnet could pick.
			return Collections.unmodifiableSortedSet(io.github.subnetsim.perturb.Replicas.random(k).select(n, rng));
		}, set -> {
			List<SortedSet<Integer>> out = new ArrayList<>();
			if (set.size() <= min) {
				return out;
			}
			for (int r : set) {
				SortedSet<Integer> less = new TreeSet<>(set);
				less.remove(r);
				out.add(Collections.unmodifiableSortedSet(less));
			}
			return out;
		});
	}

	/** Several generators as one array-valued generator; shrinks component by component. */
	static Gen<Object[]> tuple(List<Gen<?>> gens) {
		return Derived.of(rng -> {
			List<Sample<?>> parts = new ArrayList<>();
			for (Gen<?> g : gens) {
				parts.add(g.sample(rng));
			}
			return tupleOf(parts);
		}, rng -> List.of());
	}

	private static Sample<Object[]> tupleOf(List<Sample<?>> parts) {
		Object[] values = new Object[parts.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = parts.get(i).value();
		}
		return Sample.of(values, () -> {
			Stream<Sample<Object[]>> all = Stream.empty();
			for (int i = 0; i < parts.size(); i++) {
				int at = i;
				all = Stream.concat(all, Stream.of(at).flatMap(k -> parts.get(k).shrinks().map(s -> {
					List<Sample<?>> copy = new ArrayList<>(parts);
					copy.set(k, s);
					return tupleOf(copy);
				})));
			}
			return all;
		});
	}
}
