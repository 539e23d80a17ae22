package io.github.subnetsim;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/** Test servers: dispatchers that answer every replica, with or without per-request variation. */
final class Servers {

	private Servers() {
	}

	static Dispatcher always(MockResponse response) {
		return dispatcher(r -> response);
	}

	static Dispatcher dispatcher(Function<RecordedRequest, MockResponse> f) {
		return new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return f.apply(request);
			}
		};
	}

	/** A JSON price API that stamps every response with a fresh request id, as real APIs do. */
	static Dispatcher priceApiWithRequestIds() {
		AtomicInteger counter = new AtomicInteger();
		return dispatcher(r -> new MockResponse.Builder()
				.addHeader("Content-Type", "application/json")
				.addHeader("X-Request-Id", "req-" + counter.incrementAndGet())
				.body("{\"symbol\":\"ICP\",\"price\":12.34}")
				.build());
	}

	static MockResponse json(String body) {
		return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
	}
}
