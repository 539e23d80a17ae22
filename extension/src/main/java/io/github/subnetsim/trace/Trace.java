package io.github.subnetsim.trace;

import java.util.List;

import io.github.subnetsim.internal.json.TraceJson;


/**
 * Everything one outcall did, replica by replica, and how consensus decided. Its JSON form is deterministic apart
 * from the measured real times ({@code realMillis}, {@code realArrivalMillis}): the same seed against the same server
 * gives the same bytes otherwise.
 *
 * <pre>{@code
 * OutcallResult r = subnet.httpRequest(args);
 * System.out.println(r.trace().toJson());
 * }</pre>
 *
 * @param requestId the subnet's callback id for this outcall (0, 1, 2 … per subnet)
 * @param seed the subnet seed, to replay
 * @param profile the replica profile
 * @param method the HTTP method
 * @param url the URL as given
 * @param replicated whether the outcall was fully replicated
 * @param stage where the outcall ended: {@link Stage#VALIDATION}, {@link Stage#CHARGE}, {@link Stage#CONSENSUS}, or
 *        {@link Stage#DELIVERY} for a flexible outcall
 * @param replicas one entry per replica of the committee (empty when rejected before the fan-out)
 * @param consensus the consensus round
 */
public record Trace(long requestId, long seed, String profile, String method, String url, boolean replicated, Stage stage,
		List<ReplicaTrace> replicas, ConsensusTrace consensus) {

	/**
	 * Copies the list.
	 *
	 * @param requestId the subnet's callback id for this outcall (0, 1, 2 … per subnet)
	 * @param seed the subnet seed, to replay
	 * @param profile the replica profile
	 * @param method the HTTP method
	 * @param url the URL as given
	 * @param replicated whether the outcall was fully replicated
	 * @param stage where the outcall ended: {@link Stage#VALIDATION}, {@link Stage#CHARGE}, {@link Stage#CONSENSUS}, or
	 * {@link Stage#DELIVERY} for a flexible outcall
	 * @param replicas one entry per replica of the committee (empty when rejected before the fan-out)
	 * @param consensus the consensus round
	 */
	public Trace {
		replicas = List.copyOf(replicas);
	}

	/**
	 * The source addresses the server saw, each with the replicas whose request reached it from there, in address
	 * order: on an IPv6 network through the proxies an IPv4-only server sees two clients, not n (docs/network.md).
	 *
	 * <pre>{@code
	 * result.trace().serverAddresses(); // {127.255.0.1=[0, 2, 5, ...], 127.255.0.2=[1, 3, ...]}
	 * }</pre>
	 *
	 * @return address → replicas, for replicas whose connection reached the server
	 */
	public java.util.SortedMap<String, List<Integer>> serverAddresses() {
		java.util.SortedMap<String, List<Integer>> out = new java.util.TreeMap<>();
		for (ReplicaTrace r : replicas) {
			if (r.path() != null) {
				out.computeIfAbsent(r.source(), k -> new java.util.ArrayList<>()).add(r.replica());
			}
		}
		out.replaceAll((k, v) -> List.copyOf(v));
		return java.util.Collections.unmodifiableSortedMap(out);
	}

	/**
	 * The trace as indented JSON, byte-identical for identical outcalls except for the measured real times.
	 *
	 * @return the JSON text
	 */
	public String toJson() {
		return TraceJson.write(this);
	}
}
