package io.github.subnetsim.internal.replay;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.internal.fetch.FetchOutcome;
import io.github.subnetsim.internal.fetch.ReplicaFetcher;
import io.github.subnetsim.internal.text.RejectTexts;

/**
 * Wraps a replica's fetcher and hands every fetch to a {@link RecordingSink}: the trace keeps only a hash of the raw
 * body, so recording has to happen here, where the raw response still exists.
 *
 * <pre>{@code
 * ReplicaFetcher recorded = new RecordingFetcher(i, realClient, sink);
 * }</pre>
 */
public final class RecordingFetcher implements ReplicaFetcher {

	private final int index;
	private final ReplicaFetcher delegate;
	private final RecordingSink sink;

	/**
	 * @param index the replica's index
	 * @param delegate the fetcher that does the work
	 * @param sink where the exchange goes
	 */
	public RecordingFetcher(int index, ReplicaFetcher delegate, RecordingSink sink) {
		this.index = index;
		this.delegate = delegate;
		this.sink = sink;
	}

	@Override
	public boolean usesNetwork() {
		return delegate.usesNetwork();
	}

	@Override
	public FetchOutcome refuse(io.github.subnetsim.internal.fetch.Destination.Refused refused, HttpRequestArgs sent) {
		FetchOutcome outcome = delegate.refuse(refused, sent);
		sink.add(new Exchange(index, sent.method(), sent.url(), sent.body() == null ? new byte[0] : sent.body(), outcome, 0));
		return outcome;
	}

	@Override
	public FetchOutcome fetch(HttpRequestArgs sent, io.github.subnetsim.internal.fetch.Destination to,
			io.github.subnetsim.internal.fetch.Destination.Resolved resolved, long maxResponseBytes, RejectTexts texts) {
		long start = System.nanoTime();
		FetchOutcome outcome = delegate.fetch(sent, to, resolved, maxResponseBytes, texts);
		long millis = outcome.realMillis() > 0 ? outcome.realMillis() : (System.nanoTime() - start) / 1_000_000;
		sink.add(new Exchange(index, sent.method(), sent.url(), sent.body() == null ? new byte[0] : sent.body(), outcome, millis));
		return outcome;
	}

	@Override
	public String sourceAddress() {
		return delegate.sourceAddress();
	}

	@Override
	public void close() {
		delegate.close();
	}
}
