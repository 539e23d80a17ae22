package io.github.subnetsim.idempotency;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;

/**
 * One exchange of the ledger proxy: admission, the request size bound, then the ledger in front of the upstream.
 * Safe methods are forwarded without the ledger; every other request is recorded, whatever its answer.
 */
final class ProxyHandler implements HttpHandler {

	/** Methods that change nothing (RFC 9110 §9.2.1): forwarded as they are, never deduplicated or recorded. */
	static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final IdempotencyLedger ledger;
	private final Upstream upstream;
	private final long maxRequestBytes;
	private final Duration maxWait;

	ProxyHandler(IdempotencyLedger ledger, Upstream upstream, long maxRequestBytes, Duration maxWait) {
		this.ledger = ledger;
		this.upstream = upstream;
		this.maxRequestBytes = maxRequestBytes;
		this.maxWait = maxWait;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
				// The proxy listens on the IPv6 wildcard to take both loopbacks; it serves this machine only.
				exchange.sendResponseHeaders(403, -1);
				return;
			}
			IdempotentHttpHandler.send(exchange, answer(exchange));
		}
	}

	private HttpResponse answer(HttpExchange exchange) {
		String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
		String path = exchange.getRequestURI().getRawPath();
		String query = exchange.getRequestURI().getRawQuery();
		String target = query == null ? path : path + "?" + query;
		String peer = exchange.getRemoteAddress().getAddress().getHostAddress();
		List<HttpHeader> headers = new ArrayList<>();
		for (Map.Entry<String, List<String>> e : exchange.getRequestHeaders().entrySet()) {
			for (String v : e.getValue()) {
				headers.add(new HttpHeader(e.getKey(), v));
			}
		}
		LedgerRequest.Builder request = LedgerRequest.builder(method, path).source(peer).headers(headers);
		long declared = contentLength(exchange);
		boolean safe = SAFE.contains(method);
		if (AdmissionExecutor.waitedNanos() > maxWait.toNanos()) {
			return refused(safe, request, declared, 503, "the ledger proxy is busy: this request waited " + AdmissionExecutor.waitedNanos()
					/ 1_000_000 + " ms for one of its connection slots (more than " + maxWait.toMillis() + " ms); it was not sent upstream");
		}
		if (declared > maxRequestBytes) {
			return refused(safe, request, declared, 413, tooLarge(declared + " bytes (Content-Length)"));
		}
		byte[] body;
		try {
			body = readAtMost(exchange.getRequestBody(), maxRequestBytes);
		}
		catch (IOException e) {
			return refused(safe, request, declared, 400, "the ledger proxy could not read the request body (" + e + "); it was not sent upstream");
		}
		if (body == null) {
			return refused(safe, request, -1, 413, tooLarge("more than " + maxRequestBytes + " bytes"));
		}
		try {
			if (safe) {
				return upstream.send(method, target, headers, body, peer);
			}
			return ledger.handle(request.body(body).build(), r -> upstream.send(method, target, headers, body, peer)).response();
		}
		catch (EffectFailure f) {
			return f.response(); // recorded by the ledger as FAILED, with the same text
		}
		catch (RuntimeException e) {
			return text(500, "the ledger proxy failed: " + e);
		}
	}

	private String tooLarge(String size) {
		return "the request body is " + size + ", over the ledger proxy's bound of " + maxRequestBytes + " bytes; it was not sent upstream";
	}

	private HttpResponse refused(boolean safe, LedgerRequest.Builder request, long bodyBytes, int status, String message) {
		return safe ? text(status, message) : ledger.refuse(request.build(), bodyBytes, status, message).response();
	}

	private static long contentLength(HttpExchange exchange) {
		String v = exchange.getRequestHeaders().getFirst("Content-Length");
		try {
			return v == null ? -1 : Long.parseLong(v.trim());
		}
		catch (NumberFormatException e) {
			return -1; // the JDK server rejects such a request before it gets here
		}
	}

	/** The whole body, or null when it has more than {@code max} bytes (then only {@code max + 1} were read). */
	private static byte[] readAtMost(InputStream in, long max) throws IOException {
		byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
		return bytes.length > max ? null : bytes;
	}

	private static HttpResponse text(int status, String message) {
		return HttpResponse.of(status, List.of(HttpHeader.of("content-type", "text/plain; charset=utf-8")),
				message.getBytes(StandardCharsets.UTF_8));
	}
}
