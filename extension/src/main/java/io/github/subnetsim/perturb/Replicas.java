package io.github.subnetsim.perturb;

import java.util.TreeSet;

/**
 * Factories for {@link ReplicaSelector}.
 *
 * <pre>{@code
 * PerturbationPlan.on(Replicas.of(0, 1), Perturbation.jitterHeader("date"))
 * }</pre>
 */
public final class Replicas {

	private Replicas() {
	}

	/**
	 * These replicas (indices from 0).
	 *
	 * @param replicas the replica indices, from 0
	 * @return a selector of exactly these replicas
	 */
	public static ReplicaSelector of(int... replicas) {
		return new ReplicaSelector.Explicit(new TreeSet<>(ReplicaSelector.indices(replicas)));
	}

	/**
	 * k replicas chosen by the seed.
	 *
	 * @param k how many replicas to choose, at least 0
	 * @return a selector of k replicas, the same ones for the same seed
	 */
	public static ReplicaSelector random(int k) {
		return new ReplicaSelector.Random(k);
	}

	/**
	 * f = ⌊(n−1)/3⌋ replicas chosen by the seed.
	 *
	 * @return a selector of the most faulty replicas the subnet tolerates: 4 of 13
	 */
	public static ReplicaSelector upToFaulty() {
		return new ReplicaSelector.UpToFaulty();
	}

	/**
	 * Every replica.
	 *
	 * @return a selector of every replica of the subnet
	 */
	public static ReplicaSelector all() {
		return new ReplicaSelector.All();
	}
}
