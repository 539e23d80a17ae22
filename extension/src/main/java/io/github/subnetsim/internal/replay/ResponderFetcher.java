package io.github.subnetsim.internal.replay;

import java.util.List;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.internal.fetch.FetchOutcome;
import io.github.subnetsim.internal.text.RejectTexts;
import io.github.subnetsim.replay.Responder;
import io.github.subnetsim.replay.SentRequest;

/**
 * An in-memory replica: asks a {@link Responder} for the raw response, then applies the adapter's limits.
 *
 * <pre>{@code
 * ReplicaFetcher r = new ResponderFetcher(3, responder, seed);
 * }</pre>
 */
public final class ResponderFetcher extends OfflineFetcher {

	private final int index;
	private final Responder responder;
	private final long seed;
	private final String source;
	/** The last URL that passed the adapter's checks: outcalls repeat one URL, and parsing it per replica showed in profiles. */
	private volatile String checkedUrl;

	/**
	 * @param index the replica's index
	 * @param responder where responses come from
	 * @param seed the subnet's seed, passed to the responder
	 */
	public ResponderFetcher(int index, Responder responder, long seed) {
		this.index = index;
		this.responder = responder;
		this.seed = seed;
		this.source = OfflineAdapter.sourceAddress(index);
	}

	@Override
	FetchOutcome fetchOffline(HttpRequestArgs sent, long maxResponseBytes, RejectTexts texts) {
		List<HttpHeader> headers = OfflineAdapter.headersToSend(sent.headers());
		if (!sent.url().equals(checkedUrl)) {
			FetchOutcome.Failed bad = OfflineAdapter.urlProblem(sent, texts, headers, source);
			if (bad != null) {
				return bad;
			}
			checkedUrl = sent.url();
		}
		HttpResponse raw = responder.respond(index, new SentRequest(sent.method(), sent.url(), headers, sent.body()), seed);
		if (raw == null) {
			throw new IllegalStateException("the responder returned null for replica " + index + "; return a response, for example "
					+ "HttpResponse.of(503, List.of(), \"\") for a server error");
		}
		return OfflineAdapter.limit(raw, maxResponseBytes, texts, headers, source);
	}

	@Override
	public String sourceAddress() {
		return source;
	}

	@Override
	public void close() {
		// nothing held
	}
}
