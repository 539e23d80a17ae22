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

	/** Real (wall-clock) milliseconds the exchange took; 0 when nothing was sent. */
	long realMillis();

	/** What the simulation did differently from mainnet on this fetch (for example a lowered timeout), one line each. */
	List<String> notes();

	/** The route the request took, and the routes that failed before it. */
	PathTaken path();

	/** A response, header names lowercased, within {@code max_response_bytes}. */
	record Fetched(HttpResponse response, List<HttpHeader> sentHeaders, String source, long downloadedBytes, long realMillis, List<String> notes,
			PathTaken path) implements FetchOutcome {

		/** Copies the notes. */
		public Fetched {
			notes = List.copyOf(notes);
			path = path == null ? PathTaken.NONE : path;
		}

		/** A response over no particular route, with no notes. */
		public Fetched(HttpResponse response, List<HttpHeader> sentHeaders, String source, long downloadedBytes, long realMillis) {
			this(response, sentHeaders, source, downloadedBytes, realMillis, List.of(), PathTaken.NONE);
		}

		/** A response that took no measurable real time (in-memory or replayed replicas). */
		public Fetched(HttpResponse response, List<HttpHeader> sentHeaders, String source, long downloadedBytes) {
			this(response, sentHeaders, source, downloadedBytes, 0);
		}
	}

	/** The adapter's reject (connect error, size limit, timeout, bad URL …). */
	record Failed(RejectReason reason, RejectCode code, String message, List<HttpHeader> sentHeaders, String source, long downloadedBytes,
			long realMillis, List<String> notes, PathTaken path) implements FetchOutcome {

		/** Copies the notes. */
		public Failed {
			notes = List.copyOf(notes);
			path = path == null ? PathTaken.NONE : path;
		}

		/** A reject over no particular route. */
		public Failed(RejectReason reason, RejectCode code, String message, List<HttpHeader> sentHeaders, String source, long downloadedBytes,
				long realMillis, List<String> notes) {
			this(reason, code, message, sentHeaders, source, downloadedBytes, realMillis, notes, PathTaken.NONE);
		}

		/** A reject of an in-memory or replayed replica, after {@code downloadedBytes}. */
		public Failed(RejectReason reason, RejectCode code, String message, List<HttpHeader> sentHeaders, String source, long downloadedBytes) {
			this(reason, code, message, sentHeaders, source, downloadedBytes, 0, List.of());
		}

		/** A reject before anything was sent. */
		public Failed(RejectReason reason, RejectCode code, String message, List<HttpHeader> sentHeaders, String source) {
			this(reason, code, message, sentHeaders, source, 0, 0, List.of());
		}
	}
}
