package io.github.subnetsim.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.idempotency.LedgerEntry.Disposition;
import io.github.subnetsim.internal.fetch.SubnetTls;

/** The ledger in front of "your own service": a JDK HttpsServer handler, wrapped, on an ephemeral loopback port. */
@Timeout(60)
class IdempotentHttpHandlerTest {

	private HttpsServer server;
	private ExecutorService serverThreads;
	private final IdempotencyLedger ledger = IdempotencyLedger.create();
	private final AtomicInteger ordersCreated = new AtomicInteger();
	private final AtomicInteger failuresLeft = new AtomicInteger();

	/** The service's own handler, unaware of idempotency: every call creates an order. */
	private final HttpHandler orders = exchange -> {
		byte[] body = readAll(exchange.getRequestBody());
		if (failuresLeft.getAndDecrement() > 0) {
			throw new IllegalStateException("database unavailable");
		}
		String json = "{\"order_id\":\"ord-" + ordersCreated.incrementAndGet() + "\",\"bytes\":" + body.length + ",\"sha256\":\""
				+ sha256(body) + "\"}";
		byte[] out = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(201, out.length);
		try (OutputStream o = exchange.getResponseBody()) {
			o.write(out);
		}
	};

	@BeforeEach
	void start() throws IOException {
		server = HttpsServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), 0), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(SubnetTls.testAuthority().serverCertificates().sslContext()));
		server.createContext("/orders", IdempotentHttpHandler.wrap(ledger, orders));
		serverThreads = Executors.newFixedThreadPool(16); // the replicas arrive concurrently
		server.setExecutor(serverThreads);
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
		serverThreads.shutdownNow();
	}

	private HttpRequestArgs.Builder post(byte[] body) {
		return HttpRequestArgs.builder(io.github.subnetsim.HttpMethod.POST, "https://localhost:" + server.getAddress().getPort() + "/orders")
				.body(body)
				.header("Idempotency-Key", "order-42")
				.transform(Posts.DROP_HEADERS) // the JDK server stamps each response with its own Date header
				.cycles(Posts.ENOUGH_CYCLES);
	}

	@Test
	void thirteenReplicasOneOrderEveryReplicaGetsTheStoredResponse() {
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(13).seed(71).build()) {
			result = subnet.httpRequest(post(Posts.ORDER.getBytes(StandardCharsets.UTF_8)).build());
		}
		assertEquals(1, ordersCreated.get());
		assertEquals(1, ledger.appliedCount("order-42"));
		Set<String> sources = new HashSet<>();
		for (LedgerEntry e : ledger.entries()) {
			sources.add(e.source());
			assertEquals(Posts.sha256(Posts.ORDER), e.bodySha256());
		}
		assertEquals(13, sources.size());
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
		assertEquals(13, reply.agreement());
		assertEquals(201, reply.response().status());
		assertTrue(reply.response().bodyText().startsWith("{\"order_id\":\"ord-1\",\"bytes\":" + Posts.ORDER.length() + ","), reply.response().bodyText());
	}

	@Test
	void aLargeBodyIsStreamedToTheHandlerAndHashedByTheLedger() {
		byte[] big = new byte[1_500_000];
		Arrays.fill(big, (byte) 'x');
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(4).seed(72).build()) {
			result = subnet.httpRequest(post(big).build());
		}
		String hash = sha256(big);
		for (LedgerEntry e : ledger.entries()) {
			assertEquals(1_500_000, e.bodyBytes());
			assertEquals(hash, e.bodySha256());
		}
		assertEquals(4, ledger.entries().size());
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
		assertTrue(reply.response().bodyText().contains("\"bytes\":1500000,\"sha256\":\"" + hash + "\""),
				"the handler read the whole body through the ledger's stream: " + reply.response().bodyText());
	}

	@Test
	void aHandlerThatFailsOnceReleasesTheKeyAndTheNextReplicaApplies() {
		failuresLeft.set(1);
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(13).seed(73).build()) {
			result = subnet.httpRequest(post(Posts.ORDER.getBytes(StandardCharsets.UTF_8)).build());
		}
		assertEquals(1, ordersCreated.get());
		assertEquals(1, ledger.appliedCount());
		assertEquals(1, ledger.entries().stream().filter(e -> e.disposition() == Disposition.FAILED).count());
		assertEquals(500, ledger.entries().stream().filter(e -> e.disposition() == Disposition.FAILED).findFirst().orElseThrow().status());
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
		assertEquals(201, reply.response().status());
		assertEquals(12, reply.agreement(), "the replica that got the 500 is outvoted");
	}

	@Test
	void aHandlerThatSendsNothingIsAFailureNotAnEmptyResponse() throws Exception {
		server.createContext("/silent", IdempotentHttpHandler.wrap(ledger, HttpExchange::close));
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(1).build()) {
			result = subnet.httpRequest(HttpRequestArgs.post("https://localhost:" + server.getAddress().getPort() + "/silent", "{}")
					.header("Idempotency-Key", "k").cycles(Posts.ENOUGH_CYCLES).build());
		}
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
		assertEquals(500, reply.response().status());
		assertEquals("the handler failed: java.lang.IllegalStateException: the wrapped handler returned without calling sendResponseHeaders",
				reply.response().bodyText());
		assertEquals(Disposition.FAILED, ledger.entries().get(0).disposition());
	}

	/** The usual JDK idiom: read the body in try-with-resources, which closes the request stream before answering. */
	private final HttpHandler closingOrders = exchange -> {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readNBytes(4); // reads only a prefix, then closes: the ledger must still hash the whole body
		}
		byte[] out = ("{\"order_id\":\"ord-" + ordersCreated.incrementAndGet() + "\",\"prefix\":" + body.length + "}")
				.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(201, out.length);
		try (OutputStream o = exchange.getResponseBody()) {
			o.write(out);
		}
		exchange.close();
	};

	@Test
	void aHandlerThatClosesTheRequestStreamIsAppliedOnceAndTwelveDuplicatesAreAnswered() {
		server.createContext("/closing", IdempotentHttpHandler.wrap(ledger, closingOrders));
		OutcallResult result;
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(13).seed(74).build()) {
			result = subnet.httpRequest(HttpRequestArgs.post("https://localhost:" + server.getAddress().getPort() + "/closing", Posts.ORDER)
					.header("Idempotency-Key", "order-42").transform(Posts.DROP_HEADERS).cycles(Posts.ENOUGH_CYCLES).build());
		}
		assertEquals(1, ordersCreated.get(), ledger.entries().toString());
		assertEquals(13, ledger.entries().size(), ledger.entries().toString());
		assertEquals(1, ledger.appliedCount("order-42"));
		assertEquals(12, ledger.entries().stream().filter(e -> e.disposition() == Disposition.REPLAYED).count());
		for (LedgerEntry e : ledger.entries()) {
			assertEquals(Posts.sha256(Posts.ORDER), e.bodySha256(), "the whole body is hashed although the handler read 4 bytes");
			assertEquals(201, e.status());
		}
		OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, result);
		assertEquals(13, reply.agreement());
		assertEquals("{\"order_id\":\"ord-1\",\"prefix\":4}", reply.response().bodyText());
	}

	private static byte[] readAll(InputStream in) throws IOException {
		return in.readAllBytes();
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
