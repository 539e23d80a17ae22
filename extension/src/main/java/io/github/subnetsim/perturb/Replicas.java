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

	/** These replicas (indices from 0). */
	public static ReplicaSelector of(int... replicas) {
		return new ReplicaSelector.Explicit(new TreeSet<>(ReplicaSelector.indices(replicas)));
	}

	/** k replicas chosen by the seed. */
	public static ReplicaSelector random(int k) {
		return new ReplicaSelector.Random(k);
	}

	/** f = ⌊(n−1)/3⌋ replicas chosen by the seed. */
	public static ReplicaSelector upToFaulty() {
		return new ReplicaSelector.UpToFaulty();
	}

	/** Every replica. */
	public static ReplicaSelector all() {
		return new ReplicaSelector.All();
	}
}
