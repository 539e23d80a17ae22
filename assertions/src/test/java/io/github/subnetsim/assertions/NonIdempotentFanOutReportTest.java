package io.github.subnetsim.assertions;

import static io.github.subnetsim.assertions.OutcallMatchers.noNonIdempotentFanOut;
import static io.github.subnetsim.assertions.OutcallMatchers.nonIdempotentFanOut;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.idempotency.IdempotencyLedger;
import io.github.subnetsim.idempotency.IdempotentDispatcher;
import io.github.subnetsim.server.MockServers;

/**
 * Issue 13, part 1, as the user reads it: a key-less POST that created 13 orders is the first thing the divergence
 * report says, its suggested transform says what agreement would hide, and the matchers assert it either way.
 */
class NonIdempotentFanOutReportTest {

	private static final String ORDER = "{\"item\":\"ticket\",\"qty\":2}";
	private static final Transform DROP_HEADERS = Transform.of("transform", (r, c) -> r.withHeaders(List.of()));
	private static final AtomicInteger ORDERS = new AtomicInteger();
	private static MockWebServer server;
	private static OutcallResult keyless;
	private static OutcallResult keyed;

	private static MockResponse createOrder(RecordedRequest r) {
		return new MockResponse.Builder().code(201).addHeader("Content-Type", "application/json")
				.body("{\"id\":" + ORDERS.incrementAndGet() + ",\"item\":\"ticket\"}").build();
	}

	@BeforeAll
	static void outcalls() {
		server = MockServers.startTls();
		server.setDispatcher(IdempotentDispatcher.wrap(IdempotencyLedger.create(), server, NonIdempotentFanOutReportTest::createOrder));
		try (Subnet subnet = Subnet.builder().replicas(13).seed(7).build()) {
			keyless = subnet.httpRequest(order().build());
			keyed = subnet.httpRequest(order().header("Idempotency-Key", "order-42").build());
		}
	}

	private static HttpRequestArgs.Builder order() {
		return HttpRequestArgs.post(server.url("/orders").toString(), ORDER).header("Content-Type", "application/json")
				.transform(DROP_HEADERS).cycles(100_000_000_000L);
	}

	@AfterAll
	static void stop() throws Exception {
		server.close();
	}

	@Test
	void theFindingIsTheFirstThingTheDivergenceReportSays() {
		assertEquals(14, ORDERS.get(), "13 orders without the key, 1 with it");
		DivergenceReport report = DivergenceReport.of(keyless);
		assertTrue(report.diverged());
		List<String> lines = report.render().lines().toList();
		assertEquals("Warning: this POST reached the server 13 times without an idempotency key.", lines.get(0));
		assertTrue(lines.get(1).startsWith("  Send an Idempotency-Key header that is the same on every replica"), lines.get(1));
		assertEquals(report.render().substring(0, 40), report.renderSummary().substring(0, 40));
		assertEquals(1, report.findings().size());
		assertTrue(report.toJson().contains("\"message\" : \"this POST reached the server 13 times without an idempotency key\""),
				report.toJson());
	}

	@Test
	void theSuggestedTransformSaysWhatAgreementWouldHide() {
		DivergenceReport report = DivergenceReport.of(keyless);
		assertEquals("/* agreement would hide 13 applications of this POST at the server: send an Idempotency-Key first */ "
				+ "Transforms.dropJson(\"/id\")", report.suggestedTransformCode());
		assertTrue(report.render().contains("Fix: first make the POST idempotent (see the warning above); this transform alone would make "
				+ "the replicas agree, and agreement would hide 13 applications of this POST at the server:\n  /* agreement"), report.render());

		// An idempotent POST that diverged for another reason gets the plain suggestion.
		assertTrue(DivergenceReport.of(keyed).findings().isEmpty());
		assertTrue(DivergenceReport.of(keyed).render().startsWith("Replicas grouped by transformed response"), DivergenceReport.of(keyed).render());
	}

	@Test
	void theMatchersAssertItEitherWay() {
		assertThat(keyless, nonIdempotentFanOut(13));
		assertThat(keyed, noNonIdempotentFanOut());
		assertThat(keyless, Matchers.not(noNonIdempotentFanOut()));
		assertThat(keyed, Matchers.not(nonIdempotentFanOut(13)));

		AssertionFailedError none = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertThat(keyless, noNonIdempotentFanOut()));
		List<String> lines = none.getMessage().lines().toList();
		assertTrue(lines.get(0).startsWith("This POST reached the server 13 times without an idempotency key. Send an Idempotency-Key header"),
				lines.get(0));
		assertEquals("Expected: no non-idempotent fan-out", lines.get(1));
		assertEquals("Actual:   POST ×13 without a key", lines.get(2));
		assertEquals("Warning: this POST reached the server 13 times without an idempotency key.", lines.get(3));

		AssertionFailedError some = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertThat(keyed, nonIdempotentFanOut(13)));
		assertTrue(some.getMessage().startsWith("No non-idempotent fan-out: every replica's POST that reached the server carried the key"),
				some.getMessage());
		AssertionFailedError count = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertThat(keyless, nonIdempotentFanOut(12)));
		assertTrue(count.getMessage().startsWith("This POST reached the server 13 times without an idempotency key, expected 12 times."),
				count.getMessage());
		assertThrows(IllegalArgumentException.class, () -> nonIdempotentFanOut(1));
	}
}
