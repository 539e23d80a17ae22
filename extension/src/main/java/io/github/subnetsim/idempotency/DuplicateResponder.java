package io.github.subnetsim.idempotency;

import io.github.subnetsim.HttpResponse;

/**
 * What a server answers to a duplicate: by default the stored response of the first request (so every replica gets
 * the same bytes); some real servers answer 409 instead, which replicas then disagree about unless the transform
 * normalises it (docs/idempotency.md, "409 for duplicates").
 *
 * <pre>{@code
 * IdempotencyLedger.builder()
 *         .onDuplicate((key, stored) -> HttpResponse.of(409, List.of(), "{\"error\":\"duplicate\"}"))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface DuplicateResponder {

	/**
	 * The response to a duplicate.
	 *
	 * @param key the idempotency key
	 * @param stored the response the first request with this key got
	 * @return what the duplicate gets
	 */
	HttpResponse respond(String key, HttpResponse stored);

	/**
	 * Answers every duplicate with the stored response, byte for byte (the default).
	 *
	 * @return the replaying responder
	 */
	static DuplicateResponder replay() {
		return (key, stored) -> stored;
	}
}
