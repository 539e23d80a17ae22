package io.github.subnetsim.examples.springboot;

import static io.github.subnetsim.assertions.OutcallMatchers.agreedBy;
import static io.github.subnetsim.assertions.OutcallMatchers.diverges;
import static io.github.subnetsim.assertions.OutcallMatchers.rejectedWith;
import static io.github.subnetsim.assertions.OutcallMatchers.repliesWith;
import static io.github.subnetsim.assertions.ResponseMatchers.body;
import static io.github.subnetsim.assertions.ResponseMatchers.status;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import okhttp3.tls.HeldCertificate;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.internal.fetch.SubnetTls;
import io.github.subnetsim.junit.SimulatedSubnet;
import io.github.subnetsim.trace.ReplicaTrace;
import io.github.subnetsim.transform.Transforms;

/**
 * The exchange-rate service, started for real over HTTPS, called the way an Internet Computer canister calls it.
 *
 * <p>On the Internet Computer a canister (a smart contract) cannot call a web service itself. It asks its subnet,
 * and every replica of the subnet (13 machines on an application subnet) makes the same HTTPS request on its own.
 * Each replica then runs the canister's <em>transform</em>, a function that trims the response, and the response is
 * delivered to the canister only if at least n − f of them (here 13 − 4 = 9) hold byte-identical transformed
 * responses. Otherwise the canister gets a reject.
 *
 * <p>{@code @SimulatedSubnet} gives each test such a subnet as a {@link Subnet} parameter. Its 13 replicas really
 * connect to this Spring Boot server, each from its own loopback address (127.0.0.1 to 127.0.0.13), so the server
 * sees 13 requests per call from 13 clients. That is {@code ReplicaNetwork.IPV4_PER_REPLICA}; the profiles' own
 * networks connect over IPv6 first, which this IPv4-only server would not accept (docs/network.md).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		// Listen on IPv4 loopback only; the replicas connect from 127.0.0.x.
		"server.address=127.0.0.1",
		// HTTPS with the certificate below, given as PEM text through an SSL bundle (no keystore file).
		"server.ssl.bundle=subnet-sim" })
@SimulatedSubnet(network = ReplicaNetwork.IPV4_PER_REPLICA)
class ExchangeRateOutcallTest {

	/**
	 * The server's certificate, made when the test starts and signed by the simulated subnet's test authority, which
	 * every replica trusts (as real replicas trust the public certificate authorities).
	 */
	private static final HeldCertificate SERVER_CERTIFICATE = new HeldCertificate.Builder()
			.signedBy(SubnetTls.testAuthority().authority())
			.addSubjectAlternativeName("localhost")
			.rsa2048()
			.build();

	/** Cycles the canister attaches to pay for the outcall; more than enough, the rest is refunded. */
	private static final long CYCLES = 100_000_000_000L;

	@DynamicPropertySource
	static void serverCertificate(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.subnet-sim.keystore.certificate", SERVER_CERTIFICATE::certificatePem);
		registry.add("spring.ssl.bundle.pem.subnet-sim.keystore.private-key", SERVER_CERTIFICATE::privateKeyPkcs8Pem);
	}

	@LocalServerPort
	private int port;

	@Autowired
	private OrdersController orders;

	@Autowired
	private PostSources postSources;

	private String url(String path) {
		return "https://localhost:" + port + path;
	}

	@Test
	void withoutATransformTheThirteenQuotesDifferAndConsensusFails(Subnet subnet) {
		OutcallResult result = subnet.httpRequest(HttpRequestArgs.get(url("/rates/ICP-USD")).cycles(CYCLES).build());

		// All 13 replicas fetched, and every one got a good quote with the same price...
		assertThat(result.trace().replicas(), hasSize(13));
		for (ReplicaTrace replica : result.trace().replicas()) {
			assertThat(replica.source() + " status", replica.status(), is(200));
		}
		// ...but each one has its own timestamp, requestId and Date header: no two replicas signed the same response,
		// so no 9 agree and the canister gets SYS_TRANSIENT.
		assertThat(result.trace().consensus().groups().values(), everyItem(hasSize(1)));
		assertThat(result, diverges());
		assertThat(result, rejectedWith(RejectCode.SYS_TRANSIENT,
				startsWith("No consensus could be reached. Replicas had different responses.")));
	}

	@Test
	void aTransformKeepingOnlyThePriceLetsAllThirteenReplicasAgree(Subnet subnet) {
		// The canister's transform: drop the headers (Date changes every second) and keep only the JSON value at
		// /price. Each replica runs it on its own response; what remains is the same on all 13.
		Transform keepPrice = Transform.of("transform", Transforms.compose(
				Transforms.dropAllHeaders(),
				Transforms.extractJson("/price")));

		OutcallResult result = subnet.httpRequest(HttpRequestArgs.get(url("/rates/ICP-USD"))
				.transform(keepPrice)
				.cycles(CYCLES)
				.build());

		assertThat(result, agreedBy(13));
		// extractJson leaves the value as JSON: a JSON string, quotes included.
		assertThat(result, repliesWith(allOf(status(200), body("\"12.3456\""))));
	}

	@Test
	void anIdempotentPostPlacesOneOrderThoughThirteenReplicasSendIt(Subnet subnet) {
		postSources.clear();
		int placedBefore = orders.ordersPlaced();

		// Every replica sends this POST, so the server receives it 13 times. The Idempotency-Key, the same on every
		// replica, lets it place the order once and answer the 12 duplicates with that same order.
		OutcallResult result = subnet.httpRequest(HttpRequestArgs.post(url("/orders"), "{\"pair\":\"ICP-USD\",\"amount\":\"10\"}")
				.header("Content-Type", "application/json")
				.header("Idempotency-Key", "order-2f9c")
				// The 13 answers carry the same order; only their Date headers may differ (a second may tick between
				// them), so the transform drops the headers.
				.transform(Transform.of("transform", Transforms.dropAllHeaders()))
				.cycles(CYCLES)
				.build());

		List<String> expectedSources = new ArrayList<>();
		for (int i = 0; i < subnet.replicas(); i++) {
			expectedSources.add(subnet.sourceAddress(i));
		}
		assertThat("one POST from each replica", new ArrayList<>(postSources.sources()), containsInAnyOrder(expectedSources.toArray()));
		assertThat("orders placed", orders.ordersPlaced() - placedBefore, is(1));
		assertThat(result, agreedBy(13));
		assertThat(result, repliesWith(allOf(status(201),
				body("{\"orderId\":\"ord-" + orders.ordersPlaced() + "\",\"pair\":\"ICP-USD\",\"amount\":\"10\",\"status\":\"placed\"}"))));
	}

	/** Records the client address of every POST the server receives, to show one arrives from each replica. */
	static final class PostSources implements Filter {
		private final Queue<String> sources = new ConcurrentLinkedQueue<>();

		@Override
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
			if ("POST".equals(((HttpServletRequest) request).getMethod())) {
				sources.add(request.getRemoteAddr());
			}
			chain.doFilter(request, response);
		}

		Queue<String> sources() {
			return sources;
		}

		void clear() {
			sources.clear();
		}
	}

	/** Added to the application for this test only; Spring Boot puts a Filter bean in front of every request. */
	@TestConfiguration
	static class RecordPostSources {
		@Bean
		PostSources postSources() {
			return new PostSources();
		}
	}
}
