package io.github.subnetsim.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.Subnet;

/** Issue 13, part 3: behind a real reverse proxy the ledger names the replicas only when told to trust the proxy. */
@Timeout(60)
class ForwardedAttributionTest {

	private HttpServer backend;
	private ExecutorService backendThreads;
	private ForwardingProxy proxy;
	private final AtomicInteger ordersCreated = new AtomicInteger();

	private final HttpHandler orders = exchange -> {
		exchange.getRequestBody().close();
		byte[] out = ("{\"order_id\":\"ord-" + ordersCreated.incrementAndGet() + "\"}").getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(201, out.length);
		try (OutputStream o = exchange.getResponseBody()) {
			o.write(out);
		}
	};

	/** The service on plain HTTP, its handler wrapped by the ledger, with the forwarding proxy in front. */
	private void start(IdempotencyLedger ledger) throws IOException {
		backend = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), 0), 0);
		backend.createContext("/orders", IdempotentHttpHandler.wrap(ledger, orders));
		backendThreads = Executors.newFixedThreadPool(16);
		backend.setExecutor(backendThreads);
		backend.start();
		proxy = new ForwardingProxy(backend.getAddress());
	}

	@AfterEach
	void stop() {
		if (proxy != null) {
			proxy.close();
		}
		if (backend != null) {
			backend.stop(0);
			backendThreads.shutdownNow();
		}
	}

	private OutcallResult post(long seed) {
		try (Subnet subnet = Subnet.builder().network(ReplicaNetwork.IPV4_PER_REPLICA).replicas(13).seed(seed).build()) {
			return subnet.httpRequest(io.github.subnetsim.HttpRequestArgs.post(proxy.url("/orders"), Posts.ORDER)
					.header("Idempotency-Key", "order-42").transform(Posts.DROP_HEADERS).cycles(Posts.ENOUGH_CYCLES).build());
		}
	}

	@Test
	void trustingTheProxyTheLedgerNamesAllThirteenReplicas() throws IOException {
		IdempotencyLedger ledger = IdempotencyLedger.builder().trustForwarded(ForwardedHeader.X_FORWARDED_FOR, ForwardingProxy.ADDRESS).build();
		start(ledger);
		OutcallResult result = post(131);

		assertEquals(13, assertInstanceOf(OutcallResult.Reply.class, result).agreement());
		assertEquals(1, ordersCreated.get());
		Set<Integer> replicas = new TreeSet<>();
		for (LedgerEntry e : ledger.entries()) {
			replicas.add(e.replica().orElseThrow(() -> new AssertionError("not a replica: " + e)));
		}
		assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), replicas);
	}

	@Test
	void withoutTheSettingTheLedgerNamesOnlyTheProxy() throws IOException {
		IdempotencyLedger ledger = IdempotencyLedger.create();
		start(ledger);
		post(132);

		assertEquals(1, ordersCreated.get());
		assertEquals(13, ledger.entries().size());
		for (LedgerEntry e : ledger.entries()) {
			assertEquals(ForwardingProxy.ADDRESS, e.source());
			assertEquals(ForwardingProxy.ADDRESS, e.who());
		}
	}

	@Test
	void aForgedHeaderFromAnUntrustedPeerIsIgnored() {
		IdempotencyLedger ledger = IdempotencyLedger.builder().trustForwarded(ForwardedHeader.X_FORWARDED_FOR, "127.1.0.1").build();
		ledger.handle(request("127.0.0.4", "X-Forwarded-For", "127.0.0.9"), ok());
		assertEquals("127.0.0.4", ledger.entries().get(0).source());
	}

	@Test
	void theClientIsTheNearestAddressThatIsNotATrustedProxy() {
		IdempotencyLedger ledger = IdempotencyLedger.builder().trustForwarded(ForwardedHeader.X_FORWARDED_FOR, "10.0.0.1", "10.0.0.2").build();
		// A client may prepend anything; the address our first proxy appended is the one to believe.
		ledger.handle(request("10.0.0.2", "X-Forwarded-For", "127.0.0.9, 127.0.0.5, 10.0.0.1"), ok());
		assertEquals("127.0.0.5", ledger.entries().get(0).source());

		IdempotencyLedger realIp = IdempotencyLedger.builder().trustForwarded(ForwardedHeader.X_REAL_IP, "127.1.0.1").build();
		realIp.handle(request("127.1.0.1", "X-Real-IP", "127.0.0.7"), ok());
		realIp.handle(request("127.1.0.1", "X-Forwarded-For", "127.0.0.7"), ok()); // not the trusted header
		assertEquals(List.of("127.0.0.7", "127.1.0.1"), realIp.entries().stream().map(LedgerEntry::source).toList());

		IdempotencyLedger forwarded = IdempotencyLedger.builder().trustForwarded(ForwardedHeader.FORWARDED, "[::1]:8080").build();
		forwarded.handle(request("::1", "Forwarded", "for=\"127.0.0.3:4711\";proto=https;by=::1"), ok());
		forwarded.handle(request("::1", "Forwarded", "for=\"[2001:db8::1]:443\", for=unknown"), ok());
		assertEquals(List.of("127.0.0.3", "unknown"), forwarded.entries().stream().map(LedgerEntry::source).toList());
		assertEquals("replica 2 (127.0.0.3)", forwarded.entries().get(0).who());

		assertThrows(IllegalArgumentException.class, () -> IdempotencyLedger.builder().trustForwarded(ForwardedHeader.X_REAL_IP));
	}

	private static LedgerRequest request(String peer, String header, String value) {
		return LedgerRequest.builder("POST", "/orders").source(peer).header(header, value).build();
	}

	private static Function<LedgerRequest, HttpResponse> ok() {
		return r -> HttpResponse.of(201, List.of(), "{}");
	}
}
