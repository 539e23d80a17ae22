package io.github.subnetsim.property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.random.RandomGenerator;

import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.profile.ReplicaProfile;

/**
 * Ready-made generators: numbers and collections that shrink, and the things a subnet test varies — subnet sizes,
 * faulty replicas, sizes at every limit, JSON with volatile fields, perturbation plans, request shapes. Each has
 * edge cases that a property tries first.
 *
 * <pre>{@code
 * Gen<Integer> n = Gens.subnetSizes();                     // 1, 4, 13, 40 first, then 1..40
 * Gen<Long> s = Gens.sizesNear(2_000_000);                 // 1_999_999, 2_000_000, 2_000_001 first
 * Gen<SortedSet<Integer>> faulty = Gens.faultyReplicaSets(13, 4);
 * RandomGenerator rng = new SplittableRandom(42);
 * VolatileResponse r = Gens.responses().generate(rng);
 * }</pre>
 */
public final class Gens {

	/** The largest subnet size generated: the NNS subnet's 40 nodes (PocketIC {@code subnet_size}, dfinity/ic rs/https_outcalls/consensus/src/payload_builder.rs; docs/how-a-subnet-processes-an-outcall.md). */
	public static final int MAX_SUBNET_SIZE = 40;

	private Gens() {
	}

	/**
	 * Integers in [min, max]; shrink toward the value closest to 0; edge cases 0 (if in range), min, max.
	 *
	 * @param min the smallest value
	 * @param max the largest value, at least {@code min}
	 * @return the generator
	 */
	public static Gen<Integer> ints(int min, int max) {
		return new Basics.Range<>(min, max, v -> (int) v, Integer::longValue);
	}

	/**
	 * Longs in [min, max]; shrink toward the value closest to 0; edge cases 0 (if in range), min, max.
	 *
	 * @param min the smallest value
	 * @param max the largest value, at least {@code min}
	 * @return the generator
	 */
	public static Gen<Long> longs(long min, long max) {
		return new Basics.Range<>(min, max, v -> v, Long::longValue);
	}

	/**
	 * true or false; shrinks to false.
	 *
	 * @return the generator
	 */
	public static Gen<Boolean> booleans() {
		return Gen.of(RandomGenerator::nextBoolean, b -> b ? List.of(false) : List.of());
	}

	/**
	 * One of these values; shrinks toward the first.
	 *
	 * @param <T> the value type
	 * @param values the values, at least one
	 * @return the generator
	 * @throws IllegalArgumentException if {@code values} is empty
	 */
	public static <T> Gen<T> elements(List<T> values) {
		List<T> copy = List.copyOf(values);
		if (copy.isEmpty()) {
			throw new IllegalArgumentException("elements() needs at least one value");
		}
		return ints(0, copy.size() - 1).map(copy::get);
	}

	/**
	 * A value from one of these generators, chosen uniformly; shrinks toward the first generator, then within.
	 *
	 * @param <T> the value type
	 * @param gens the generators, at least one
	 * @return the generator
	 */
	@SuppressWarnings("unchecked")
	public static <T> Gen<T> oneOf(List<? extends Gen<? extends T>> gens) {
		List<Gen<T>> copy = new ArrayList<>();
		for (Gen<? extends T> g : gens) {
			copy.add((Gen<T>) Objects.requireNonNull(g, "generator"));
		}
		if (copy.isEmpty()) {
			throw new IllegalArgumentException("oneOf() needs at least one generator");
		}
		Gen<Integer> index = ints(0, copy.size() - 1);
		Function<Integer, Gen<T>> pick = copy::get;
		return Derived.of(rng -> Derived.bind(index.sample(rng), pick, rng.nextLong()), rng -> {
			// Every alternative's edge cases, in order: oneOf(constant(null), ints(0, 10)) tries null, 0, 10 first.
			List<Sample<T>> out = new ArrayList<>();
			for (int i = 0; i < copy.size(); i++) {
				for (Sample<T> e : copy.get(i).edgeCases(rng)) {
					out.add(Derived.withOuter(Sample.unfold(i, index::shrink), e, pick, rng.nextLong()));
				}
			}
			return out;
		});
	}

	/**
	 * Lists of [min, max] elements; shrink by removing elements, then by shrinking them.
	 *
	 * @param <T> the element type
	 * @param element the generator of each element
	 * @param min the fewest elements
	 * @param max the most elements
	 * @return the generator
	 */
	public static <T> Gen<List<T>> lists(Gen<T> element, int min, int max) {
		return Basics.lists(element, min, max);
	}

	/**
	 * Random bytes, [min, max] of them; shrink to shorter prefixes; edge cases the shortest and the longest.
	 *
	 * @param min the shortest length
	 * @param max the longest length
	 * @return the generator
	 */
	public static Gen<byte[]> bytes(int min, int max) {
		Gen<Integer> length = ints(min, max);
		Gen<byte[]> random = Gen.of(rng -> {
			byte[] b = new byte[length.generate(rng)];
			rng.nextBytes(b);
			return b;
		}, b -> {
			List<byte[]> out = new ArrayList<>();
			for (long len : Basics.towards(b.length, min)) {
				out.add(Arrays.copyOf(b, (int) len));
			}
			return out;
		});
		return onlyEdgeCases(random, List.of(new byte[min], new byte[max]));
	}

	/**
	 * Subnet sizes 1 to {@link #MAX_SUBNET_SIZE}; edge cases 1, 4, 13, 40 (f = 0, 1, 4, 13); shrink toward 1.
	 *
	 * @return the generator of subnet sizes n
	 */
	public static Gen<Integer> subnetSizes() {
		return onlyEdgeCases(ints(1, MAX_SUBNET_SIZE), List.of(1, 4, 13, 40));
	}

	/**
	 * Sets of up to {@code max} of the replicas 0..n−1; edge cases none and the first {@code max}; shrink by
	 * removing replicas.
	 *
	 * @param n the subnet size
	 * @param max the most faulty replicas, usually f = ⌊(n−1)/3⌋
	 * @return the generator of replica indices
	 */
	public static Gen<SortedSet<Integer>> faultyReplicaSets(int n, int max) {
		return replicaSets(n, 0, max);
	}

	/**
	 * Sets of [min, max] of the replicas 0..n−1; edge cases the first min and the first max; shrink by removing.
	 *
	 * @param n the subnet size
	 * @param min the fewest replicas
	 * @param max the most replicas
	 * @return the generator of replica indices
	 */
	public static Gen<SortedSet<Integer>> replicaSets(int n, int min, int max) {
		Gen<SortedSet<Integer>> sets = Basics.subsets(n, min, max);
		return onlyEdgeCases(sets, List.of(firstReplicas(min), firstReplicas(Math.min(max, n))));
	}

	private static SortedSet<Integer> firstReplicas(int k) {
		SortedSet<Integer> s = new TreeSet<>();
		for (int i = 0; i < k; i++) {
			s.add(i);
		}
		return Collections.unmodifiableSortedSet(s);
	}

	/**
	 * Sizes around each limit: edge cases limit − 1, limit, limit + 1 for every limit; then mostly within 64 of a
	 * limit, sometimes anywhere from 0 to limit + 64. Shrink toward 0.
	 *
	 * @param limits the byte limits to probe
	 * @return the generator of sizes in bytes
	 */
	public static Gen<Long> sizesNear(long... limits) {
		long[] copy = limits.clone();
		if (copy.length == 0) {
			throw new IllegalArgumentException("sizesNear() needs at least one limit");
		}
		for (long l : copy) {
			if (l < 0 || l > Long.MAX_VALUE - 65) {
				throw new IllegalArgumentException("a size limit must be in [0, Long.MAX_VALUE - 65], got " + l);
			}
		}
		Gen<Long> sizes = Gen.of(rng -> {
			long limit = copy[rng.nextInt(copy.length)];
			return rng.nextInt(4) == 0 ? rng.nextLong(0, limit + 65) : Math.max(0, limit + rng.nextLong(-64, 65));
		}, s -> Basics.towards(s, 0));
		Set<Long> edges = new LinkedHashSet<>();
		for (long l : copy) {
			if (l > 0) {
				edges.add(l - 1);
			}
			edges.add(l);
			edges.add(l + 1);
		}
		return onlyEdgeCases(sizes, new ArrayList<>(edges));
	}

	/**
	 * {@link #sizesNear} every byte limit of dfinity/ic rs/types/types/src/canister_http.rs; docs/limits-and-profiles.md: URL and header name/value 8,192; all headers 49,152;
	 * request 2,000,000; response 2,000,000 (current) and 2,097,152 (seed documents); transformed 2,045,952 (seed
	 * documents). Edge cases: each limit − 1, limit, limit + 1.
	 *
	 * @return the generator of sizes in bytes
	 */
	public static Gen<Long> sizesNearEveryLimit() {
		return sizesNear(Limits.MAX_URL_BYTES, Limits.MAX_HEADER_TOTAL_BYTES, Limits.MAX_REQUEST_BYTES,
				ReplicaProfile.SEED_DOCUMENTED.maxResponseBytesLimit(), ReplicaProfile.SEED_DOCUMENTED.fixedTransformedLimit());
	}

	/**
	 * JSON objects with 1–4 stable and 1–3 volatile fields (timestamps, ids, nonces), some under {@code /data}.
	 *
	 * @return the generator of bodies, each with the pointers of its volatile fields
	 */
	public static Gen<JsonBody> jsonBodies() {
		return JsonGens.bodies();
	}

	/**
	 * 200 responses with a JSON body from {@link #jsonBodies()} and 0–3 volatile headers ({@code x-request-id},
	 * {@code date}, {@code etag}, {@code x-trace-id}). Edge cases: an empty body; 63 headers (64 with a server's
	 * {@code content-length}).
	 *
	 * @return the generator of responses, each with what varies between replicas
	 */
	public static Gen<VolatileResponse> responses() {
		return JsonGens.responses();
	}

	/**
	 * Plans of 1–3 rules, each perturbing a non-empty set of the replicas 0..n−1 with 1–3 of: jitter one of these
	 * headers, jitter one of these JSON pointers, reorder JSON fields, change JSON whitespace. Shrink to fewer rules,
	 * fewer perturbations, fewer replicas.
	 *
	 * @param n the subnet size
	 * @param headers header names to jitter
	 * @param pointers JSON pointers to jitter
	 * @return the generator of plans
	 */
	public static Gen<PerturbationPlan> perturbationPlans(int n, List<String> headers, List<String> pointers) {
		return SubnetGens.plans(n, List.copyOf(headers), List.copyOf(pointers));
	}

	/**
	 * What a faulty replica does instead of honest work: silence, connection failure, a reject, garbage, lateness.
	 *
	 * @return the generator of faulty-replica perturbations
	 */
	public static Gen<Perturbation> faultyBehaviours() {
		return SubnetGens.faultyBehaviours();
	}

	/**
	 * Valid request shapes: 0–200-byte paths, 0–64 headers, no body or up to 4 KiB, optional transform and
	 * context, optional {@code max_response_bytes} up to 2,000,000. Edge cases: the bare request, an empty body,
	 * 64 headers.
	 *
	 * @return the generator of request shapes
	 */
	public static Gen<RequestShape> requestShapes() {
		return SubnetGens.requestShapes();
	}

	/** The generator with exactly these edge cases (shrinking with its own shrinker) instead of its own. */
	static <T> Gen<T> onlyEdgeCases(Gen<T> gen, List<T> edges) {
		List<T> copy = new ArrayList<>(edges);
		return new Gen<>() {
			@Override
			public T generate(RandomGenerator rng) {
				return gen.generate(rng);
			}

			@Override
			public Sample<T> sample(RandomGenerator rng) {
				return gen.sample(rng);
			}

			@Override
			public List<T> shrink(T value) {
				return gen.shrink(value);
			}

			@Override
			public List<Sample<T>> edgeCases(RandomGenerator rng) {
				List<Sample<T>> out = new ArrayList<>();
				for (T e : copy) {
					out.add(Sample.unfold(e, gen::shrink));
				}
				return out;
			}
		};
	}
}
