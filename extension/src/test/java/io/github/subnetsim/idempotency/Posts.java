package io.github.subnetsim.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.Transform;

/** Shared pieces of the idempotency tests: the canister's POST, the transform, a server's "create order" effect. */
final class Posts {

	static final long ENOUGH_CYCLES = 100_000_000_000L;
	static final String ORDER = "{\"item\":\"ticket\",\"qty\":2}";
	static final Transform DROP_HEADERS = Transform.of("transform", (r, ctx) -> r.withHeaders(List.of()));

	private Posts() {
	}

	/** The canister's POST of {@link #ORDER} to {@code /orders}, with the key header when {@code key} is not null. */
	static HttpRequestArgs.Builder order(MockWebServer server, String key) {
		HttpRequestArgs.Builder b = HttpRequestArgs.post(server.url("/orders").toString(), ORDER)
				.header("Content-Type", "application/json")
				.cycles(ENOUGH_CYCLES);
		return key == null ? b : b.header("Idempotency-Key", key);
	}

	/** The server's effect: creates order {@code id} (the caller counts it) and answers 201 with it. */
	static MockResponse created(String id) {
		return new MockResponse.Builder().code(201)
				.addHeader("Content-Type", "application/json")
				.body("{\"order_id\":\"" + id + "\",\"status\":\"created\"}")
				.build();
	}

	static Dispatcher dispatcher(Function<RecordedRequest, MockResponse> f) {
		return new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
				return f.apply(request);
			}
		};
	}

	static String sha256(String text) {
		return sha256(text.getBytes(StandardCharsets.UTF_8));
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
