package io.github.subnetsim.examples;

import static io.github.subnetsim.assertions.OutcallMatchers.agreedBy;
import static io.github.subnetsim.assertions.idempotency.LedgerMatchers.appliedExactlyOnce;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.idempotency.IdempotencyLedger;
import io.github.subnetsim.idempotency.IdempotentDispatcher;
import io.github.subnetsim.junit.SimulatedSubnet;

/**
 * Example 2: a canister places an order with a POST.
 *
 * <p>Every replica sends the POST, so the order service receives it 13 times. Unless the service recognises the
 * duplicates, 13 orders are stored. The fix: the canister sends an {@code Idempotency-Key} that is the same on every
 * replica, and the service applies each key once and answers duplicates with the stored response (so all replicas
 * see the same answer and agree). Here the service stores orders in a real embedded database (H2).
 */
@SimulatedSubnet(seed = 7)
class IdempotentOrdersExampleTest {

	private Connection db;

	@BeforeEach
	void createDatabase() throws SQLException {
		db = DriverManager.getConnection("jdbc:h2:mem:orders-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		try (Statement s = db.createStatement()) {
			s.execute("create table orders (id identity primary key, item varchar(100) not null)");
		}
	}

	@AfterEach
	void dropDatabase() throws SQLException {
		db.close();
	}

	/** The order service's handler: stores the order, answers 201 with its id. */
	private MockResponse placeOrder(RecordedRequest request) {
		try (PreparedStatement insert = db.prepareStatement("insert into orders (item) values (?)", Statement.RETURN_GENERATED_KEYS)) {
			insert.setString(1, request.getBody().utf8());
			insert.executeUpdate();
			try (ResultSet keys = insert.getGeneratedKeys()) {
				keys.next();
				return new MockResponse.Builder().code(201).body("{\"order\":" + keys.getLong(1) + "}").build();
			}
		}
		catch (SQLException e) {
			return new MockResponse.Builder().code(500).body(e.getMessage()).build();
		}
	}

	private long storedOrders() throws SQLException {
		try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("select count(*) from orders")) {
			r.next();
			return r.getLong(1);
		}
	}

	@Test
	void withAnIdempotencyKeyTheOrderIsStoredOnce(Subnet subnet, MockWebServer server) throws SQLException {
		// tag::idempotent-post[]
		IdempotencyLedger ledger = IdempotencyLedger.create(); // keyed on the Idempotency-Key header
		server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, this::placeOrder));

		OutcallResult result = subnet.httpRequest(HttpRequestArgs.post(server.url("/orders").toString(), "{\"item\":\"ICP t-shirt\"}")
				.header("Idempotency-Key", "order-2026-11-22-0001") // the same on every replica
				.maxResponseBytes(1_000L)
				.cycles(100_000_000_000L)
				.build());

		assertThat(ledger, appliedExactlyOnce()); // 13 POSTs arrived, one was applied
		assertThat(result, agreedBy(13));         // every replica got the stored 201
		// end::idempotent-post[]
		assertEquals(13, server.getRequestCount());
		assertEquals(1, storedOrders());
	}

	@Test
	void withoutAKeyThirteenOrdersAreStored(Subnet subnet, MockWebServer server) throws SQLException {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		server.setDispatcher(IdempotentDispatcher.wrap(ledger, server, this::placeOrder));

		subnet.httpRequest(HttpRequestArgs.post(server.url("/orders").toString(), "{\"item\":\"ICP t-shirt\"}")
				.maxResponseBytes(1_000L)
				.cycles(100_000_000_000L)
				.build());

		assertEquals(13, storedOrders(), "each replica's POST created an order");
		AssertionError failure = assertThrows(AssertionError.class, () -> assertThat(ledger, appliedExactlyOnce()));
		assertTrue(failure.getMessage().contains("POST applied 13 times; expected once. Send an Idempotency-Key header that is the same "
				+ "on every replica, or use a non-replicated request."), failure.getMessage());
	}
}
