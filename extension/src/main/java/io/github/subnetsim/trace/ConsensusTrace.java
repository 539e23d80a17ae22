package io.github.subnetsim.trace;

import java.util.List;
import java.util.Map;

/**
 * How consensus went: committee, f, threshold, the groups of identical shares (hash → replicas, in the divergence
 * message's order) and the decision.
 *
 * <pre>{@code
 * result.trace().consensus().groups(); // {"9f2c…": [0, 1, 2, …], "11ab…": [7]}
 * }</pre>
 *
 * @param committee the replicas that made the request
 * @param faultsTolerated f = ⌊(n−1)/3⌋ of the committee
 * @param threshold n − f
 * @param groups hash → replicas that signed it, among the shares seen when the decision was taken
 * @param decision how the round ended
 * @param decidedAtMillis virtual time of the decision
 * @param sharesSeen shares considered when deciding
 */
public record ConsensusTrace(List<Integer> committee, int faultsTolerated, int threshold, Map<String, List<Integer>> groups,
		Decision decision, long decidedAtMillis, int sharesSeen) {

	/**
	 * Copies the collections.
	 *
	 * @param committee the replicas that made the request
	 * @param faultsTolerated f = ⌊(n−1)/3⌋ of the committee
	 * @param threshold n − f
	 * @param groups hash → replicas that signed it, among the shares seen when the decision was taken
	 * @param decision how the round ended
	 * @param decidedAtMillis virtual time of the decision
	 * @param sharesSeen shares considered when deciding
	 */
	public ConsensusTrace {
		committee = List.copyOf(committee);
		groups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
	}
}
