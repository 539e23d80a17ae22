package io.github.subnetsim.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.idempotency.IdempotencyLedger.BodyMismatch;
import io.github.subnetsim.idempotency.IdempotencyLedger.MissingKey;
import io.github.subnetsim.idempotency.IdempotencyLedger.Outcome;
import io.github.subnetsim.idempotency.LedgerEntry.Disposition;
import io.github.subnetsim.idempotency.LedgerEntry.KeyState;

/** The ledger on its own, without a network: dedupe, policies, failures, in-flight duplicates, bounded memory. */
class IdempotencyLedgerTest {

	private final AtomicInteger effects = new AtomicInteger();
	private final ExecutorService threads = Executors.newFixedThreadPool(4);

	@AfterEach
	void stop() {
		threads.shutdownNow();
	}

	/** The effect under test: creates an order, numbered by how many times it ran. */
	private final Function<LedgerRequest, HttpResponse> createOrder = r -> {
		int n = effects.incrementAndGet();
		return HttpResponse.of(201, List.of(), "{\"order_id\":\"ord-" + n + "\"}");
	};

	private static LedgerRequest post(String source, String body, String... keyValues) {
		LedgerRequest.Builder b = LedgerRequest.builder("POST", "/orders").source(source);
		for (String v : keyValues) {
			b.header("Idempotency-Key", v);
		}
		return b.body(body.getBytes(StandardCharsets.UTF_8)).build();
	}

	@Test
	void theFirstRequestAppliesAndDuplicatesGetItsStoredResponse() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		Outcome first = ledger.handle(post("127.0.0.1", "{}", "k1"), createOrder);
		Outcome second = ledger.handle(post("127.0.0.2", "{}", "k1"), createOrder);
		Outcome third = ledger.handle(post("127.0.0.3", "{}", "k1"), createOrder);

		assertEquals(1, effects.get());
		assertTrue(first.applied());
		assertEquals(Disposition.REPLAYED, second.entry().disposition());
		assertEquals(Disposition.REPLAYED, third.entry().disposition());
		assertEquals("{\"order_id\":\"ord-1\"}", second.response().bodyText());
		assertEquals(first.response(), third.response());
		assertEquals(List.of(1, 2, 3), ledger.entries().stream().map(LedgerEntry::arrival).toList());
		assertEquals(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"), ledger.entries().stream().map(LedgerEntry::source).toList());
		assertEquals(1, ledger.appliedCount());
		assertEquals(1, ledger.appliedCount("k1"));
		assertEquals(0, ledger.appliedCount("other"));
		assertEquals(Set.of("k1"), ledger.keys());
		LedgerEntry e = ledger.entries().get(1);
		assertEquals(new LedgerEntry(2, "k1", KeyState.PRESENT, List.of("k1"), "127.0.0.2", "POST", "/orders", Posts.sha256("{}"), 2,
				Disposition.REPLAYED, 201), e);
		assertEquals("replica 1 (127.0.0.2)", e.who());
	}

	@Test
	void theKeyHeaderIsMatchedCaseInsensitivelyAndCanBeRenamed() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		ledger.handle(LedgerRequest.builder("POST", "/").header("idempotency-key", "k").build(), createOrder);
		ledger.handle(LedgerRequest.builder("POST", "/").header("IDEMPOTENCY-KEY", "k").build(), createOrder);
		assertEquals(1, ledger.appliedCount("k"));

		IdempotencyLedger renamed = IdempotencyLedger.builder().keyHeader("X-Request-Key").build();
		renamed.handle(LedgerRequest.builder("POST", "/").header("x-request-key", "k").build(), createOrder);
		renamed.handle(LedgerRequest.builder("POST", "/").header("Idempotency-Key", "k").build(), createOrder);
		assertEquals(List.of(KeyState.PRESENT, KeyState.MISSING), renamed.entries().stream().map(LedgerEntry::keyState).toList());
		assertEquals("X-Request-Key", renamed.keyHeader());
		assertThrows(IllegalArgumentException.class, () -> IdempotencyLedger.builder().keyHeader(" "));
	}

	@Test
	void withoutAKeyEveryRequestIsAppliedByDefault() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		for (int i = 1; i <= 3; i++) {
			assertTrue(ledger.handle(post("127.0.0." + i, "{}"), createOrder).applied());
		}
		assertEquals(3, effects.get());
		assertEquals(3, ledger.appliedCount());
		assertEquals(3, ledger.appliedCount(null));
		assertEquals(Set.of(), ledger.keys());
		assertEquals(KeyState.MISSING, ledger.entries().get(0).keyState());
	}

	@Test
	void theRejectPolicyAnswers400ToAMissingOrEmptyKeyWithoutApplying() {
		IdempotencyLedger ledger = IdempotencyLedger.builder().missingKey(MissingKey.REJECT).build();
		Outcome missing = ledger.handle(post("127.0.0.1", "{}"), createOrder);
		Outcome empty = ledger.handle(post("127.0.0.2", "{}", "  "), createOrder);

		assertEquals(0, effects.get());
		assertEquals(400, missing.response().status());
		assertEquals("Idempotency-Key header is missing; send a key that is the same on every replica", missing.response().bodyText());
		assertEquals("Idempotency-Key header is empty; send a key that is the same on every replica", empty.response().bodyText());
		assertEquals(List.of(KeyState.MISSING, KeyState.EMPTY), ledger.entries().stream().map(LedgerEntry::keyState).toList());
		assertEquals(List.of(Disposition.REJECTED, Disposition.REJECTED), ledger.entries().stream().map(LedgerEntry::disposition).toList());
	}

	@Test
	void anEmptyKeyIsNoKeyUnderTheApplyPolicy() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		ledger.handle(post("127.0.0.1", "{}", ""), createOrder);
		ledger.handle(post("127.0.0.2", "{}", ""), createOrder);
		assertEquals(2, ledger.appliedCount(), "a blank key cannot tell duplicates apart");
		assertEquals(KeyState.EMPTY, ledger.entries().get(0).keyState());
		assertEquals(List.of(""), ledger.entries().get(0).keyValues());
	}

	@Test
	void aKeyHeaderRepeatedWithDifferentValuesIsRejectedTheSameValueTwiceIsOneKey() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		Outcome conflicting = ledger.handle(post("127.0.0.1", "{}", "a", "b"), createOrder);
		Outcome repeated = ledger.handle(post("127.0.0.2", "{}", "a", "a"), createOrder);

		assertEquals(400, conflicting.response().status());
		assertEquals("Idempotency-Key was sent 2 times with different values; send it once", conflicting.response().bodyText());
		assertEquals(KeyState.CONFLICTING, conflicting.entry().keyState());
		assertEquals(List.of("a", "b"), conflicting.entry().keyValues());
		assertEquals(null, conflicting.entry().key());
		assertTrue(repeated.applied());
		assertEquals("a", repeated.entry().key());
		assertEquals(1, effects.get());
	}

	@Test
	void aDuplicateWithAnotherBodyGets422ByDefaultOrTheStoredResponseWhenConfigured() {
		IdempotencyLedger strict = IdempotencyLedger.create();
		strict.handle(post("127.0.0.1", "{\"qty\":2}", "k"), createOrder);
		Outcome other = strict.handle(post("127.0.0.2", "{\"qty\":200}", "k"), createOrder);
		assertEquals(422, other.response().status());
		assertEquals("Idempotency-Key k was first used with another body; a key must not be reused for another request",
				other.response().bodyText());
		assertEquals(Disposition.REJECTED, other.entry().disposition());

		IdempotencyLedger lenient = IdempotencyLedger.builder().bodyMismatch(BodyMismatch.REPLAY).build();
		Outcome first = lenient.handle(post("127.0.0.1", "{\"qty\":2}", "k"), createOrder);
		Outcome replayed = lenient.handle(post("127.0.0.2", "{\"qty\":200}", "k"), createOrder);
		assertEquals(first.response(), replayed.response());
		assertEquals(Posts.sha256("{\"qty\":200}"), replayed.entry().bodySha256(), "the entry keeps the duplicate's own hash");
		assertEquals(2, effects.get(), "one effect per ledger");
	}

	@Test
	void aFailingEffectIsRecordedReleasesTheKeyAndIsRethrown() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		IllegalStateException boom = new IllegalStateException("database down");
		IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> ledger.handle(post("127.0.0.1", "{}", "k"), r -> {
			throw boom;
		}));
		assertSame(boom, thrown);
		Outcome retry = ledger.handle(post("127.0.0.2", "{}", "k"), createOrder);

		assertTrue(retry.applied(), "a failed effect does not hold the key");
		assertEquals(List.of(Disposition.FAILED, Disposition.APPLIED), ledger.entries().stream().map(LedgerEntry::disposition).toList());
		assertEquals(500, ledger.entries().get(0).status());
		assertEquals(1, ledger.appliedCount());
	}

	@Test
	void anEffectForOneKeyDoesNotHoldUpAnotherKey() throws Exception {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		CountDownLatch bStarted = new CountDownLatch(1);
		// A's effect only finishes once B's effect has started: with one lock for all keys, B could never start.
		Future<Boolean> a = threads.submit(() -> {
			boolean[] sawB = new boolean[1];
			ledger.handle(post("127.0.0.1", "{}", "A"), r -> {
				try {
					sawB[0] = bStarted.await(5, TimeUnit.SECONDS);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				return HttpResponse.of(201, List.of(), "A");
			});
			return sawB[0];
		});
		ledger.handle(post("127.0.0.2", "{}", "B"), r -> {
			bStarted.countDown();
			return HttpResponse.of(201, List.of(), "B");
		});
		assertTrue(a.get(10, TimeUnit.SECONDS), "B's effect ran while A's was still running");
		assertEquals(2, ledger.appliedCount());
	}

	@Test
	void aDuplicateThatArrivesWhileTheFirstRunsWaitsAndGetsItsResponse() throws Exception {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<Outcome> first = threads.submit(() -> ledger.handle(post("127.0.0.1", "{}", "k"), r -> {
			started.countDown();
			await(release);
			return createOrder.apply(r);
		}));
		assertTrue(started.await(5, TimeUnit.SECONDS));
		Thread[] waiter = new Thread[1];
		Future<Outcome> duplicate = threads.submit(() -> {
			waiter[0] = Thread.currentThread();
			return ledger.handle(post("127.0.0.2", "{}", "k"), createOrder);
		});
		awaitTimedWaiting(waiter);
		release.countDown();

		Outcome dup = duplicate.get(5, TimeUnit.SECONDS);
		assertEquals(Disposition.REPLAYED, dup.entry().disposition());
		assertEquals(first.get(5, TimeUnit.SECONDS).response(), dup.response());
		assertEquals(1, effects.get());
	}

	@Test
	void aDuplicateWaitsBoundedlyThenGets409() throws Exception {
		IdempotencyLedger ledger = IdempotencyLedger.builder().waitForFirst(Duration.ofMillis(50)).build();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<Outcome> first = threads.submit(() -> ledger.handle(post("127.0.0.1", "{}", "k"), r -> {
			started.countDown();
			await(release);
			return createOrder.apply(r);
		}));
		assertTrue(started.await(5, TimeUnit.SECONDS));
		Outcome busy = ledger.handle(post("127.0.0.2", "{}", "k"), createOrder);
		release.countDown();

		assertEquals(409, busy.response().status());
		assertEquals("a request with Idempotency-Key k is still being processed; retry later", busy.response().bodyText());
		assertTrue(first.get(5, TimeUnit.SECONDS).applied());
		assertEquals(Disposition.REPLAYED, ledger.handle(post("127.0.0.3", "{}", "k"), createOrder).entry().disposition());
		assertEquals(1, effects.get());
	}

	@Test
	void aHugeBodyIsHashedInBoundedChunksAndNeverKept() {
		long size = 64L * 1024 * 1024;
		IdempotencyLedger ledger = IdempotencyLedger.create();
		for (int i = 1; i <= 3; i++) {
			GeneratedBody body = new GeneratedBody(size);
			LedgerRequest r = LedgerRequest.builder("POST", "/upload").source("127.0.0." + i).header("Idempotency-Key", "big").body(body).build();
			ledger.handle(r, req -> HttpResponse.of(201, List.of(), "stored"));
			assertTrue(body.largestRead <= 64 * 1024, "read in chunks of at most 64 KiB, saw " + body.largestRead);
		}
		String expected = GeneratedBody.sha256(size);
		for (LedgerEntry e : ledger.entries()) {
			assertEquals(size, e.bodyBytes());
			assertEquals(expected, e.bodySha256());
		}
		assertEquals(List.of(Disposition.APPLIED, Disposition.REPLAYED, Disposition.REPLAYED),
				ledger.entries().stream().map(LedgerEntry::disposition).toList());
		// What the ledger keeps per request: no component of an entry can hold a body.
		for (var c : LedgerEntry.class.getRecordComponents()) {
			assertFalse(c.getType() == byte[].class || java.io.InputStream.class.isAssignableFrom(c.getType())
					|| java.nio.ByteBuffer.class.isAssignableFrom(c.getType()), c.toString());
		}
	}

	@Test
	void anEffectReadsTheBodyThroughTheHashingStream() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		List<String> seen = new ArrayList<>();
		Outcome out = ledger.handle(post("127.0.0.1", "{\"qty\":2}", "k"), r -> {
			seen.add(new String(r.readBody(), StandardCharsets.UTF_8));
			return HttpResponse.of(201, List.of(), "ok");
		});
		assertEquals(List.of("{\"qty\":2}"), seen);
		assertEquals(Posts.sha256("{\"qty\":2}"), out.entry().bodySha256());
		assertEquals(9, out.entry().bodyBytes());
	}

	@Test
	void entriesAreAnImmutableSnapshot() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		ledger.handle(post("127.0.0.1", "{}", "k"), createOrder);
		List<LedgerEntry> snapshot = ledger.entries();
		ledger.handle(post("127.0.0.2", "{}", "k"), createOrder);
		assertEquals(1, snapshot.size());
		assertThrows(UnsupportedOperationException.class, () -> snapshot.clear());
		assertEquals(2, ledger.entries().size());
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(5, TimeUnit.SECONDS)) {
				throw new IllegalStateException("not released within 5 s");
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** Spins (bounded, no sleep) until the thread parks in the ledger's timed wait for the first response. */
	private static void awaitTimedWaiting(Thread[] holder) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (holder[0] == null || holder[0].getState() != Thread.State.TIMED_WAITING) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("the duplicate never waited for the first request");
			}
			Thread.onSpinWait();
		}
	}

	/** A body stream that fails after the effect ran: the entry says so instead of the request vanishing. */
	@Test
	void aBodyThatCannotBeReadIsRecordedWithItsProblemNotLost() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		java.io.InputStream closed = new java.io.InputStream() {
			@Override
			public int read() throws java.io.IOException {
				throw new java.io.IOException("stream is closed");
			}
		};
		Outcome out = ledger.handle(LedgerRequest.builder("POST", "/orders").source("127.0.0.1").header("Idempotency-Key", "k")
				.body(closed).build(), r -> HttpResponse.of(201, List.of(), "{}"));
		assertTrue(out.applied(), "the effect ran, so the entry says APPLIED");
		LedgerEntry e = ledger.entries().get(0);
		assertEquals(LedgerEntry.BODY_NOT_READ, e.bodySha256());
		assertTrue(e.problem().contains("could not read the request body to hash it (java.io.IOException: stream is closed)"), e.problem());

		// A duplicate whose body cannot be read cannot be compared: rejected, with the reason, never replayed blindly.
		Outcome dup = ledger.handle(LedgerRequest.builder("POST", "/orders").source("127.0.0.2").header("Idempotency-Key", "k")
				.body(closed).build(), createOrder);
		assertEquals(Disposition.REJECTED, dup.entry().disposition());
		assertEquals(400, dup.response().status());
		assertEquals(0, effects.get());
	}

	@Test
	void anEffectFailureIsAnsweredAndRecordedWithItsOwnStatusAndMessage() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		EffectFailure thrown = assertThrows(EffectFailure.class, () -> ledger.handle(post("127.0.0.1", "{}", "k"), r -> {
			throw new EffectFailure(502, "upstream refused the connection");
		}));
		assertEquals(502, thrown.response().status());
		assertEquals("upstream refused the connection", thrown.response().bodyText());
		LedgerEntry e = ledger.entries().get(0);
		assertEquals(Disposition.FAILED, e.disposition());
		assertEquals(502, e.status());
		assertEquals("upstream refused the connection", e.problem());
		assertTrue(ledger.handle(post("127.0.0.2", "{}", "k"), createOrder).applied(), "the key was released");
	}
}
