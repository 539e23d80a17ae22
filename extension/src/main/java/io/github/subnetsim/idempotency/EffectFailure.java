package io.github.subnetsim.idempotency;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;

/**
 * Thrown by an effect that failed and knows what to answer: the ledger records the request as
 * {@link LedgerEntry.Disposition#FAILED} with this response's status and this message as its problem, releases the
 * key (a later duplicate may apply), and rethrows, so the caller can send {@link #response()}.
 *
 * <pre>{@code
 * try {
 *     ledger.handle(request, r -> {
 *         if (!database.isUp()) {
 *             throw new EffectFailure(503, "database down; nothing was written");
 *         }
 *         return orders.create(r.readBody());
 *     });
 * }
 * catch (EffectFailure f) {
 *     send(f.response());
 * }
 * }</pre>
 */
public class EffectFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient HttpResponse response;

	/**
	 * @param status the status to answer, for example 502
	 * @param message what went wrong, sent as the plain-text body and recorded as the entry's problem
	 */
	public EffectFailure(int status, String message) {
		this(status, message, null);
	}

	/**
	 * @param status the status to answer
	 * @param message what went wrong
	 * @param cause the underlying failure, or null
	 */
	public EffectFailure(int status, String message, Throwable cause) {
		super(Objects.requireNonNull(message, "message"), cause);
		this.response = HttpResponse.of(status, List.of(HttpHeader.of("content-type", "text/plain; charset=utf-8")),
				message.getBytes(StandardCharsets.UTF_8));
	}

	/** What to answer the request that failed. */
	public HttpResponse response() {
		return response;
	}
}
