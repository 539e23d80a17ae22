package io.github.subnetsim.property;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A generated value and, lazily, the smaller values it can shrink to, each again a sample: a shrink tree. Shrinking
 * walks it greedily, so {@link Gen#map}, {@link Gen#filter} and {@link Gen#combine} shrink through the tree without
 * needing an inverse function.
 *
 * <pre>{@code
 * Sample<Integer> s = Gens.ints(0, 1000).sample(new SplittableRandom(7));
 * s.value();                              // 731
 * s.shrinks().map(Sample::value).toList(); // [0, 366, 549, …, 730]
 * }</pre>
 *
 * @param <T> the value type
 */
public final class Sample<T> {

	private final T value;
	private final Supplier<Stream<Sample<T>>> shrinks;

	private Sample(T value, Supplier<Stream<Sample<T>>> shrinks) {
		this.value = value;
		this.shrinks = shrinks;
	}

	/**
	 * A value that does not shrink.
	 *
	 * @param <T> the value type
	 * @param value the value
	 * @return a sample with no shrinks
	 */
	public static <T> Sample<T> of(T value) {
		return new Sample<>(value, Stream::empty);
	}

	/**
	 * A value with lazily computed shrinks.
	 *
	 * @param <T> the value type
	 * @param value the value
	 * @param shrinks the smaller candidates, computed only when a property fails
	 * @return the sample
	 */
	public static <T> Sample<T> of(T value, Supplier<Stream<Sample<T>>> shrinks) {
		return new Sample<>(value, Objects.requireNonNull(shrinks, "shrinks"));
	}

	/**
	 * The tree that a value-based shrinker spans: each candidate shrinks with the same function, recursively.
	 *
	 * @param <T> the value type
	 * @param value the root value
	 * @param shrinker the smaller candidates of a value, most aggressive first
	 * @return the sample
	 */
	public static <T> Sample<T> unfold(T value, Function<? super T, ? extends List<T>> shrinker) {
		return new Sample<>(value, () -> shrinker.apply(value).stream().map(v -> unfold(v, shrinker)));
	}

	/**
	 * The value.
	 *
	 * @return the generated value
	 */
	public T value() {
		return value;
	}

	/**
	 * The candidates one step smaller, most aggressive first.
	 *
	 * @return a fresh stream of the candidates
	 */
	public Stream<Sample<T>> shrinks() {
		return shrinks.get();
	}

	/**
	 * The same tree with every value mapped.
	 *
	 * @param <R> the mapped type
	 * @param f the mapping
	 * @return the mapped tree
	 */
	public <R> Sample<R> map(Function<? super T, ? extends R> f) {
		return new Sample<>(f.apply(value), () -> shrinks().map(s -> s.map(f)));
	}

	/**
	 * The same tree without the candidates (and their subtrees) that fail the predicate.
	 *
	 * @param p the predicate candidates must pass
	 * @return the filtered tree; this value is kept as it is
	 */
	public Sample<T> filter(Predicate<? super T> p) {
		return new Sample<>(value, () -> shrinks().filter(s -> p.test(s.value)).map(s -> s.filter(p)));
	}

	@Override
	public String toString() {
		return "Sample[" + value + "]";
	}
}
