package io.github.subnetsim.internal.replay;

import java.util.List;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpMethod;
import io.github.subnetsim.internal.fetch.FetchOutcome;

/**
 * One replica's fetch as recorded: the request as sent and what came back, with the real time it took.
 *
 * <pre>{@code
 * new Exchange(0, HttpMethod.GET, url, new byte[0], outcome, 12);
 * }</pre>
 *
 * @param replica the replica's index
 * @param method the method sent
 * @param url the URL sent
 * @param body the request body sent (empty when none)
 * @param outcome the raw response within the limits, or the adapter's reject
 * @param fetchMillis real milliseconds the fetch took (informational; latency in the simulation is virtual)
 */
public record Exchange(int replica, HttpMethod method, String url, byte[] body, FetchOutcome outcome, long fetchMillis) {

	/**
	 * The headers as sent.
	 *
	 * @return the request headers, in order
	 */
	public List<HttpHeader> sentHeaders() {
		return outcome.sentHeaders();
	}
}
