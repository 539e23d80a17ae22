package io.github.subnetsim.perturb;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable list of {@link PerturbationRule}s: the per-replica differences one outcall (or every outcall of a
 * subnet) sees. Rules apply in order; a replica picked by several rules gets all their perturbations.
 *
 * <pre>{@code
 * PerturbationPlan plan = PerturbationPlan.on(Replicas.all(), Perturbation.jitterHeader("date"))
 *         .and(Replicas.upToFaulty(), Perturbation.replaceBody("garbage"));
 * }</pre>
 */
public record PerturbationPlan(List<PerturbationRule> rules) {

	private static final PerturbationPlan NONE = new PerturbationPlan(List.of());

	public PerturbationPlan {
		rules = List.copyOf(rules);
	}

	/** No perturbation: every replica sees what the server sent it. */
	public static PerturbationPlan none() {
		return NONE;
	}

	/** A plan with one rule. */
	public static PerturbationPlan on(ReplicaSelector selector, Perturbation... perturbations) {
		return NONE.and(selector, perturbations);
	}

	/** This plan plus one rule. */
	public PerturbationPlan and(ReplicaSelector selector, Perturbation... perturbations) {
		List<PerturbationRule> more = new ArrayList<>(rules);
		more.add(new PerturbationRule(selector, List.of(perturbations)));
		return new PerturbationPlan(more);
	}

	/** This plan followed by the rules of another. */
	public PerturbationPlan and(PerturbationPlan other) {
		List<PerturbationRule> more = new ArrayList<>(rules);
		more.addAll(other.rules);
		return new PerturbationPlan(more);
	}

	/** Whether the plan has no rule. */
	public boolean isEmpty() {
		return rules.isEmpty();
	}
}
