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
 *
 * @param rules the rules, applied in order (copied)
 */
public record PerturbationPlan(List<PerturbationRule> rules) {

	private static final PerturbationPlan NONE = new PerturbationPlan(List.of());

	/**
	 * Copies the rules.
	 *
	 * @param rules the rules, applied in order (copied)
	 */
	public PerturbationPlan {
		rules = List.copyOf(rules);
	}

	/**
	 * No perturbation: every replica sees what the server sent it.
	 *
	 * @return the empty plan
	 */
	public static PerturbationPlan none() {
		return NONE;
	}

	/**
	 * A plan with one rule.
	 *
	 * @param selector which replicas the perturbations apply to
	 * @param perturbations the changes, applied in this order
	 * @return a plan with that rule only
	 */
	public static PerturbationPlan on(ReplicaSelector selector, Perturbation... perturbations) {
		return NONE.and(selector, perturbations);
	}

	/**
	 * This plan plus one rule.
	 *
	 * @param selector which replicas the perturbations apply to
	 * @param perturbations the changes, applied in this order
	 * @return a new plan; this one is unchanged
	 */
	public PerturbationPlan and(ReplicaSelector selector, Perturbation... perturbations) {
		List<PerturbationRule> more = new ArrayList<>(rules);
		more.add(new PerturbationRule(selector, List.of(perturbations)));
		return new PerturbationPlan(more);
	}

	/**
	 * This plan followed by the rules of another.
	 *
	 * @param other the plan whose rules come after this plan's
	 * @return a new plan; this one is unchanged
	 */
	public PerturbationPlan and(PerturbationPlan other) {
		List<PerturbationRule> more = new ArrayList<>(rules);
		more.addAll(other.rules);
		return new PerturbationPlan(more);
	}

	/**
	 * Whether the plan has no rule.
	 *
	 * @return true when every replica sees what the server sent it
	 */
	public boolean isEmpty() {
		return rules.isEmpty();
	}
}
