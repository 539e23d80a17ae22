package io.github.subnetsim.idempotency;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;

/**
 * The exchange a wrapped handler sees: the real request (with the ledger's hashing body stream), and a response that
 * is captured instead of sent, so the ledger can store it and send it to the first request and every duplicate.
 */
final class CapturingExchange extends HttpExchange {

	private final HttpExchange real;
	private InputStream in;
	private final Headers responseHeaders = new Headers();
	private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
	private OutputStream out = captured;
	private int status = -1;

	CapturingExchange(HttpExchange real, InputStream body) {
		this.real = real;
		this.in = body;
	}

	/** What the handler answered; it must have called {@link #sendResponseHeaders}. */
	HttpResponse response() {
		if (status < 0) {
			throw new IllegalStateException("the wrapped handler returned without calling sendResponseHeaders");
		}
		List<HttpHeader> headers = new ArrayList<>();
		for (Map.Entry<String, List<String>> e : responseHeaders.entrySet()) {
			for (String v : e.getValue()) {
				headers.add(new HttpHeader(e.getKey(), v));
			}
		}
		return new HttpResponse(status, headers, captured.toByteArray());
	}

	@Override
	public Headers getRequestHeaders() {
		return real.getRequestHeaders();
	}

	@Override
	public Headers getResponseHeaders() {
		return responseHeaders;
	}

	@Override
	public URI getRequestURI() {
		return real.getRequestURI();
	}

	@Override
	public String getRequestMethod() {
		return real.getRequestMethod();
	}

	@Override
	public HttpContext getHttpContext() {
		return real.getHttpContext();
	}

	@Override
	public void close() {
		// The wrapper sends the stored response and closes the real exchange.
	}

	@Override
	public InputStream getRequestBody() {
		return in;
	}

	@Override
	public OutputStream getResponseBody() {
		return out;
	}

	@Override
	public void sendResponseHeaders(int rCode, long responseLength) {
		if (status >= 0) {
			throw new IllegalStateException("sendResponseHeaders was already called");
		}
		status = rCode;
	}

	@Override
	public InetSocketAddress getRemoteAddress() {
		return real.getRemoteAddress();
	}

	@Override
	public int getResponseCode() {
		return status;
	}

	@Override
	public InetSocketAddress getLocalAddress() {
		return real.getLocalAddress();
	}

	@Override
	public String getProtocol() {
		return real.getProtocol();
	}

	@Override
	public Object getAttribute(String name) {
		return real.getAttribute(name);
	}

	@Override
	public void setAttribute(String name, Object value) {
		real.setAttribute(name, value);
	}

	@Override
	public void setStreams(InputStream i, OutputStream o) {
		// Filters may wrap the streams; the wrapped output still ends up in the captured buffer.
		if (i != null) {
			in = i;
		}
		if (o != null) {
			out = o;
		}
	}

	@Override
	public HttpPrincipal getPrincipal() {
		return real.getPrincipal();
	}
}
