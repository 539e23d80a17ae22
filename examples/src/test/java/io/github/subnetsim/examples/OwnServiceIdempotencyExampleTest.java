package io.github.subnetsim.examples;

import static io.github.subnetsim.assertions.OutcallMatchers.agreedBy;
import static io.github.subnetsim.assertions.idempotency.LedgerMatchers.allReplicasSentSameKey;
import static io.github.subnetsim.assertions.idempotency.LedgerMatchers.appliedExactlyOnce;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.idempotency.IdempotencyLedger;
import io.github.subnetsim.idempotency.IdempotentHttpHandler;
import io.github.subnetsim.internal.fetch.SubnetTls;
import io.github.subnetsim.junit.SimulatedSubnet;
import io.github.subnetsim.transform.Transforms;

/**
 * The idempotency ledger in front of your own service rather than a MockWebServer: here a plain JDK
 * {@code HttpsServer} whose handler knows nothing about idempotency. {@link IdempotentHttpHandler} wraps it the way a
 * servlet filter would wrap a servlet: the first POST per key reaches the handler, the other twelve get its stored
 * response.
 */
// Each replica from its own IPv4 address, so the ledger names it; the service listens on 127.0.0.1 (docs/network.md).
@SimulatedSubnet(seed = 9, network = ReplicaNetwork.IPV4_PER_REPLICA)
class OwnServiceIdempotencyExampleTest {

	private HttpsServer server;
	private ExecutorService threads;
	private final AtomicInteger ordersCreated = new AtomicInteger();

	/** Your service's handler: every call creates an order. */
	private final HttpHandler orders = exchange -> {
		exchange.getRequestBody().readAllBytes();
		byte[] out = ("{\"order\":" + ordersCreated.incrementAndGet() + "}").getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(201, out.length);
		try (OutputStream o = exchange.getResponseBody()) {
			o.write(out);
		}
	};

	// tag::own-service[]
	private final IdempotencyLedger ledger = IdempotencyLedger.create();

	@BeforeEach
	void startYourService() throws IOException {
		server = HttpsServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), 0), 0);
		// A certificate from the subnet's test CA, which every simulated replica trusts.
		server.setHttpsConfigurator(new HttpsConfigurator(SubnetTls.testAuthority().serverCertificates().sslContext()));
		server.createContext("/orders", IdempotentHttpHandler.wrap(ledger, orders)); // like a servlet filter
		threads = Executors.newFixedThreadPool(13); // the 13 replicas arrive at the same time
		server.setExecutor(threads);
		server.start();
	}
	// end::own-service[]

	@AfterEach
	void stopYourService() {
		server.stop(0);
		threads.shutdownNow();
	}

	@Test
	void thirteenPostsOneOrder(Subnet subnet) {
		OutcallResult result = subnet.httpRequest(HttpRequestArgs.post("https://localhost:" + server.getAddress().getPort() + "/orders",
				"{\"item\":\"ICP mug\"}")
				.header("Idempotency-Key", "mug-0001")
				.maxResponseBytes(1_000L)
				// The JDK server stamps every response with its own Date header: drop the headers, keep status and body.
				.transform(Transform.of("transform", Transforms.dropAllHeaders()))
				.cycles(100_000_000_000L)
				.build());

		assertThat(ledger, appliedExactlyOnce());
		assertThat(ledger, allReplicasSentSameKey());
		assertEquals(1, ordersCreated.get());
		assertThat(result, agreedBy(13));
	}
}
