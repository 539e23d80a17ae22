package io.github.subnetsim.internal.pipeline;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.github.subnetsim.Finding;
import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpMethod;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.trace.ReplicaTrace;
import io.github.subnetsim.trace.Trace;

/**
 * The findings of one replicated outcall, read from its trace once consensus is over: today, a request that changes
 * state and reached the server from several replicas without an idempotency key.
 *
 * <pre>{@code
 * List<Finding> findings = FanOutFindings.of(args, trace, "Idempotency-Key");
 * }</pre>
 *
 * <p>Counted from what each replica really sent (its trace's request headers), not from the canister's request, so
 * a faulty replica that drops the key is counted and one that adds a key is not.
 */
final class FanOutFindings {

	/** Methods whose repetition the server sees as more than one change; GET and HEAD only read. */
	private static final Set<HttpMethod> CHANGES_STATE = EnumSet.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

	/**
	 * Fetch rejects that come after the request was written: the server may have acted on it (a stall, a response
	 * too large or malformed). The other fetch rejects (no connection, a bad URL) never reached it.
	 */
	private static final Set<RejectReason> SENT_THEN_FAILED = EnumSet.of(RejectReason.TIMEOUT, RejectReason.RESPONSE_HEADER_NOT_ASCII,
			RejectReason.RESPONSE_HEADERS_TOO_LARGE, RejectReason.RESPONSE_BODY_TOO_LARGE, RejectReason.RESPONSE_INVALID);

	private FanOutFindings() {
	}

	/** The findings of a replicated outcall; empty for a non-replicated one, a GET or HEAD, or a request with a key. */
	static List<Finding> of(HttpRequestArgs args, Trace trace, String keyHeader) {
		if (!args.replicated() || !CHANGES_STATE.contains(args.method())) {
			return List.of();
		}
		int withoutKey = 0;
		for (ReplicaTrace r : trace.replicas()) {
			// A replica whose fetch was cut off by the pipeline has no recorded headers: it sent the canister's.
			List<HttpHeader> sent = r.requestHeaders().isEmpty() ? args.headers() : r.requestHeaders();
			if (reachedServer(r) && !hasKey(sent, keyHeader)) {
				withoutKey++;
			}
		}
		// One copy is what the canister meant: only a second one can be applied twice.
		return withoutKey < 2 ? List.of() : List.of(new Finding.NonIdempotentFanOut(args.method().name(), withoutKey, keyHeader));
	}

	private static boolean reachedServer(ReplicaTrace r) {
		return r.status() != null || r.rejectReason() != null && SENT_THEN_FAILED.contains(r.rejectReason());
	}

	/** A blank value is no key: a server cannot deduplicate by it (the ledger treats it as missing too). */
	private static boolean hasKey(List<HttpHeader> headers, String keyHeader) {
		for (HttpHeader h : headers) {
			if (h.name().equalsIgnoreCase(keyHeader) && !h.value().isBlank()) {
				return true;
			}
		}
		return false;
	}
}
