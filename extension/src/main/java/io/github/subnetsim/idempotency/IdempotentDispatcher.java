package io.github.subnetsim.idempotency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okio.Buffer;
import okio.ByteString;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.server.MockServers;

/**
 * A {@link MockWebServer} dispatcher that puts an {@link IdempotencyLedger} in front of a handler: the handler (the
 * server's effect) runs once per idempotency key, duplicates get the stored response, and the ledger records which
 * replica sent what.
 *
 * <pre>{@code
 * MockWebServer server = MockServers.startTls();
 * IdempotencyLedger ledger = IdempotencyLedger.create();
 * server.setDispatcher(IdempotentDispatcher.wrap(ledger, server,
 *         request -> new MockResponse.Builder().code(201).body("{\"order\":\"ord-1\"}").build()));
 * subnet.httpRequest(HttpRequestArgs.post(server.url("/orders").toString(), "{}")
 *         .header("Idempotency-Key", "order-42").cycles(...).build());
 * ledger.appliedCount(); // 1
 * }</pre>
 *
 * <p>The request that applies gets the handler's own {@link MockResponse} (with any delays or socket effects it
 * has); duplicates and rejects get a plain response with the stored status, headers and body.
 */
public final class IdempotentDispatcher extends Dispatcher {

	private final IdempotencyLedger ledger;
	private final Function<RecordedRequest, String> sources;
	private final Function<RecordedRequest, MockResponse> handler;

	private IdempotentDispatcher(IdempotencyLedger ledger, Function<RecordedRequest, String> sources,
			Function<RecordedRequest, MockResponse> handler) {
		this.ledger = Objects.requireNonNull(ledger, "ledger");
		this.sources = Objects.requireNonNull(sources, "sources");
		this.handler = Objects.requireNonNull(handler, "handler");
	}

	/**
	 * Wraps a handler on a server started by {@link MockServers#startTls()}, which knows each request's source
	 * address (and so which replica sent it).
	 *
	 * @param ledger the ledger that decides which requests run {@code handler}
	 * @param server the server the dispatcher will be set on
	 * @param handler the server's own handling, run once per key
	 * @return the dispatcher, to give {@code server.setDispatcher}
	 */
	public static IdempotentDispatcher wrap(IdempotencyLedger ledger, MockWebServer server, Function<RecordedRequest, MockResponse> handler) {
		Objects.requireNonNull(server, "server");
		return new IdempotentDispatcher(ledger, r -> MockServers.clientAddress(server, r).orElse("unknown"), handler);
	}

	/**
	 * Wraps a handler, with a function that tells the source address of a request.
	 *
	 * @param ledger the ledger that decides which requests run {@code handler}
	 * @param sources the source address of each request, for example {@code 127.0.0.6} for replica 5
	 * @param handler the server's own handling, run once per key
	 * @return the dispatcher, to give {@code server.setDispatcher}
	 */
	public static IdempotentDispatcher wrap(IdempotencyLedger ledger, Function<RecordedRequest, String> sources,
			Function<RecordedRequest, MockResponse> handler) {
		return new IdempotentDispatcher(ledger, sources, handler);
	}

	/**
	 * The ledger, to assert on.
	 *
	 * @return the live ledger
	 */
	public IdempotencyLedger ledger() {
		return ledger;
	}

	@Override
	public MockResponse dispatch(RecordedRequest request) {
		ByteString body = request.getBody();
		LedgerRequest lr = LedgerRequest.builder(request.getMethod(), request.getUrl().encodedPath())
				.source(sources.apply(request))
				.headers(headers(request.getHeaders()))
				.body(body == null ? null : body.toByteArray())
				.build();
		AtomicReference<MockResponse> own = new AtomicReference<>();
		IdempotencyLedger.Outcome out = ledger.handle(lr, r -> {
			MockResponse m = Objects.requireNonNull(handler.apply(request), "the handler returned null; return a MockResponse");
			own.set(m);
			return toHttpResponse(m);
		});
		return out.applied() ? own.get() : toMockResponse(out.response());
	}

	private static List<HttpHeader> headers(Headers headers) {
		List<HttpHeader> out = new ArrayList<>(headers.size());
		for (int i = 0; i < headers.size(); i++) {
			out.add(new HttpHeader(headers.name(i), headers.value(i)));
		}
		return out;
	}

	/** The status, headers and body of a MockResponse, as stored for duplicates. */
	static HttpResponse toHttpResponse(MockResponse m) {
		Buffer buffer = new Buffer();
		MockResponseBody body = m.getBody();
		if (body != null) {
			try {
				body.writeTo(buffer);
			}
			catch (IOException e) {
				throw new UncheckedIOException("could not read the handler's response body", e);
			}
		}
		return new HttpResponse(m.getCode(), headers(m.getHeaders()), buffer.readByteArray());
	}

	/** A MockResponse with exactly this status, headers and body. */
	static MockResponse toMockResponse(HttpResponse r) {
		Headers.Builder headers = new Headers.Builder();
		boolean hasLength = false;
		for (HttpHeader h : r.headers()) {
			if (h.name().equalsIgnoreCase("content-length")) {
				hasLength = true;
				headers.add(h.name(), String.valueOf(r.bodyLength()));
			}
			else if (!h.name().equalsIgnoreCase("transfer-encoding")) {
				headers.addUnsafeNonAscii(h.name(), h.value()); // a stored chunked body is replayed whole
			}
		}
		if (!hasLength) {
			headers.add("Content-Length", String.valueOf(r.bodyLength()));
		}
		// body() appends its own Content-Length; setting the stored headers afterwards keeps their exact order, so a
		// duplicate's bytes equal the first response's bytes.
		return new MockResponse.Builder()
				.code(r.status())
				.body(new Buffer().write(r.body()))
				.headers(headers.build())
				.build();
	}
}
