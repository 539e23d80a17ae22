package io.github.subnetsim.idempotency;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;

/**
 * Puts an {@link IdempotencyLedger} in front of your own JDK {@code com.sun.net.httpserver} handler: the handler runs
 * once per idempotency key, duplicates get its stored response. The same shape works as a servlet filter: build a
 * {@link LedgerRequest} from the request, call {@link IdempotencyLedger#handle}, write the outcome's response.
 *
 * <pre>{@code
 * HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
 * server.setHttpsConfigurator(new HttpsConfigurator(SubnetTls.testAuthority().serverCertificates().sslContext()));
 * server.createContext("/orders", IdempotentHttpHandler.wrap(ledger, ordersHandler));
 * server.setExecutor(Executors.newFixedThreadPool(16)); // replicas arrive concurrently
 * server.start();
 * }</pre>
 *
 * <p>The wrapped handler sees the real request, with a body stream that the ledger hashes as it is read; its response
 * is captured in memory (it is what duplicates are answered with) and then sent.
 */
public final class IdempotentHttpHandler implements HttpHandler {

	// Framing headers belong to each connection's own response, not to the stored one.
	private static final Set<String> HOP_BY_HOP = Set.of("content-length", "transfer-encoding", "connection", "date");

	private final IdempotencyLedger ledger;
	private final HttpHandler delegate;

	private IdempotentHttpHandler(IdempotencyLedger ledger, HttpHandler delegate) {
		this.ledger = Objects.requireNonNull(ledger, "ledger");
		this.delegate = Objects.requireNonNull(delegate, "delegate");
	}

	/** The delegate, applied once per key. */
	public static IdempotentHttpHandler wrap(IdempotencyLedger ledger, HttpHandler delegate) {
		return new IdempotentHttpHandler(ledger, delegate);
	}

	/** The ledger, to assert on. */
	public IdempotencyLedger ledger() {
		return ledger;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try {
			LedgerRequest.Builder b = LedgerRequest.builder(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath())
					.source(exchange.getRemoteAddress().getAddress().getHostAddress())
					.body(exchange.getRequestBody());
			for (Map.Entry<String, List<String>> e : exchange.getRequestHeaders().entrySet()) {
				for (String v : e.getValue()) {
					b.header(e.getKey(), v);
				}
			}
			HttpResponse response;
			try {
				response = ledger.handle(b.build(), r -> {
					CapturingExchange capture = new CapturingExchange(exchange, r.body());
					try {
						delegate.handle(capture);
					}
					catch (IOException e) {
						throw new UncheckedIOException(e);
					}
					return capture.response();
				}).response();
			}
			catch (RuntimeException e) {
				// The ledger recorded the failure; the client gets a 500, as from any failing handler.
				response = HttpResponse.of(500, List.of(HttpHeader.of("content-type", "text/plain; charset=utf-8")),
						"the handler failed: " + e);
			}
			send(exchange, response);
		}
		finally {
			exchange.close();
		}
	}

	private static void send(HttpExchange exchange, HttpResponse response) throws IOException {
		for (HttpHeader h : response.headers()) {
			if (!HOP_BY_HOP.contains(h.name().toLowerCase(Locale.ROOT))) {
				exchange.getResponseHeaders().add(h.name(), h.value());
			}
		}
		byte[] body = response.body();
		boolean noBody = body.length == 0 || "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
		// In this API -1 means "no body" and 0 would mean "chunked".
		exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
		if (!noBody) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}
}
