package io.github.subnetsim.assertions;

import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.server.MockServers;

/** A TLS price API like the real ones: every answer has its own request id and timestamp. */
final class PriceServer {

	private PriceServer() {
	}

	static MockWebServer start() {
		MockWebServer server = MockServers.startTls();
		AtomicInteger counter = new AtomicInteger();
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				int i = counter.incrementAndGet();
				return new MockResponse.Builder().addHeader("Content-Type", "application/json").addHeader("X-Request-Id", "req-" + i)
						.body("{\"symbol\":\"ICP\",\"data\":{\"price\":12.34,\"ts\":" + (1_700_000_000 + i) + "}}").build();
			}
		});
		return server;
	}

	/** The same JSON every time. */
	static MockWebServer steady(String body) {
		MockWebServer server = MockServers.startTls();
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
			}
		});
		return server;
	}
}
