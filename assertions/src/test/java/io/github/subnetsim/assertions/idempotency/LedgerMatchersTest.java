package io.github.subnetsim.assertions.idempotency;

import static io.github.subnetsim.assertions.idempotency.LedgerMatchers.allReplicasSentSameKey;
import static io.github.subnetsim.assertions.idempotency.LedgerMatchers.appliedExactlyOnce;
import static io.github.subnetsim.assertions.idempotency.LedgerMatchers.appliedTimes;
import static io.github.subnetsim.assertions.idempotency.LedgerMatchers.everyPostCarriedKey;
import static io.github.subnetsim.assertions.idempotency.LedgerMatchers.sameBodyForEachKey;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.idempotency.IdempotencyLedger;
import io.github.subnetsim.idempotency.LedgerRequest;
import io.github.subnetsim.idempotency.ReplicaSources;

/** Each matcher, passing and failing, with its exact message; ledgers are fed directly, as a server would. */
class LedgerMatchersTest {

	private static final String ORDER = "{\"item\":\"ticket\",\"qty\":2}";

	/** Replica {@code replica} sends the canister's POST with these key header values. */
	private static void post(IdempotencyLedger ledger, int replica, String body, String... keyValues) {
		LedgerRequest.Builder b = LedgerRequest.builder("POST", "/orders").source(ReplicaSources.address(replica));
		for (String v : keyValues) {
			b.header("Idempotency-Key", v);
		}
		ledger.handle(b.body(body.getBytes(StandardCharsets.UTF_8)).build(), r -> HttpResponse.of(201, List.of(), "{\"order\":1}"));
	}

	private static String failure(IdempotencyLedger ledger, Matcher<IdempotencyLedger> matcher) {
		return assertThrows(AssertionError.class, () -> assertThat(ledger, matcher)).getMessage();
	}

	@Test
	void appliedExactlyOncePassesForOneKeyOnThirteenReplicas() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		for (int r = 0; r < 13; r++) {
			post(ledger, r, ORDER, "order-42");
		}
		assertThat(ledger, appliedExactlyOnce());
		assertThat(ledger, appliedTimes(1));
		assertThat(ledger, everyPostCarriedKey());
		assertThat(ledger, allReplicasSentSameKey());
		assertThat(ledger, sameBodyForEachKey());
	}

	@Test
	void withoutAKeyAppliedExactlyOnceFailsAndSaysWhatToChange() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		for (int r = 0; r < 13; r++) {
			post(ledger, r, ORDER);
		}
		assertThat(ledger, appliedTimes(13));
		assertEquals("\nExpected: the POST applied exactly once\n"
				+ "     but: POST applied 13 times; expected once. Send an Idempotency-Key header that is the same on every replica, or use a non-replicated request.\n"
				+ "Expecting the server to apply the POST once, but it applied it 13 times:\n"
				+ "  no Idempotency-Key: applied 13 times, 13 requests from replicas 0-12 (127.0.0.1-127.0.0.13), status 201 ×13",
				failure(ledger, appliedExactlyOnce()));
	}

	@Test
	void appliedTimesNamesTheShortfall() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		post(ledger, 0, ORDER, "k");
		post(ledger, 1, ORDER, "k");
		assertEquals("\nExpected: the POST applied exactly 2 times\n"
				+ "     but: POST applied once; expected 2 times.\n"
				+ "Expecting the server to apply the POST 2 times, but it applied it once:\n"
				+ "  key \"k\": applied once, 2 requests from replicas 0-1 (127.0.0.1-127.0.0.2), status 201 ×2",
				failure(ledger, appliedTimes(2)));
		assertThrows(IllegalArgumentException.class, () -> appliedTimes(-1));
	}

	@Test
	void anEmptyLedgerSaysNoRequestReachedTheServer() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		assertEquals("\nExpected: the POST applied exactly once\n"
				+ "     but: POST applied 0 times; expected once. No request reached the server: check the outcall's result (it may have"
				+ " been rejected before any replica sent it) and that the server's dispatcher uses this ledger.",
				failure(ledger, appliedExactlyOnce()));
		String noPost = "No POST reached the server, so there was no Idempotency-Key to check. Check the outcall's result (it may have been"
				+ " rejected before any replica sent it) and that the server's dispatcher uses this ledger.";
		assertEquals("\nExpected: every POST carrying a non-empty Idempotency-Key header\n     but: " + noPost, failure(ledger, everyPostCarriedKey()));
		assertEquals("\nExpected: every replica sending the same Idempotency-Key\n     but: " + noPost, failure(ledger, allReplicasSentSameKey()));
		assertThat(ledger, sameBodyForEachKey()); // nothing to compare is not a mismatch of bodies
	}

	@Test
	void rejectedRequestsAreNotApplied() {
		IdempotencyLedger ledger = IdempotencyLedger.builder().missingKey(IdempotencyLedger.MissingKey.REJECT).build();
		for (int r = 0; r < 4; r++) {
			post(ledger, r, ORDER);
		}
		assertEquals("\nExpected: the POST applied exactly once\n"
				+ "     but: POST applied 0 times; expected once. The server answered all 4 requests without applying it (4 rejected, 0 failed):"
				+ " see the statuses below.\n"
				+ "Expecting the server to apply the POST once, but it applied it 0 times:\n"
				+ "  no Idempotency-Key: applied 0 times, 4 requests from replicas 0-3 (127.0.0.1-127.0.0.4), status 400 ×4\n"
				+ "Problems the ledger recorded:\n"
				+ "  4 × Idempotency-Key header is missing; send a key that is the same on every replica",
				failure(ledger, appliedExactlyOnce()));
	}

	@Test
	void aFaultyReplicasOwnKeyIsNamed() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		for (int r = 0; r < 7; r++) {
			post(ledger, r, ORDER, r == 5 ? "forged" : "order-42");
		}
		String trustModel = " Honest replicas send the key the canister gave; a replica that sends another one is faulty, and no server can tell"
				+ " which request is the canister's (docs/idempotency.md, \"Trust model\").";
		assertEquals("\nExpected: the POST applied exactly once\n"
				+ "     but: POST applied 2 times; expected once. The replicas sent 2 different Idempotency-Keys: replica 5 (127.0.0.6) sent"
				+ " key \"forged\", the others key \"order-42\"." + trustModel + "\n"
				+ "Expecting the server to apply the POST once, but it applied it 2 times:\n"
				+ "  key \"order-42\": applied once, 6 requests from replicas 0-4, 6 (127.0.0.1-127.0.0.5, 127.0.0.7), status 201 ×6\n"
				+ "  key \"forged\": applied once, 1 request from replica 5 (127.0.0.6), status 201 ×1",
				failure(ledger, appliedExactlyOnce()));
		assertEquals("\nExpected: every replica sending the same Idempotency-Key\n"
				+ "     but: The replicas sent 2 different Idempotency-Keys; expected the same key from every replica. Replica 5 (127.0.0.6)"
				+ " sent key \"forged\", the others key \"order-42\"." + trustModel + "\n"
				+ "Expecting every replica to send the same Idempotency-Key, but they sent:\n"
				+ "  key \"order-42\": 6 requests from replicas 0-4, 6 (127.0.0.1-127.0.0.5, 127.0.0.7), status 201 ×6\n"
				+ "  key \"forged\": 1 request from replica 5 (127.0.0.6), status 201 ×1",
				failure(ledger, allReplicasSentSameKey()));
		assertThat(ledger, everyPostCarriedKey());
	}

	@Test
	void aKeyMadePerReplicaIsToldApartFromAFaultyReplica() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		for (int r = 0; r < 3; r++) {
			post(ledger, r, ORDER, "uuid-" + r);
		}
		assertEquals("\nExpected: every replica sending the same Idempotency-Key\n"
				+ "     but: The replicas sent 3 different Idempotency-Keys; expected the same key from every replica. Every replica sent its"
				+ " own key. Make the key in the canister from data every replica shares (for example its own order id), not per replica"
				+ " from randomness or the clock.\n"
				+ "Expecting every replica to send the same Idempotency-Key, but they sent:\n"
				+ "  key \"uuid-0\": 1 request from replica 0 (127.0.0.1), status 201 ×1\n"
				+ "  key \"uuid-1\": 1 request from replica 1 (127.0.0.2), status 201 ×1\n"
				+ "  key \"uuid-2\": 1 request from replica 2 (127.0.0.3), status 201 ×1",
				failure(ledger, allReplicasSentSameKey()));
	}

	@Test
	void missingEmptyAndConflictingKeysAreEachNamed() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		post(ledger, 0, ORDER, "k");
		post(ledger, 1, ORDER);
		post(ledger, 2, ORDER, " ");
		post(ledger, 3, ORDER, "k", "other");
		post(ledger, 4, ORDER, "k", "k");
		assertEquals("\nExpected: every POST carrying a non-empty Idempotency-Key header\n"
				+ "     but: 3 of 5 POSTs carried no usable Idempotency-Key. Send an Idempotency-Key header that is the same on every replica,"
				+ " or use a non-replicated request. Send the Idempotency-Key header once per request: with two different values the server"
				+ " cannot tell which request it repeats.\n"
				+ "Expecting every POST to carry one non-empty Idempotency-Key header, but:\n"
				+ "  2 different Idempotency-Key values [\"k\", \"other\"]: 1 request from replica 3 (127.0.0.4), status 400 ×1\n"
				+ "  empty Idempotency-Key: 1 request from replica 2 (127.0.0.3), status 201 ×1\n"
				+ "  no Idempotency-Key: 1 request from replica 1 (127.0.0.2), status 201 ×1",
				failure(ledger, everyPostCarriedKey()));
		assertEquals("\nExpected: every replica sending the same Idempotency-Key\n"
				+ "     but: 3 requests had no usable Idempotency-Key; expected the same key from every replica. Replica 3 (127.0.0.4) sent"
				+ " 2 different Idempotency-Key values [\"k\", \"other\"], replica 2 (127.0.0.3) sent empty Idempotency-Key,"
				+ " replica 1 (127.0.0.2) sent no Idempotency-Key, the others key \"k\". Send an Idempotency-Key header that is the same on"
				+ " every replica, or use a non-replicated request.\n"
				+ "Expecting every replica to send the same Idempotency-Key, but they sent:\n"
				+ "  key \"k\": 2 requests from replicas 0, 4 (127.0.0.1, 127.0.0.5), status 201 ×2\n"
				+ "  2 different Idempotency-Key values [\"k\", \"other\"]: 1 request from replica 3 (127.0.0.4), status 400 ×1\n"
				+ "  empty Idempotency-Key: 1 request from replica 2 (127.0.0.3), status 201 ×1\n"
				+ "  no Idempotency-Key: 1 request from replica 1 (127.0.0.2), status 201 ×1",
				failure(ledger, allReplicasSentSameKey()));
	}

	@Test
	void aBodyChangedUnderTheSameKeyIsNamed() {
		IdempotencyLedger ledger = IdempotencyLedger.builder().bodyMismatch(IdempotencyLedger.BodyMismatch.REPLAY).build();
		post(ledger, 2, "{\"item\":\"ticket\",\"qty\":200}", "order-42"); // the faulty replica is first
		for (int r : new int[] { 0, 1, 3 }) {
			post(ledger, r, ORDER, "order-42");
		}
		assertThat(ledger, appliedExactlyOnce());
		assertThat(ledger, allReplicasSentSameKey());
		assertEquals("\nExpected: every request with the same Idempotency-Key carrying the same body\n"
				+ "     but: Idempotency-Key \"order-42\" came with 2 different bodies: replica 2 (127.0.0.3) sent body sha256 b2802b2561c49b42…"
				+ " (27 bytes), the others body sha256 b2510d7f43116c5e… (25 bytes). Expected one body per key. Honest replicas send the"
				+ " canister's body; a replica that sends another is faulty. If its request came first, its body is the one applied,"
				+ " whatever the ledger's BodyMismatch policy (docs/idempotency.md, \"Trust model\").\n"
				+ "Expecting every request with the same Idempotency-Key to carry the same body, but:\n"
				+ "  key \"order-42\", body sha256 b2510d7f43116c5e… (25 bytes): 3 requests from replicas 0-1, 3 (127.0.0.1-127.0.0.2, 127.0.0.4),"
				+ " status 201 ×3\n"
				+ "  key \"order-42\", body sha256 b2802b2561c49b42… (27 bytes): applied once, 1 request from replica 2 (127.0.0.3), status 201 ×1",
				failure(ledger, sameBodyForEachKey()));
	}

	@Test
	void sourcesThatAreNoReplicaAreListedAsGiven() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		ledger.handle(LedgerRequest.builder("POST", "/").source("10.1.2.3").build(), r -> HttpResponse.of(200, List.of(), ""));
		ledger.handle(LedgerRequest.builder("POST", "/").build(), r -> HttpResponse.of(200, List.of(), ""));
		post(ledger, 300, ORDER);
		assertEquals("\nExpected: the POST applied exactly once\n"
				+ "     but: POST applied 3 times; expected once. Send an Idempotency-Key header that is the same on every replica, or use a"
				+ " non-replicated request.\n"
				+ "Expecting the server to apply the POST once, but it applied it 3 times:\n"
				+ "  no Idempotency-Key: applied 3 times, 3 requests from replica 300 (127.0.1.47), 10.1.2.3, unknown, status 200 ×2, 201 ×1",
				failure(ledger, appliedExactlyOnce()));
	}

	/** Issue 13, part 5: every text names the header the ledger was configured with. */
	@Test
	void everyTextUsesTheConfiguredKeyHeader() {
		IdempotencyLedger ledger = IdempotencyLedger.builder().keyHeader("Request-Token").build();
		for (int r = 0; r < 3; r++) {
			ledger.handle(LedgerRequest.builder("POST", "/orders").source(ReplicaSources.address(r)).header("Idempotency-Key", "k")
					.body(ORDER.getBytes(StandardCharsets.UTF_8)).build(), x -> HttpResponse.of(201, List.of(), "{}"));
		}
		assertEquals("\nExpected: the POST applied exactly once\n"
				+ "     but: POST applied 3 times; expected once. Send a Request-Token header that is the same on every replica, or use a"
				+ " non-replicated request.\n"
				+ "Expecting the server to apply the POST once, but it applied it 3 times:\n"
				+ "  no Request-Token: applied 3 times, 3 requests from replicas 0-2 (127.0.0.1-127.0.0.3), status 201 ×3",
				failure(ledger, appliedExactlyOnce()));
		String everyPost = failure(ledger, everyPostCarriedKey());
		assertEquals("\nExpected: every POST carrying a non-empty Request-Token header\n"
				+ "     but: 3 of 3 POSTs carried no usable Request-Token. Send a Request-Token header that is the same on every replica, or use"
				+ " a non-replicated request.\n"
				+ "Expecting every POST to carry one non-empty Request-Token header, but:\n"
				+ "  no Request-Token: 3 requests from replicas 0-2 (127.0.0.1-127.0.0.3), status 201 ×3", everyPost);
		String sameKey = failure(ledger, allReplicasSentSameKey());
		assertEquals(-1, sameKey.indexOf("Idempotency-Key"), sameKey);
		assertEquals(-1, (failure(IdempotencyLedger.builder().keyHeader("X-Key").build(), everyPostCarriedKey())).indexOf("Idempotency-Key"));
	}

	/** A failure inside the ledger is shown with its words, never as "no request reached the server". */
	@Test
	void aFailedEffectIsShownWithItsProblem() {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		assertThrows(IllegalStateException.class, () -> ledger.handle(LedgerRequest.builder("POST", "/orders").source(ReplicaSources.address(0))
				.header("Idempotency-Key", "k").build(), r -> {
					throw new IllegalStateException("database unavailable");
				}));
		assertEquals("\nExpected: the POST applied exactly once\n"
				+ "     but: POST applied 0 times; expected once. The server answered all 1 request without applying it (0 rejected, 1 failed):"
				+ " see the statuses below.\n"
				+ "Expecting the server to apply the POST once, but it applied it 0 times:\n"
				+ "  key \"k\": applied 0 times, 1 request from replica 0 (127.0.0.1), status 500 ×1\n"
				+ "Problems the ledger recorded:\n"
				+ "  1 × the effect failed: java.lang.IllegalStateException: database unavailable",
				failure(ledger, appliedExactlyOnce()));
	}
}
