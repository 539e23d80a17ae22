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
 * <p>A failure that came after the effect may have taken place (a request sent upstream, then a timeout) must not
 * release the key, or a duplicate could apply it again: {@link #afterSending} makes one that the ledger records as
 * {@link LedgerEntry.Disposition#APPLIED} with its problem, and whose response it stores and gives every duplicate.
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
	/** Whether the effect may have taken place before it failed; if so the key stays taken. */
	private final boolean mayHaveApplied;

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
		this(status, message, cause, false);
	}

	private EffectFailure(int status, String message, Throwable cause, boolean mayHaveApplied) {
		super(Objects.requireNonNull(message, "message"), cause);
		this.mayHaveApplied = mayHaveApplied;
		this.response = HttpResponse.of(status, List.of(HttpHeader.of("content-type", "text/plain; charset=utf-8")),
				message.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A failure after the effect may have taken place: the key stays taken and duplicates get this same answer.
	 *
	 * <pre>{@code
	 * throw EffectFailure.afterSending(504, "upstream did not answer within 10 s; it may have applied the request", e);
	 * }</pre>
	 *
	 * @param status the status to answer, for example 504
	 * @param message what went wrong, sent as the plain-text body and recorded as the entry's problem
	 * @param cause the underlying failure, or null
	 * @return the failure, to throw from the effect
	 */
	public static EffectFailure afterSending(int status, String message, Throwable cause) {
		return new EffectFailure(status, message, cause, true);
	}

	/**
	 * Whether the effect may have taken place before it failed (see {@link #afterSending}).
	 *
	 * @return true when duplicates get this answer too, false when the key was released
	 */
	public boolean mayHaveApplied() {
		return mayHaveApplied;
	}

	/**
	 * What to answer the request that failed.
	 *
	 * @return the plain-text response with the status and message
	 */
	public HttpResponse response() {
		return response;
	}
}
