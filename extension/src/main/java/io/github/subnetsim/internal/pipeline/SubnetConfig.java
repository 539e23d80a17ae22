package io.github.subnetsim.internal.pipeline;

import io.github.subnetsim.OutcallListener;
import java.security.cert.X509Certificate;
import java.util.List;

import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.profile.ReplicaProfile;

/** A subnet's settings, as the builder left them. */
public record SubnetConfig(int replicas, boolean charged, long seed, ReplicaProfile profile, List<X509Certificate> trusted,
		PerturbationPlan perturbations, AdapterSettings adapter, String canisterId, List<OutcallListener> listeners) {

	public SubnetConfig {
		trusted = List.copyOf(trusted);
		listeners = List.copyOf(listeners);
	}
}
