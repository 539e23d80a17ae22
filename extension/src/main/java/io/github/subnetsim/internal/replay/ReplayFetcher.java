package io.github.subnetsim.internal.replay;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.internal.fetch.FetchOutcome;
import io.github.subnetsim.internal.text.RejectTexts;
import io.github.subnetsim.replay.FixtureException;
import io.github.subnetsim.replay.Redaction;
import io.github.subnetsim.replay.ReplayMismatchException;

/**
 * A replayed replica: replica i serves the response (or the adapter's reject) replica i received when the fixture was
 * recorded, after checking that it is asked for the same request (method, URL, body; a redacted query value matches
 * any value). The raw response goes through the adapter's limits again, so a smaller {@code max_response_bytes}
 * rejects as it would live.
 *
 * <pre>{@code
 * ReplicaFetcher r = new ReplayFetcher(3, FixtureJson.read(path));
 * }</pre>
 */
public final class ReplayFetcher extends OfflineFetcher {

	private final int index;
	private final Fixture fixture;
	private final Fixture.Entry entry;

	/**
	 * @param index the replica's index
	 * @param fixture the recording
	 */
	public ReplayFetcher(int index, Fixture fixture) {
		this.index = index;
		this.fixture = fixture;
		this.entry = fixture.entry(index);
	}

	@Override
	FetchOutcome fetchOffline(HttpRequestArgs sent, long maxResponseBytes, RejectTexts texts) {
		if (entry == null) {
			throw new FixtureException(fixture.file(), "has no recording for replica " + index + " (it recorded replicas " + fixture.recordedReplicas()
					+ ")", "re-record with a replicated outcall on a subnet of at least " + (index + 1) + " replicas");
		}
		byte[] body = sent.body() == null ? new byte[0] : sent.body();
		String difference = difference(entry, sent, body);
		if (!difference.isEmpty()) {
			throw new ReplayMismatchException(fixture.file(), index, difference);
		}
		List<HttpHeader> headers = OfflineAdapter.headersToSend(sent.headers());
		// The recorded real time comes back too, so a replayed trace equals the live one.
		if (entry.failure() != null) {
			Fixture.Failure f = entry.failure();
			return new FetchOutcome.Failed(f.reason(), f.code(), f.message(), headers, entry.source(), f.downloadedBytes(), entry.fetchMillis(),
					entry.notes(), entry.path());
		}
		FetchOutcome limited = OfflineAdapter.limit(entry.response(), maxResponseBytes, texts, headers, entry.source());
		if (limited instanceof FetchOutcome.Fetched ok) {
			return new FetchOutcome.Fetched(ok.response(), ok.sentHeaders(), ok.source(), ok.downloadedBytes(), entry.fetchMillis(), entry.notes(),
					entry.path());
		}
		FetchOutcome.Failed no = (FetchOutcome.Failed) limited;
		List<String> notes = new java.util.ArrayList<>(entry.notes());
		notes.addAll(no.notes());
		return new FetchOutcome.Failed(no.reason(), no.code(), no.message(), no.sentHeaders(), no.source(), no.downloadedBytes(), entry.fetchMillis(),
				notes, entry.path());
	}

	/** The lines that differ between the recorded request and this one; empty when they match. */
	static String difference(Fixture.Entry recorded, HttpRequestArgs sent, byte[] body) {
		StringBuilder d = new StringBuilder();
		if (recorded.method() != sent.method()) {
			d.append("  method: recorded ").append(recorded.method()).append(", sent ").append(sent.method()).append('\n');
		}
		if (!urlMatches(recorded.url(), sent.url())) {
			d.append("  url:    recorded ").append(recorded.url()).append('\n');
			d.append("          sent     ").append(new Redactor(Redaction.defaults()).url(sent.url())).append('\n');
		}
		if (!Arrays.equals(recorded.body(), body)) {
			d.append("  body:   recorded ").append(preview(recorded.body())).append('\n');
			d.append("          sent     ").append(preview(body)).append('\n');
			d.append("          first difference at byte ").append(Arrays.mismatch(recorded.body(), body)).append('\n');
		}
		return d.toString();
	}

	/** Equal, or equal but where the recording has the placeholder for a redacted query value. */
	static boolean urlMatches(String recorded, String sent) {
		if (recorded.equals(sent)) {
			return true;
		}
		String[] r = recorded.split("[?&]", -1);
		String[] s = sent.split("[?&]", -1);
		if (r.length != s.length) {
			return false;
		}
		for (int i = 0; i < r.length; i++) {
			if (r[i].equals(s[i])) {
				continue;
			}
			int eq = r[i].indexOf('=');
			boolean wildcard = i > 0 && eq >= 0 && r[i].substring(eq + 1).equals(Redaction.QUERY_PLACEHOLDER) && s[i].startsWith(r[i].substring(0, eq + 1));
			if (!wildcard) {
				return false;
			}
		}
		return true;
	}

	private static String preview(byte[] body) {
		String text = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8).replace("\n", "\\n");
		return body.length + " bytes \"" + text + (body.length > 120 ? "…" : "") + "\"";
	}

	@Override
	public String sourceAddress() {
		return entry == null ? OfflineAdapter.sourceAddress(index) : entry.source();
	}

	@Override
	public void close() {
		// nothing held
	}
}
