package io.github.subnetsim.internal.fetch;

import java.util.List;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.trace.RejectReason;

/**
 * What one replica's adapter got from the network: a response within the limits, or the adapter's reject.
 *
 * <pre>{@code
 * if (outcome instanceof FetchOutcome.Fetched f) { f.response().status(); }
 * }</pre>
 */
public sealed interface FetchOutcome {

	/** The headers the replica sent, exactly, including the added {@code user-agent}. */
	List<HttpHeader> sentHeaders();

	/** The replica's source address as the server saw it ({@code default} when not bound). */
	String source();

	/** Response bytes downloaded (header names and values plus body), for pay-as-you-go pricing. */
	long downloadedBytes();

	/** A response, header names lowercased, within {@code max_response_bytes}. */
	record Fetched(HttpResponse response, List<HttpHeader> sentHeaders, String source, long downloadedBytes) implements FetchOutcome {
	}

	/** The adapter's reject (connect error, size limit, timeout, bad URL …). */
	record Failed(RejectReason reason, RejectCode code, String message, List<HttpHeader> sentHeaders, String source, long downloadedBytes)
			implements FetchOutcome {
	}
}
