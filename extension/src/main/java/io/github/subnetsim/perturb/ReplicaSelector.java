package io.github.subnetsim.perturb;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

import io.github.subnetsim.profile.Limits;

/**
 * Which replicas a perturbation applies to: explicit indices, k chosen at random by the seed, up to f (the faults
 * the subnet tolerates), or all. Replicas are numbered from 0.
 *
 * <pre>{@code
 * Replicas.of(0, 5)       // replicas 0 and 5
 * Replicas.random(3)      // 3 replicas chosen by the seed
 * Replicas.upToFaulty()   // f = ⌊(n−1)/3⌋ replicas chosen by the seed: 4 of 13
 * }</pre>
 */
public sealed interface ReplicaSelector {

	/**
	 * The chosen replica indices for a subnet of n replicas, deterministic for a given generator state.
	 *
	 * @param n the number of replicas on the subnet
	 * @param rng the subnet's generator, seeded from the subnet seed
	 * @return replica indices in 0..n−1, ascending
	 * @throws IllegalArgumentException if the selector asks for replicas the subnet does not have
	 */
	SortedSet<Integer> select(int n, RandomGenerator rng);

	/**
	 * Explicit replica indices.
	 *
	 * @param replicas the replica indices, from 0
	 */
	record Explicit(SortedSet<Integer> replicas) implements ReplicaSelector {
		/**
		 * Copies and checks the indices.
		 *
		 * @param replicas the replica indices, from 0
		 * @throws IllegalArgumentException if an index is negative
		 */
		public Explicit {
			replicas = new TreeSet<>(replicas);
			for (int r : replicas) {
				if (r < 0) {
					throw new IllegalArgumentException("replica indices start at 0, got " + r);
				}
			}
		}

		@Override
		public SortedSet<Integer> select(int n, RandomGenerator rng) {
			if (!replicas.isEmpty() && replicas.last() >= n) {
				throw new IllegalArgumentException("replica " + replicas.last() + " does not exist on a subnet of " + n
						+ " replicas (indices are 0.." + (n - 1) + "); choose indices below " + n + " or use Replicas.random(k)");
			}
			return new TreeSet<>(replicas);
		}

		@Override
		public String toString() {
			return "replicas " + replicas;
		}
	}

	/**
	 * k replicas chosen by the seed.
	 *
	 * @param k how many replicas to choose, at least 0
	 */
	record Random(int k) implements ReplicaSelector {
		/**
		 * Checks k.
		 *
		 * @param k how many replicas to choose, at least 0
		 * @throws IllegalArgumentException if k is negative
		 */
		public Random {
			if (k < 0) {
				throw new IllegalArgumentException("cannot choose a negative number of replicas: " + k);
			}
		}

		@Override
		public SortedSet<Integer> select(int n, RandomGenerator rng) {
			if (k > n) {
				throw new IllegalArgumentException("cannot choose " + k + " random replicas on a subnet of " + n);
			}
			return choose(n, k, rng);
		}

		@Override
		public String toString() {
			return k + " random replicas";
		}
	}

	/** f = ⌊(n−1)/3⌋ replicas chosen by the seed: the most faults the subnet tolerates. */
	record UpToFaulty() implements ReplicaSelector {
		@Override
		public SortedSet<Integer> select(int n, RandomGenerator rng) {
			return choose(n, Limits.faultsTolerated(n), rng);
		}

		@Override
		public String toString() {
			return "up to f faulty replicas";
		}
	}

	/** Every replica. */
	record All() implements ReplicaSelector {
		@Override
		public SortedSet<Integer> select(int n, RandomGenerator rng) {
			SortedSet<Integer> all = new TreeSet<>();
			for (int i = 0; i < n; i++) {
				all.add(i);
			}
			return all;
		}

		@Override
		public String toString() {
			return "all replicas";
		}
	}

	private static SortedSet<Integer> choose(int n, int k, RandomGenerator rng) {
		// Partial Fisher-Yates: k draws, exact and unbiased, O(n) memory.
		List<Integer> pool = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			pool.add(i);
		}
		SortedSet<Integer> chosen = new TreeSet<>();
		for (int i = 0; i < k; i++) {
			int j = i + rng.nextInt(n - i);
			Integer tmp = pool.get(i);
			pool.set(i, pool.get(j));
			pool.set(j, tmp);
			chosen.add(pool.get(i));
		}
		return chosen;
	}

	/**
	 * Shorthand for tests: explicit indices as a set.
	 *
	 * @param replicas replica indices, from 0
	 * @return the indices, sorted, without duplicates
	 */
	static Set<Integer> indices(int... replicas) {
		Set<Integer> s = new TreeSet<>();
		for (int r : replicas) {
			s.add(r);
		}
		return s;
	}
}
