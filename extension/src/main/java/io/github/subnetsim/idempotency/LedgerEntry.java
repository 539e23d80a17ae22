package io.github.subnetsim.idempotency;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One request the {@link IdempotencyLedger} saw, immutable: what arrived (key, source, body hash) and what the ledger
 * did with it. The body itself is never kept, only its SHA-256 and length.
 *
 * <pre>{@code
 * for (LedgerEntry e : ledger.entries()) {
 *     System.out.println(e.arrival() + " " + e.replica() + " " + e.key() + " " + e.disposition());
 * }
 * }</pre>
 *
 * @param arrival the order the request entered the ledger, from 1
 * @param key the idempotency key, or null when the request had none usable (see {@code keyState})
 * @param keyState whether the key header was present, missing, empty or given with conflicting values
 * @param keyValues every value of the key header, as received, in order (empty when missing)
 * @param source the client's address as the server saw it (a replica's 127.0.x.y, see {@link ReplicaSources})
 * @param method the HTTP method
 * @param path the request path
 * @param bodySha256 hex SHA-256 of the request body (of the empty body when there was none)
 * @param bodyBytes the body's length
 * @param disposition what the ledger did: applied the effect, replayed the stored response, rejected, or the effect failed
 * @param status the status code answered
 * @param problem what went wrong, in words, when the effect failed, the request was refused or the ledger could not
 *        read the body; null otherwise
 */
public record LedgerEntry(int arrival, String key, KeyState keyState, List<String> keyValues, String source, String method,
		String path, String bodySha256, long bodyBytes, Disposition disposition, int status, String problem) {

	/**
	 * The {@code bodySha256} of a request whose body was not hashed: it was refused before reading (over a size bound)
	 * or could not be read; {@code problem} says which.
	 */
	public static final String BODY_NOT_READ = "not read";

	/**
	 * How the key header looked.
	 *
	 * <pre>{@code
	 * if (entry.keyState() == KeyState.CONFLICTING) { entry.keyValues(); } // ["a", "b"]
	 * }</pre>
	 */
	public enum KeyState {
		/** One non-blank value (possibly repeated). */
		PRESENT,
		/** No key header at all. */
		MISSING,
		/** The header was there, but blank. */
		EMPTY,
		/** The header was given more than once, with different values. */
		CONFLICTING
	}

	/**
	 * What the ledger did with the request.
	 *
	 * <pre>{@code
	 * long replays = ledger.entries().stream().filter(x -> x.disposition() == Disposition.REPLAYED).count();
	 * }</pre>
	 */
	public enum Disposition {
		/** The effect ran for this request: the first with its key, or a request without a key under the apply policy. */
		APPLIED,
		/** A duplicate: answered from the stored response of the first request with the same key. */
		REPLAYED,
		/** Answered with an error, the effect did not run (missing or conflicting key, another body, still in progress). */
		REJECTED,
		/** The effect threw; the key was released so that a later request may apply it. */
		FAILED
	}

	/**
	 * Checks the entry.
	 *
	 * @param arrival the order the request entered the ledger, from 1
	 * @param key the idempotency key, or null when the request had none usable (see {@code keyState})
	 * @param keyState whether the key header was present, missing, empty or given with conflicting values
	 * @param keyValues every value of the key header, as received, in order (empty when missing)
	 * @param source the client's address as the server saw it (a replica's 127.0.x.y, see {@link ReplicaSources})
	 * @param method the HTTP method
	 * @param path the request path
	 * @param bodySha256 hex SHA-256 of the request body (of the empty body when there was none)
	 * @param bodyBytes the body's length
	 * @param disposition what the ledger did: applied the effect, replayed the stored response, rejected, or the effect failed
	 * @param status the status code answered
	 * @param problem what went wrong, in words, when the effect failed, the request was refused or the ledger could not
	 *     read the body; null otherwise
	 * @throws IllegalArgumentException if a key is given without {@code KeyState.PRESENT}, or missing with it
	 */
	public LedgerEntry {
		Objects.requireNonNull(keyState, "keyState");
		keyValues = List.copyOf(keyValues);
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(path, "path");
		Objects.requireNonNull(bodySha256, "bodySha256");
		Objects.requireNonNull(disposition, "disposition");
		if ((key != null) != (keyState == KeyState.PRESENT)) {
			throw new IllegalArgumentException("a key is given exactly when keyState is PRESENT, got key " + key + " with " + keyState);
		}
	}

	/**
	 * An entry without a problem (the shape before {@code problem} existed).
	 *
	 * @param arrival the order the request entered the ledger, from 1
	 * @param key the idempotency key, or null when the request had none usable
	 * @param keyState whether the key header was present, missing, empty or conflicting
	 * @param keyValues every value of the key header, in order
	 * @param source the client's address as the server saw it
	 * @param method the HTTP method
	 * @param path the request path
	 * @param bodySha256 hex SHA-256 of the request body
	 * @param bodyBytes the body's length
	 * @param disposition what the ledger did
	 * @param status the status code answered
	 */
	public LedgerEntry(int arrival, String key, KeyState keyState, List<String> keyValues, String source, String method, String path,
			String bodySha256, long bodyBytes, Disposition disposition, int status) {
		this(arrival, key, keyState, keyValues, source, method, path, bodySha256, bodyBytes, disposition, status, null);
	}

	/**
	 * Whether the effect ran for this request.
	 *
	 * @return true when the disposition is {@link Disposition#APPLIED}
	 */
	public boolean applied() {
		return disposition == Disposition.APPLIED;
	}

	/**
	 * The replica index behind the source address, when it is a replica's (see {@link ReplicaSources}).
	 *
	 * @return the replica index, or empty for any other client
	 */
	public OptionalInt replica() {
		return ReplicaSources.replicaOf(source);
	}

	/**
	 * {@code "replica 5 (127.0.0.6)"}, or the source address when it is not a replica's.
	 *
	 * @return who sent the request, for messages
	 */
	public String who() {
		return ReplicaSources.describe(source);
	}
}
