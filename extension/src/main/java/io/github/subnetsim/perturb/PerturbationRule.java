package io.github.subnetsim.perturb;

import java.util.List;
import java.util.Objects;

/**
 * Perturbations applied, in order, to the replicas a selector picks.
 *
 * <pre>{@code
 * new PerturbationRule(Replicas.random(2), List.of(Perturbation.jitterHeader("x-request-id")))
 * }</pre>
 *
 * @param selector which replicas the perturbations apply to
 * @param perturbations the changes, applied in this order (copied)
 */
public record PerturbationRule(ReplicaSelector selector, List<Perturbation> perturbations) {

	/**
	 * Copies the perturbations.
	 *
	 * @param selector which replicas the perturbations apply to
	 * @param perturbations the changes, applied in this order (copied)
	 */
	public PerturbationRule {
		Objects.requireNonNull(selector, "selector");
		perturbations = List.copyOf(perturbations);
	}

	@Override
	public String toString() {
		return selector + ": " + perturbations;
	}
}
