package io.github.subnetsim.trace;

import java.util.List;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;

/**
 * What one replica did for one outcall: what it sent, what it received, how it was perturbed, what its transform
 * produced, the hash it signed and when that share arrived: in virtual time, and in real time plus the virtual
 * latency perturbations.
 *
 * <pre>{@code
 * result.trace().replicas().get(3).perturbations(); // ["jitterHeader date: ... -> ..."]
 * }</pre>
 *
 * @param replica the replica's index (from 0)
 * @param source the source address the server saw: the replica's own, or its SOCKS proxy's (docs/network.md)
 * @param requestHeaders the headers sent, exactly
 * @param status the status received from the network (null when the fetch failed)
 * @param responseHeaders the headers received, names lowercased (empty when the fetch failed)
 * @param responseBodyBytes the body length received
 * @param responseBodySha256 hex SHA-256 of the body received (null when the fetch failed)
 * @param perturbations what the simulation changed, one line each (including a lowered request timeout that fired)
 * @param outcome what the replica signed, for people: {@code response}, {@code reject <code>: <message>}, or {@code silent}
 * @param rejectReason why the replica signed a reject (null when it signed a response or was silent)
 * @param shareHash the hash the replica signed (null when silent)
 * @param transformedBytes the size the transformed-response limit was checked against (null when none)
 * @param arrivalMillis when the share reached the block maker, virtual ms after the request (seeded, so the consensus
 *        round replays exactly)
 * @param realMillis the real (wall-clock) ms the replica's exchange with the server took; null when it made none
 * @param realArrivalMillis {@code realMillis} plus the virtual latency perturbations: what the adapter's 30 s request
 *        timeout is held against; null when the replica made no exchange
 * @param loweredTimeoutMillis the request timeout in force when the replica timed out on a bound a test lowered below
 *        mainnet's 30 s; null otherwise (the replica's text is the same "Timeout expired" either way)
 * @param transformed the response the replica signed (after perturbation and transform); not in the JSON form
 * @param transformInstructions the instructions a metered (Wasm) transform used on this replica, by the replica's
 *        metering rules; null for a Java transform or when none ran
 * @param path how the request reached the server (direct IPv6, direct IPv4, or a SOCKS proxy); null when no
 *        connection reached it (see docs/network.md)
 * @param proxy the SOCKS proxy's index when {@code path} is {@link NetworkPath#SOCKS_PROXY}, else null
 * @param fallbacks one line per route that failed before the one taken (for example {@code direct IPv6: connection
 *        refused}), in order
 */
public record ReplicaTrace(int replica, String source, List<HttpHeader> requestHeaders, Integer status,
		List<HttpHeader> responseHeaders, long responseBodyBytes, String responseBodySha256, List<String> perturbations,
		String outcome, RejectReason rejectReason, String shareHash, Long transformedBytes, long arrivalMillis, Long realMillis,
		Long realArrivalMillis, Long loweredTimeoutMillis, HttpResponse transformed, Long transformInstructions, NetworkPath path, Integer proxy,
		List<String> fallbacks) {

	/**
	 * Copies the lists.
	 *
	 * @param replica the replica's index (from 0)
	 * @param source the source address the server saw
	 * @param requestHeaders the headers sent, exactly
	 * @param status the status received from the network (null when the fetch failed)
	 * @param responseHeaders the headers received, names lowercased (empty when the fetch failed)
	 * @param responseBodyBytes the body length received
	 * @param responseBodySha256 hex SHA-256 of the body received (null when the fetch failed)
	 * @param perturbations what the simulation changed, one line each (including a lowered request timeout that fired)
	 * @param outcome what the replica signed, for people: {@code response}, {@code reject <code>: <message>}, or {@code silent}
	 * @param rejectReason why the replica signed a reject (null when it signed a response or was silent)
	 * @param shareHash the hash the replica signed (null when silent)
	 * @param transformedBytes the size the transformed-response limit was checked against (null when none)
	 * @param arrivalMillis when the share reached the block maker, virtual ms after the request (seeded, so the consensus
	 * round replays exactly)
	 * @param realMillis the real (wall-clock) ms the replica's exchange with the server took; null when it made none
	 * @param realArrivalMillis {@code realMillis} plus the virtual latency perturbations: what the adapter's 30 s request
	 * timeout is held against; null when the replica made no exchange
	 * @param loweredTimeoutMillis the request timeout in force when the replica timed out on a bound a test lowered below
	 * mainnet's 30 s; null otherwise (the replica's text is the same "Timeout expired" either way)
	 * @param transformed the response the replica signed (after perturbation and transform); not in the JSON form
	 * @param transformInstructions the instructions a metered (Wasm) transform used on this replica, by the replica's
	 * metering rules; null for a Java transform or when none ran
	 * @param path how the request reached the server; null when no connection reached it
	 * @param proxy the SOCKS proxy's index when {@code path} is {@link NetworkPath#SOCKS_PROXY}, else null
	 * @param fallbacks one line per route that failed before the one taken, in order
	 */
	public ReplicaTrace {
		requestHeaders = List.copyOf(requestHeaders);
		responseHeaders = List.copyOf(responseHeaders);
		perturbations = List.copyOf(perturbations);
		fallbacks = List.copyOf(fallbacks);
	}

	/**
	 * Whether the replica signed a response (not a reject, not silent).
	 *
	 * @return true for a response
	 */
	public boolean responded() {
		return transformed != null;
	}
}
