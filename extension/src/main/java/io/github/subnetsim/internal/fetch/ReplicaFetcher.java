package io.github.subnetsim.internal.fetch;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.internal.text.RejectTexts;

/**
 * Where one replica gets its raw response: the network ({@link ReplicaClient}), a Java responder or a recording.
 * Everything after the fetch (perturb, validate, transform, consensus) is the pipeline's, whatever the source.
 *
 * <pre>{@code
 * FetchOutcome outcome = fetcher.fetch(sent, destination, resolved, maxResponseBytes, RejectTexts.of(profile));
 * }</pre>
 *
 * <p>Internal to the simulated subnet; public only so the engine's packages can share it.
 */
public interface ReplicaFetcher extends AutoCloseable {

	/**
	 * Fetches once, as this replica's adapter would, holding the raw response to {@code maxResponseBytes}.
	 *
	 * @param sent the request as this replica sends it (after any request perturbation)
	 * @param to where it goes, parsed once for the outcall (a fetcher without network ignores it)
	 * @param resolved the host's addresses, resolved once for the outcall; null when {@link #usesNetwork()} is false
	 * @param maxResponseBytes the effective limit (the argument, or the profile's default)
	 * @param texts the profile's reject texts
	 * @return the response within the limits, or the adapter's reject
	 */
	FetchOutcome fetch(HttpRequestArgs sent, Destination to, Destination.Resolved resolved, long maxResponseBytes, RejectTexts texts);

	/**
	 * The adapter's reject for a URL it refuses before sending anything, the same on every replica.
	 *
	 * @param refused why
	 * @param sent the request, for the headers the replica would have sent
	 * @return the reject
	 */
	default FetchOutcome refuse(Destination.Refused refused, HttpRequestArgs sent) {
		return new FetchOutcome.Failed(refused.reason(), io.github.subnetsim.RejectCode.SYS_FATAL, refused.message(),
				ReplicaClient.headersToSend(sent.headers()), sourceAddress());
	}

	/**
	 * Whether this replica goes to the network: only then is the host resolved and held to loopback.
	 *
	 * @return true for a real client, false for in-memory and replayed replicas
	 */
	default boolean usesNetwork() {
		return true;
	}

	/**
	 * The replica's source address, as a server sees it.
	 *
	 * @return a loopback address such as {@code 127.0.0.1}
	 */
	String sourceAddress();

	/** Releases connections and threads, if any. Idempotent. */
	@Override
	void close();
}
