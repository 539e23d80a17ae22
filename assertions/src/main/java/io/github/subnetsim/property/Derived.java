package io.github.subnetsim.property;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/** A generator defined by how it samples (value plus shrink tree) and its edge cases: what combinators return. */
final class Derived<T> implements Gen<T> {

	private final Function<RandomGenerator, Sample<T>> sampler;
	private final Function<RandomGenerator, List<Sample<T>>> edges;

	private Derived(Function<RandomGenerator, Sample<T>> sampler, Function<RandomGenerator, List<Sample<T>>> edges) {
		this.sampler = sampler;
		this.edges = edges;
	}

	static <T> Gen<T> of(Function<RandomGenerator, Sample<T>> sampler, Function<RandomGenerator, List<Sample<T>>> edges) {
		return new Derived<>(sampler, edges);
	}

	@Override
	public T generate(RandomGenerator rng) {
		return sampler.apply(rng).value();
	}

	@Override
	public Sample<T> sample(RandomGenerator rng) {
		return sampler.apply(rng);
	}

	@Override
	public List<Sample<T>> edgeCases(RandomGenerator rng) {
		return edges.apply(rng);
	}

	/** The pair's tree: shrink the first while keeping the second, then the second while keeping the first. */
	static <A, B, R> Sample<R> pair(Sample<A> a, Sample<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
		return Sample.of(f.apply(a.value(), b.value()),
				() -> Stream.concat(a.shrinks().map(a2 -> pair(a2, b, f)), b.shrinks().map(b2 -> pair(a, b2, f))));
	}

	/** flatMap's tree: the inner value is generated from a fixed seed, so it is regenerated when the outer shrinks. */
	static <A, R> Sample<R> bind(Sample<A> outer, Function<? super A, ? extends Gen<R>> f, long seed) {
		return withOuter(outer, f.apply(outer.value()).sample(new SplittableRandom(seed)), f, seed);
	}

	static <A, R> Sample<R> withOuter(Sample<A> outer, Sample<R> inner, Function<? super A, ? extends Gen<R>> f, long seed) {
		return Sample.of(inner.value(), () -> Stream.concat(outer.shrinks().map(o -> bind(o, f, seed)),
				inner.shrinks().map(i -> withOuter(outer, i, f, seed))));
	}
}
