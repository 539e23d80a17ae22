package io.github.subnetsim.idempotency;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * <p>The request body is read into memory before the wrapped handler runs, so the handler may read it partly, drain
 * it or close it; the ledger hashes the whole body either way. The handler sees the real request with that body, and
 * its response is captured in memory (it is what duplicates are answered with) and then sent. A failure inside the
 * ledger (a body that cannot be read, a handler that throws or never answers) is recorded on the request's
 * {@link LedgerEntry#problem()} and answered 500 with the same text, so the ledger never looks as if no request came.
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

	/**
	 * The delegate, applied once per key.
	 *
	 * @param ledger the ledger that decides which requests reach {@code delegate}
	 * @param delegate the server's own handler
	 * @return a handler to register in the delegate's place
	 */
	public static IdempotentHttpHandler wrap(IdempotencyLedger ledger, HttpHandler delegate) {
		return new IdempotentHttpHandler(ledger, delegate);
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
	public void handle(HttpExchange exchange) throws IOException {
		try {
			// The body is captured before the handler runs, so the handler may close or drain its stream (the usual
			// try-with-resources idiom) and the ledger still hashes the whole body. A body that cannot be read (the
			// client went away) is recorded by the ledger as a problem, not lost.
			byte[] body;
			String unreadable = null;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			catch (IOException e) {
				body = null;
				unreadable = "could not read the request body: " + e;
			}
			LedgerRequest.Builder b = LedgerRequest.builder(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath())
					.source(exchange.getRemoteAddress().getAddress().getHostAddress())
					.body(body == null ? new FailingStream(unreadable) : new ByteArrayInputStream(body));
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

	/** What the ledger reads when the body could not be captured: the failure, so it records why. */
	private static final class FailingStream extends InputStream {
		private final String problem;

		FailingStream(String problem) {
			this.problem = problem;
		}

		@Override
		public int read() throws IOException {
			throw new IOException(problem);
		}
	}

	static void send(HttpExchange exchange, HttpResponse response) throws IOException {
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
