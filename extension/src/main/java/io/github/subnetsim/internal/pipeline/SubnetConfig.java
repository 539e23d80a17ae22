package io.github.subnetsim.internal.pipeline;

import java.security.cert.X509Certificate;
import java.util.List;

import io.github.subnetsim.OutcallListener;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.profile.ReplicaProfile;

/**
 * A subnet's settings, as the builder left them.
 *
 * @param idempotencyKeyHeader the header a replicated POST must carry not to be flagged as a non-idempotent fan-out
 */
public record SubnetConfig(int replicas, boolean charged, long seed, ReplicaProfile profile, List<X509Certificate> trusted,
		PerturbationPlan perturbations, AdapterSettings adapter, String canisterId, List<OutcallListener> listeners,
		String idempotencyKeyHeader) {

	public SubnetConfig {
		trusted = List.copyOf(trusted);
		listeners = List.copyOf(listeners);
	}
}
