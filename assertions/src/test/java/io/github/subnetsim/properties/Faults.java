package io.github.subnetsim.properties;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;

/** A subnet size and what each faulty replica does instead of its honest work. */
record Faults(int n, SortedMap<Integer, Perturbation> faulty) {

	Faults {
		faulty = Collections.unmodifiableSortedMap(new TreeMap<>(faulty));
	}

	/** Replica i of the set does behaviour i of the list. */
	static Faults of(int n, SortedSet<Integer> replicas, List<Perturbation> behaviours) {
		SortedMap<Integer, Perturbation> m = new TreeMap<>();
		int i = 0;
		for (int r : replicas) {
			m.put(r, behaviours.get(i++));
		}
		return new Faults(n, m);
	}

	PerturbationPlan plan() {
		PerturbationPlan plan = PerturbationPlan.none();
		for (Map.Entry<Integer, Perturbation> e : faulty.entrySet()) {
			plan = plan.and(Replicas.of(e.getKey()), e.getValue());
		}
		return plan;
	}
}
