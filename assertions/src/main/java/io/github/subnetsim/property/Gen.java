package io.github.subnetsim.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A generator of test values: plain Java over {@link RandomGenerator}, composable, usable with or without
 * {@link SubnetProperty}. The same generator state gives the same value, so a seed replays a whole run.
 *
 * <pre>{@code
 * Gen<Integer> evens = Gens.ints(0, 100).map(i -> i * 2);
 * Gen<String> ids = rng -> "req-" + rng.nextInt(1000);                  // a lambda is a generator
 * Gen<Pair> pairs = Gen.combine(Gens.subnetSizes(), Gens.booleans(), Pair::new);
 * int x = evens.generate(new SplittableRandom(42));
 * }</pre>
 *
 * <p>Shrinking: {@link #sample(RandomGenerator)} returns a value with its shrink tree. A lambda generator does not
 * shrink unless built with {@link #of(Function, Function)}; the generators of {@link Gens} do, and so does
 * everything derived from them with {@link #map}, {@link #filter}, {@link #flatMap} and {@link #combine}.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface Gen<T> {

	/** Maximum draws {@link #filter} makes for one value before it gives up. */
	int FILTER_ATTEMPTS = 1_000;

	/**
	 * One value.
	 *
	 * @param rng the source of randomness; the same state gives the same value
	 * @return the value
	 */
	T generate(RandomGenerator rng);

	/**
	 * One value with its shrink tree; the value is the one {@link #generate} gives for the same generator state.
	 *
	 * @param rng the source of randomness
	 * @return the value and the smaller values it shrinks to
	 */
	default Sample<T> sample(RandomGenerator rng) {
		return Sample.unfold(generate(rng), this::shrink);
	}

	/**
	 * Values one step smaller than {@code value}, most aggressive first; none by default.
	 *
	 * @param value a value this generator produced
	 * @return the candidates, tried in order when a property fails
	 */
	default List<T> shrink(T value) {
		return List.of();
	}

	/**
	 * Values tried before any random one, in order; none by default. {@code rng} fills parts that have none.
	 *
	 * @param rng the source of randomness for the random parts
	 * @return the edge cases, with their shrink trees
	 */
	default List<Sample<T>> edgeCases(RandomGenerator rng) {
		return List.of();
	}

	/**
	 * A generator with value-based shrinking: {@code shrinker} lists smaller candidates of a value.
	 *
	 * @param <T> the value type
	 * @param generator draws one value
	 * @param shrinker the smaller candidates of a value, most aggressive first
	 * @return a generator that shrinks
	 */
	static <T> Gen<T> of(Function<RandomGenerator, T> generator, Function<T, List<T>> shrinker) {
		Objects.requireNonNull(generator, "generator");
		Objects.requireNonNull(shrinker, "shrinker");
		return new Gen<>() {
			@Override
			public T generate(RandomGenerator rng) {
				return generator.apply(rng);
			}

			@Override
			public List<T> shrink(T value) {
				return shrinker.apply(value);
			}
		};
	}

	/**
	 * Always this value.
	 *
	 * @param <T> the value type
	 * @param value the value, every time
	 * @return a generator that does not shrink
	 */
	static <T> Gen<T> constant(T value) {
		return rng -> value;
	}

	/**
	 * Each value mapped; shrinks and edge cases are mapped too.
	 *
	 * @param <R> the mapped type
	 * @param f the mapping, applied to every value, shrink and edge case
	 * @return the mapped generator
	 */
	default <R> Gen<R> map(Function<? super T, ? extends R> f) {
		Objects.requireNonNull(f, "f");
		Gen<T> self = this;
		return Derived.of(rng -> self.sample(rng).map(f), rng -> mapAll(self.edgeCases(rng), f));
	}

	/**
	 * Only values that pass. Each value is drawn at most {@link #FILTER_ATTEMPTS} times; a predicate that rejects
	 * more fails loudly, because it would make tries slow and skewed (generate valid values with {@link #map}).
	 *
	 * @param p the predicate values must pass
	 * @return a generator of the passing values
	 */
	default Gen<T> filter(Predicate<? super T> p) {
		Objects.requireNonNull(p, "p");
		Gen<T> self = this;
		return Derived.of(rng -> {
			for (int i = 0; i < FILTER_ATTEMPTS; i++) {
				Sample<T> s = self.sample(rng);
				if (p.test(s.value())) {
					return s.filter(p);
				}
			}
			throw new IllegalStateException("Gen.filter rejected " + FILTER_ATTEMPTS + " values in a row; the predicate is too strict "
					+ "for this generator. Generate valid values directly (map, or a narrower range) instead of filtering them.");
		}, rng -> {
			List<Sample<T>> out = new ArrayList<>();
			for (Sample<T> s : self.edgeCases(rng)) {
				if (p.test(s.value())) {
					out.add(s.filter(p));
				}
			}
			return out;
		});
	}

	/**
	 * A generator chosen by each value, e.g. replica sets of a size drawn first. Shrinking tries a smaller outer value
	 * first (regenerating the inner one from the same seed), then a smaller inner value. Edge cases: each outer edge
	 * case with each inner one.
	 *
	 * @param <R> the inner value type
	 * @param f picks the inner generator for an outer value
	 * @return the combined generator
	 */
	default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<R>> f) {
		Objects.requireNonNull(f, "f");
		Gen<T> self = this;
		return Derived.of(rng -> Derived.bind(self.sample(rng), f, rng.nextLong()), rng -> {
			// Each outer edge case with each of the inner generator's (or one random inner value if it has none):
			// subnet size 40 with no faulty replica, then with the most.
			List<Sample<R>> out = new ArrayList<>();
			for (Sample<T> outer : self.edgeCases(rng)) {
				long seed = rng.nextLong();
				Gen<R> inner = f.apply(outer.value());
				List<Sample<R>> innerEdges = inner.edgeCases(new SplittableRandom(seed));
				if (innerEdges.isEmpty()) {
					innerEdges = List.of(inner.sample(new SplittableRandom(seed)));
				}
				for (Sample<R> e : innerEdges) {
					out.add(Derived.withOuter(outer, e, f, seed));
				}
			}
			return out;
		});
	}

	/**
	 * These values first (they shrink with {@link #shrink}), then this generator's own edge cases.
	 *
	 * @param values the values to try first, in order
	 * @return a generator with those edge cases
	 */
	default Gen<T> withEdgeCases(List<T> values) {
		List<T> copy = List.copyOf(values);
		Gen<T> self = this;
		return new Gen<>() {
			@Override
			public T generate(RandomGenerator rng) {
				return self.generate(rng);
			}

			@Override
			public Sample<T> sample(RandomGenerator rng) {
				return self.sample(rng);
			}

			@Override
			public List<T> shrink(T value) {
				return self.shrink(value);
			}

			@Override
			public List<Sample<T>> edgeCases(RandomGenerator rng) {
				List<Sample<T>> out = new ArrayList<>();
				for (T v : copy) {
					out.add(Sample.unfold(v, self::shrink));
				}
				out.addAll(self.edgeCases(rng));
				return out;
			}
		};
	}

	/**
	 * Two generators combined into one value; shrinks the first, then the second.
	 *
	 * @param <A> the first value type
	 * @param <B> the second value type
	 * @param <R> the combined type
	 * @param a the first generator
	 * @param b the second generator
	 * @param f combines one value of each
	 * @return the combined generator
	 */
	static <A, B, R> Gen<R> combine(Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
		Objects.requireNonNull(f, "f");
		return Derived.of(rng -> Derived.pair(a.sample(rng), b.sample(rng), f), rng -> {
			List<Sample<A>> ea = a.edgeCases(rng);
			List<Sample<B>> eb = b.edgeCases(rng);
			List<Sample<R>> out = new ArrayList<>();
			// Zipped, not crossed: k edge cases, not |ea|·|eb|; the side that has run out is drawn at random.
			for (int i = 0; i < Math.max(ea.size(), eb.size()); i++) {
				out.add(Derived.pair(i < ea.size() ? ea.get(i) : a.sample(rng), i < eb.size() ? eb.get(i) : b.sample(rng), f));
			}
			return out;
		});
	}

	/**
	 * Three generators combined into one value.
	 *
	 * @param <A> the first value type
	 * @param <B> the second value type
	 * @param <C> the third value type
	 * @param <R> the combined type
	 * @param a the first generator
	 * @param b the second generator
	 * @param c the third generator
	 * @param f combines one value of each
	 * @return the combined generator
	 */
	static <A, B, C, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> c, Function3<? super A, ? super B, ? super C, ? extends R> f) {
		Objects.requireNonNull(f, "f");
		Gen<Object[]> ab = combine(a, b, (x, y) -> new Object[] { x, y });
		return combine(ab, c, (xy, z) -> {
			@SuppressWarnings("unchecked")
			A x = (A) xy[0];
			@SuppressWarnings("unchecked")
			B y = (B) xy[1];
			return f.apply(x, y, z);
		});
	}

	/**
	 * A function of three arguments, for {@link #combine(Gen, Gen, Gen, Function3)}.
	 *
	 * @param <A> the first argument type
	 * @param <B> the second argument type
	 * @param <C> the third argument type
	 * @param <R> the result type
	 */
	@FunctionalInterface
	interface Function3<A, B, C, R> {
		/**
		 * Applies the function.
		 *
		 * @param a the first argument
		 * @param b the second argument
		 * @param c the third argument
		 * @return the result
		 */
		R apply(A a, B b, C c);
	}

	private static <T, R> List<Sample<R>> mapAll(List<Sample<T>> samples, Function<? super T, ? extends R> f) {
		List<Sample<R>> out = new ArrayList<>(samples.size());
		for (Sample<T> s : samples) {
			out.add(s.map(f));
		}
		return out;
	}
}
