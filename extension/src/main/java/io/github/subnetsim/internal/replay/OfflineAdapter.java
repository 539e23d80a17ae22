package io.github.subnetsim.internal.replay;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.internal.fetch.FetchOutcome;
import io.github.subnetsim.internal.text.RejectTexts;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.trace.RejectReason;

/**
 * What the HTTPS adapter does around the network, for replicas that have none: the headers it sends, its source
 * address, its URL checks, and the limits it holds the raw response to. Kept equal to {@code ReplicaClient} so an
 * in-memory or replayed replica leaves the same trace as a live one.
 *
 * <pre>{@code
 * FetchOutcome o = OfflineAdapter.limit(raw, maxResponseBytes, texts, OfflineAdapter.headersToSend(args.headers()), "127.0.0.1");
 * }</pre>
 */
public final class OfflineAdapter {

	private OfflineAdapter() {
	}

	/**
	 * The canister's headers, and {@code user-agent: ic/1.0} when it sent none (as the live adapter does).
	 *
	 * @param given the canister's headers
	 * @return the headers as sent
	 */
	public static List<HttpHeader> headersToSend(List<HttpHeader> given) {
		List<HttpHeader> out = new ArrayList<>(given.size() + 1);
		boolean hasAgent = false;
		for (HttpHeader h : given) {
			out.add(h);
			hasAgent |= h.name().equalsIgnoreCase("user-agent");
		}
		if (!hasAgent) {
			out.add(new HttpHeader("user-agent", Limits.DEFAULT_USER_AGENT));
		}
		return out;
	}

	/**
	 * Replica i's loopback source address, 127.0.x.y with x·254 + y − 1 = i, as the live replicas bind it.
	 *
	 * @param index the replica's index
	 * @return the dotted address
	 */
	public static String sourceAddress(int index) {
		return "127.0." + index / 254 + "." + (index % 254 + 1);
	}

	/**
	 * The adapter's reject for a URL it cannot fetch over HTTPS, or null when the URL is fine.
	 *
	 * @param args the request
	 * @param texts the profile's texts
	 * @param sent the headers as sent, for the trace
	 * @param source the source address
	 * @return a failure, or null
	 */
	public static FetchOutcome.Failed urlProblem(HttpRequestArgs args, RejectTexts texts, List<HttpHeader> sent, String source) {
		URI uri;
		try {
			uri = new URI(args.url());
		}
		catch (URISyntaxException e) {
			return new FetchOutcome.Failed(RejectReason.URL_INVALID, RejectCode.SYS_FATAL, texts.urlDoesNotParse("invalid URL"), sent, source, 0);
		}
		if (uri.getScheme() == null) {
			return new FetchOutcome.Failed(RejectReason.URL_INVALID, RejectCode.SYS_FATAL, texts.urlDoesNotParse("relative URL without a base"), sent,
					source, 0);
		}
		if (!uri.getScheme().toLowerCase(Locale.ROOT).equals("https")) {
			return new FetchOutcome.Failed(RejectReason.HTTPS_REQUIRED, RejectCode.SYS_FATAL, texts.httpsRequired(), sent, source, 0);
		}
		return null;
	}

	/**
	 * Holds a raw response to the limits as {@code ReplicaClient} does: header names lowercased, header bytes over
	 * {@code maxResponseBytes} is "headers too large", a body over the rest is "body too large".
	 *
	 * @param raw the response as received
	 * @param maxResponseBytes the effective limit
	 * @param texts the profile's texts
	 * @param sent the headers as sent
	 * @param source the source address
	 * @return the response within the limits, or the adapter's reject
	 */
	public static FetchOutcome limit(HttpResponse raw, long maxResponseBytes, RejectTexts texts, List<HttpHeader> sent, String source) {
		List<HttpHeader> headers = new ArrayList<>(raw.headers().size());
		long headerBytes = 0;
		boolean lowercase = true;
		for (HttpHeader h : raw.headers()) {
			String name = h.name().toLowerCase(Locale.ROOT);
			lowercase &= name.equals(h.name());
			HttpHeader lowered = name.equals(h.name()) ? h : new HttpHeader(name, h.value());
			headers.add(lowered);
			headerBytes += lowered.byteSize();
		}
		if (headerBytes > maxResponseBytes) {
			return new FetchOutcome.Failed(RejectReason.RESPONSE_HEADERS_TOO_LARGE, RejectCode.SYS_FATAL, texts.responseHeadersTooLarge(maxResponseBytes),
					sent, source, headerBytes);
		}
		long bodyLimit = maxResponseBytes - headerBytes;
		int bodyLength = raw.bodyLength();
		if (bodyLength > bodyLimit) {
			// The live adapter stops reading one byte past the limit, and counts what it downloaded.
			return new FetchOutcome.Failed(RejectReason.RESPONSE_BODY_TOO_LARGE, RejectCode.SYS_FATAL, texts.responseBodyTooLarge(maxResponseBytes), sent,
					source, headerBytes + bodyLimit + 1);
		}
		// Avoid copying the body again when the names are already lowercase (the common case, and the fast path).
		HttpResponse r = lowercase ? raw : raw.withHeaders(headers);
		return new FetchOutcome.Fetched(r, sent, source, headerBytes + bodyLength);
	}
}
