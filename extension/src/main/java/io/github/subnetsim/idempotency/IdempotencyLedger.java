package io.github.subnetsim.idempotency;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.idempotency.LedgerEntry.Disposition;
import io.github.subnetsim.idempotency.LedgerEntry.KeyState;

/**
 * Applies a server's effect once per idempotency key and answers duplicates with the stored response, as a server
 * must when n replicas send the same POST. It records every request (key, source, arrival order, body hash, what it
 * did) so a test can assert how often the effect ran and which replica sent what.
 *
 * <pre>{@code
 * IdempotencyLedger ledger = IdempotencyLedger.create();   // header "Idempotency-Key"
 * IdempotencyLedger.Outcome out = ledger.handle(request, r -> {
 *     orders.create(r.readBody());                          // the effect: runs once per key
 *     return HttpResponse.of(201, List.of(), "{\"order\":\"ord-1\"}");
 * });
 * ledger.appliedCount();                                    // 1, however many replicas sent it
 * }</pre>
 *
 * <p>Thread-safe. The first request with a key claims it with a per-key future, so requests with other keys never wait
 * for it, and duplicates that arrive while it runs wait for its response (bounded by {@link Builder#waitForFirst}).
 * Memory per request is one small {@link LedgerEntry}; per key, one stored response. Bodies are hashed, never kept.
 */
public final class IdempotencyLedger {

	/** The header name the IC docs and examples use. */
	public static final String DEFAULT_KEY_HEADER = "Idempotency-Key";

	/**
	 * What to do with a request that carries no usable key (missing or blank).
	 *
	 * <pre>{@code
	 * IdempotencyLedger.builder().missingKey(MissingKey.REJECT).build(); // 400 without a key
	 * }</pre>
	 */
	public enum MissingKey {
		/** Run the effect every time, as a server without idempotency support does (the default). */
		APPLY,
		/** Answer 400 and do not run the effect. */
		REJECT
	}

	/**
	 * What to do with a duplicate whose body differs from the first request's body under the same key.
	 *
	 * <pre>{@code
	 * IdempotencyLedger.builder().bodyMismatch(BodyMismatch.REPLAY).build(); // compare keys only
	 * }</pre>
	 */
	public enum BodyMismatch {
		/** Answer 422 (draft-ietf-httpapi-idempotency-key-header), do not replay (the default). */
		REJECT,
		/** Replay the stored response anyway, as servers that compare only the key do. */
		REPLAY
	}

	private final String keyHeader;
	private final MissingKey missingKey;
	private final BodyMismatch bodyMismatch;
	private final DuplicateResponder duplicates;
	private final Duration waitForFirst;
	private final Attribution attribution;
	private final ConcurrentHashMap<String, CompletableFuture<First>> firsts = new ConcurrentHashMap<>();
	private final ConcurrentSkipListMap<Integer, LedgerEntry> entries = new ConcurrentSkipListMap<>();
	private final AtomicInteger arrivals = new AtomicInteger();

	/** The applied request of one key and the response it got, which duplicates are answered from. */
	private record First(LedgerEntry entry, HttpResponse response) {
	}

	/**
	 * What the ledger answered one request with.
	 *
	 * <pre>{@code
	 * Outcome out = ledger.handle(request, effect);
	 * if (out.applied()) { ... }  // this request ran the effect
	 * }</pre>
	 *
	 * @param entry what was recorded
	 * @param response what to send back
	 */
	public record Outcome(LedgerEntry entry, HttpResponse response) {
		/**
		 * Checks that both parts are present.
		 *
		 * @param entry what was recorded
		 * @param response what to send back
		 */
		public Outcome {
			Objects.requireNonNull(entry, "entry");
			Objects.requireNonNull(response, "response");
		}

		/**
		 * Whether this request ran the effect.
		 *
		 * @return true when {@link #entry()} is {@link Disposition#APPLIED}
		 */
		public boolean applied() {
			return entry.applied();
		}
	}

	private IdempotencyLedger(Builder b) {
		this.keyHeader = b.keyHeader;
		this.missingKey = b.missingKey;
		this.bodyMismatch = b.bodyMismatch;
		this.duplicates = b.duplicates;
		this.waitForFirst = b.waitForFirst;
		this.attribution = b.attribution;
	}

	/**
	 * A ledger with the defaults: header {@code Idempotency-Key}, requests without a key applied every time.
	 *
	 * @return an empty ledger
	 */
	public static IdempotencyLedger create() {
		return builder().build();
	}

	/**
	 * A builder with the defaults.
	 *
	 * @return a builder for a ledger
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The key header's name (matched case-insensitively).
	 *
	 * @return for example {@code Idempotency-Key}
	 */
	public String keyHeader() {
		return keyHeader;
	}

	/**
	 * Handles one request: runs {@code effect} if this is the first request with its key (or it has no key and the
	 * policy is {@link MissingKey#APPLY}), otherwise answers from the stored response. An exception from the effect
	 * is recorded as {@link Disposition#FAILED}, releases the key and is rethrown.
	 *
	 * @param request the incoming request; its body is hashed as it is read
	 * @param effect the server's side effect and its response, run at most once per key
	 * @return what was recorded and the response to send back
	 */
	public Outcome handle(LedgerRequest request, Function<? super LedgerRequest, HttpResponse> effect) {
		Objects.requireNonNull(request, "request");
		Objects.requireNonNull(effect, "effect");
		Arrival a = arrive(request);
		KeyState state = a.state;
		List<String> values = a.values;
		if (state == KeyState.CONFLICTING) {
			// Two different keys in one request: neither is safe to dedupe by, and applying could double the effect.
			return reject(a, request, 400, keyHeader + " was sent " + values.size() + " times with different values; send it once");
		}
		if (state != KeyState.PRESENT) {
			if (missingKey == MissingKey.REJECT) {
				return reject(a, request, 400, keyHeader + " header is " + (state == KeyState.EMPTY ? "empty" : "missing")
						+ "; send a key that is the same on every replica");
			}
			return apply(a, request, effect, null);
		}
		String key = values.get(0);
		long deadline = System.nanoTime() + waitForFirst.toNanos();
		while (true) {
			CompletableFuture<First> mine = new CompletableFuture<>();
			CompletableFuture<First> earlier = firsts.putIfAbsent(key, mine);
			if (earlier == null) {
				return apply(a, request, effect, mine);
			}
			// A duplicate: wait for the first one's response. The body stays unread until then, because if the first
			// one's effect fails this request claims the key and its effect may need the body.
			First first;
			try {
				first = earlier.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (ExecutionException e) {
				continue; // the first one's effect failed and released the key: try to claim it
			}
			catch (TimeoutException e) {
				return reject(a, request, 409, "a request with " + keyHeader + " " + key + " is still being processed; retry later");
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for the first request with " + keyHeader + " " + key, e);
			}
			Body body = Body.of(request);
			if (body.problem != null) {
				// Without the body's hash the ledger cannot tell a duplicate from a different request under the same key.
				return record(a, body, Disposition.REJECTED, text(400, body.problem));
			}
			if (!body.sha256.equals(first.entry().bodySha256()) && bodyMismatch == BodyMismatch.REJECT) {
				return reject(a, request, 422, keyHeader + " " + key + " was first used with another body; a key must not be reused for"
						+ " another request");
			}
			HttpResponse answer;
			try {
				answer = Objects.requireNonNull(duplicates.respond(key, first.response()), "the duplicate responder returned null");
			}
			catch (RuntimeException e) {
				record(a, body, Disposition.FAILED, text(500, "the duplicate responder failed: " + e));
				throw e;
			}
			return record(a, body, Disposition.REPLAYED, answer);
		}
	}

	/**
	 * Records a request that its front end refused before the ledger could look at it (for example a body over the
	 * proxy's size bound, or no free connection slot): {@link Disposition#REJECTED}, body not read.
	 *
	 * @param bodyBytes the body's length if known (its Content-Length), or -1
	 */
	Outcome refuse(LedgerRequest request, long bodyBytes, int status, String message) {
		Arrival a = arrive(request);
		return record(a, new Body(LedgerEntry.BODY_NOT_READ, bodyBytes, null), Disposition.REJECTED, text(status, message));
	}

	/** What is known of a request once it arrived: its order, its key header, and who sent it. */
	private static final class Arrival {
		final int number;
		final List<String> values;
		final KeyState state;
		final String source;
		final String method;
		final String path;

		Arrival(int number, List<String> values, String source, LedgerRequest request) {
			this.number = number;
			this.values = values;
			this.state = keyState(values);
			this.source = source;
			this.method = request.method();
			this.path = request.path();
		}

		String key() {
			return state == KeyState.PRESENT ? values.get(0) : null;
		}
	}

	private Arrival arrive(LedgerRequest request) {
		return new Arrival(arrivals.incrementAndGet(), request.headerValues(keyHeader), attribution.source(request), request);
	}

	/** The body's hash and length, or, when it could not be read, what went wrong (never an exception: see handle). */
	private static final class Body {
		final String sha256;
		final long bytes;
		final String problem;

		Body(String sha256, long bytes, String problem) {
			this.sha256 = sha256;
			this.bytes = bytes;
			this.problem = problem;
		}

		static Body of(LedgerRequest request) {
			try {
				return new Body(request.bodySha256(), request.bodyBytes(), null);
			}
			catch (RuntimeException e) {
				Throwable cause = e.getCause() == null ? e : e.getCause();
				return new Body(LedgerEntry.BODY_NOT_READ, -1, "the ledger could not read the request body to hash it (" + cause
						+ "); did the handler close or drain the stream it was given?");
			}
		}
	}

	private Outcome apply(Arrival a, LedgerRequest request, Function<? super LedgerRequest, HttpResponse> effect,
			CompletableFuture<First> claim) {
		String key = a.key();
		try {
			HttpResponse response;
			try {
				response = Objects.requireNonNull(effect.apply(request), "the effect returned null; return the response to send");
			}
			catch (EffectFailure f) {
				if (!f.mayHaveApplied()) {
					failed(a, request, f.response(), f.getMessage());
					throw f;
				}
				// It may have taken place: keep the key, so no duplicate applies it again, and give every duplicate
				// the same answer.
				Body body = Body.of(request);
				Outcome out = record(a, new Body(body.sha256, body.bytes, join(f.getMessage(), body.problem)), Disposition.APPLIED, f.response());
				if (claim != null) {
					claim.complete(new First(out.entry(), f.response()));
				}
				return out;
			}
			catch (RuntimeException | Error e) {
				failed(a, request, text(500, String.valueOf(e)), "the effect failed: " + e);
				throw e;
			}
			// The effect ran, so this is APPLIED whatever happens next; an unreadable body only adds a problem.
			Outcome out = record(a, Body.of(request), Disposition.APPLIED, response);
			if (claim != null) {
				claim.complete(new First(out.entry(), response));
			}
			return out;
		}
		finally {
			// Whatever went wrong, a claim never stays open: waiting duplicates retry instead of waiting out their bound.
			if (claim != null && !claim.isDone()) {
				firsts.remove(key, claim);
				claim.completeExceptionally(new IllegalStateException("the first request with " + keyHeader + " " + key + " failed"));
			}
		}
	}

	/** Records a failed effect (the caller rethrows its exception). */
	private void failed(Arrival a, LedgerRequest request, HttpResponse answer, String problem) {
		Body body = Body.of(request);
		record(a, new Body(body.sha256, body.bytes, join(problem, body.problem)), Disposition.FAILED, answer);
	}

	private static String join(String problem, String more) {
		return more == null ? problem : problem + "; " + more;
	}

	private Outcome reject(Arrival a, LedgerRequest request, int status, String message) {
		Body body = Body.of(request);
		return record(a, new Body(body.sha256, body.bytes, join(message, body.problem)), Disposition.REJECTED, text(status, message));
	}

	private Outcome record(Arrival a, Body body, Disposition d, HttpResponse response) {
		LedgerEntry entry = new LedgerEntry(a.number, a.key(), a.state, a.values, a.source, a.method, a.path, body.sha256,
				body.bytes, d, response.status(), body.problem);
		entries.put(entry.arrival(), entry);
		return new Outcome(entry, response);
	}

	private static HttpResponse text(int status, String message) {
		return HttpResponse.of(status, List.of(HttpHeader.of("content-type", "text/plain; charset=utf-8")),
				message.getBytes(StandardCharsets.UTF_8));
	}

	static KeyState keyState(List<String> values) {
		if (values.isEmpty()) {
			return KeyState.MISSING;
		}
		if (new LinkedHashSet<>(values).size() > 1) {
			return KeyState.CONFLICTING;
		}
		return values.get(0).isBlank() ? KeyState.EMPTY : KeyState.PRESENT;
	}

	/**
	 * Every request handled so far, in arrival order (a request still in its effect is listed once it finishes).
	 *
	 * @return a snapshot of the entries
	 */
	public List<LedgerEntry> entries() {
		return List.copyOf(entries.values());
	}

	/**
	 * How many times the effect ran, over all keys and the requests without one.
	 *
	 * @return the number of {@link Disposition#APPLIED} entries: 1 per key when every replica's POST was deduplicated
	 */
	public int appliedCount() {
		int n = 0;
		for (LedgerEntry e : entries.values()) {
			n += e.applied() ? 1 : 0;
		}
		return n;
	}

	/**
	 * How many times the effect ran for this key (null: for requests without a usable key).
	 *
	 * @param key the idempotency key, or null
	 * @return the number of {@link Disposition#APPLIED} entries with that key
	 */
	public int appliedCount(String key) {
		int n = 0;
		for (LedgerEntry e : entries.values()) {
			n += e.applied() && Objects.equals(e.key(), key) ? 1 : 0;
		}
		return n;
	}

	/**
	 * The distinct keys seen, in order of first arrival.
	 *
	 * @return the keys, without the requests that had none
	 */
	public Set<String> keys() {
		Set<String> out = new LinkedHashSet<>();
		for (LedgerEntry e : entries.values()) {
			if (e.key() != null) {
				out.add(e.key());
			}
		}
		return out;
	}

	@Override
	public String toString() {
		List<LedgerEntry> all = new ArrayList<>(entries.values());
		return "IdempotencyLedger{header=" + keyHeader + ", sources=" + attribution + ", requests=" + all.size() + ", applied=" + appliedCount() + ", keys=" + keys() + "}";
	}

	/**
	 * Configures an {@link IdempotencyLedger}.
	 *
	 * <pre>{@code
	 * IdempotencyLedger.builder().keyHeader("X-Request-Key").missingKey(MissingKey.REJECT).build();
	 * }</pre>
	 */
	public static final class Builder {
		private String keyHeader = DEFAULT_KEY_HEADER;
		private MissingKey missingKey = MissingKey.APPLY;
		private BodyMismatch bodyMismatch = BodyMismatch.REJECT;
		private DuplicateResponder duplicates = DuplicateResponder.replay();
		private Duration waitForFirst = Duration.ofSeconds(30);
		private Attribution attribution = Attribution.PEER;

		private Builder() {
		}

		/**
		 * The key header's name, matched case-insensitively (default {@code Idempotency-Key}).
		 *
		 * @param name the header name, not blank
		 * @return this builder
		 */
		public Builder keyHeader(String name) {
			Objects.requireNonNull(name, "keyHeader");
			if (name.isBlank()) {
				throw new IllegalArgumentException("the key header needs a name, for example \"" + DEFAULT_KEY_HEADER + "\"");
			}
			this.keyHeader = name;
			return this;
		}

		/**
		 * What to do with requests without a usable key (default {@link MissingKey#APPLY}).
		 *
		 * @param policy apply or reject
		 * @return this builder
		 */
		public Builder missingKey(MissingKey policy) {
			this.missingKey = Objects.requireNonNull(policy, "missingKey");
			return this;
		}

		/**
		 * What to do with a duplicate whose body differs (default {@link BodyMismatch#REJECT}, 422).
		 *
		 * @param policy reject or replay
		 * @return this builder
		 */
		public Builder bodyMismatch(BodyMismatch policy) {
			this.bodyMismatch = Objects.requireNonNull(policy, "bodyMismatch");
			return this;
		}

		/**
		 * What duplicates get (default: the stored response, byte for byte).
		 *
		 * @param responder what a duplicate is answered with
		 * @return this builder
		 */
		public Builder onDuplicate(DuplicateResponder responder) {
			this.duplicates = Objects.requireNonNull(responder, "onDuplicate");
			return this;
		}

		/**
		 * How long a duplicate waits for the first request's effect to finish before it gets 409 (default 30 s, the
		 * replica adapter's own timeout). {@code Duration.ZERO} simulates a server that answers a duplicate whose
		 * original is still running with 409 at once, as many APIs do: racing replicas then get different answers.
		 *
		 * @param bound the longest wait, not negative
		 * @return this builder
		 */
		public Builder waitForFirst(Duration bound) {
			if (bound.isNegative()) {
				throw new IllegalArgumentException("waitForFirst cannot be negative, got " + bound);
			}
			this.waitForFirst = bound;
			return this;
		}

		/**
		 * Names the replica by the address a trusted reverse proxy puts in {@code header}, for requests whose
		 * connection comes from one of {@code proxies}; requests from anywhere else are named by their connection's
		 * address, and without this setting the forwarded-address headers are ignored (anyone can send them). With a
		 * chain of proxies, list them all: the client is the nearest address in the header that is not one of them.
		 *
		 * <pre>{@code
		 * IdempotencyLedger.builder().trustForwarded(ForwardedHeader.X_REAL_IP, "127.0.0.1").build();
		 * }</pre>
		 *
		 * @param header the one header the proxy sets
		 * @param proxies the proxies' addresses as the server sees them, for example {@code 127.0.0.1}
		 * @return this builder
		 */
		public Builder trustForwarded(ForwardedHeader header, String... proxies) {
			Set<String> bare = new LinkedHashSet<>();
			for (String p : proxies) {
				bare.add(ForwardedHeader.bare(Objects.requireNonNull(p, "proxy address")));
			}
			this.attribution = Attribution.trusting(header, bare);
			return this;
		}

		/**
		 * A new, empty ledger.
		 *
		 * @return the ledger, with this builder's settings
		 */
		public IdempotencyLedger build() {
			return new IdempotencyLedger(this);
		}
	}
}
