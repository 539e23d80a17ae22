package io.github.subnetsim.internal.replay;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.internal.fetch.Destination;
import io.github.subnetsim.internal.fetch.FetchOutcome;
import io.github.subnetsim.internal.fetch.ReplicaFetcher;
import io.github.subnetsim.internal.text.RejectTexts;

/**
 * A replica that needs no network (in-memory or replayed): the URL is neither resolved nor held to loopback, and
 * the destination plays no part in its fetch.
 */
abstract class OfflineFetcher implements ReplicaFetcher {

	@Override
	public final FetchOutcome fetch(HttpRequestArgs sent, Destination to, Destination.Resolved resolved, long maxResponseBytes, RejectTexts texts) {
		return fetchOffline(sent, maxResponseBytes, texts);
	}

	@Override
	public final boolean usesNetwork() {
		return false;
	}

	/** The fetch without network, holding the raw response to {@code maxResponseBytes}. */
	abstract FetchOutcome fetchOffline(HttpRequestArgs sent, long maxResponseBytes, RejectTexts texts);
}
