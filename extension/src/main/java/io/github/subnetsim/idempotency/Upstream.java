package io.github.subnetsim.idempotency;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.tls.HandshakeCertificates;
import okio.BufferedSource;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.internal.fetch.SubnetTls;

/**
 * The proxy's client to the upstream service: one bounded exchange per call, never retried (a retried POST could be
 * applied twice), no redirects followed, nothing decompressed. Failures become {@link EffectFailure}s whose texts say
 * what the upstream did; a failure after the request was sent keeps the key (see {@link EffectFailure#afterSending}).
 */
final class Upstream implements AutoCloseable {

	/** Headers that belong to one connection (RFC 9110 §7.6.1), or that the client sets itself. */
	static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "proxy-authenticate",
			"proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect");

	private final HttpUrl base;
	private final OkHttpClient client;
	private final long maxResponseBytes;
	private final Duration timeout;

	Upstream(URI upstream, Duration connectTimeout, Duration timeout, long maxResponseBytes) {
		this.base = HttpUrl.get(upstream.toString());
		this.maxResponseBytes = maxResponseBytes;
		this.timeout = timeout;
		HandshakeCertificates trust = SubnetTls.testAuthority().clientCertificates(List.of());
		this.client = new OkHttpClient.Builder()
				.retryOnConnectionFailure(false)
				.followRedirects(false)
				.followSslRedirects(false)
				.connectionPool(new ConnectionPool(4, 30, TimeUnit.SECONDS))
				.connectTimeout(connectTimeout)
				.readTimeout(timeout)
				.writeTimeout(timeout)
				.callTimeout(timeout) // the whole exchange, body included: a slow drip ends here too
				.sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
				.build();
	}

	/** The upstream's base URL, as given. */
	HttpUrl base() {
		return base;
	}

	/**
	 * Sends one request upstream and reads the whole response within the bounds.
	 *
	 * @param target the path and query the replica asked for, appended to the base URL's path
	 * @param peer the replica's address, appended to {@code X-Forwarded-For}
	 * @throws EffectFailure when the upstream is unreachable, slow, answers garbage or too much
	 */
	HttpResponse send(String method, String target, List<HttpHeader> headers, byte[] body, String peer) {
		Request.Builder b = new Request.Builder().url(url(target));
		String forwardedFor = null;
		boolean encoding = false;
		for (HttpHeader h : headers) {
			String name = h.name().toLowerCase(Locale.ROOT);
			if (name.equals("x-forwarded-for")) {
				forwardedFor = forwardedFor == null ? h.value() : forwardedFor + ", " + h.value();
			}
			else if (!HOP_BY_HOP.contains(name)) {
				encoding |= name.equals("accept-encoding");
				b.addHeader(h.name(), h.value());
			}
		}
		b.header("X-Forwarded-For", forwardedFor == null ? peer : forwardedFor + ", " + peer);
		b.header("X-Forwarded-Proto", "https");
		if (!encoding) {
			// Otherwise OkHttp asks for gzip and unzips, and the replicas would get other bytes than the upstream sent.
			b.header("Accept-Encoding", "identity");
		}
		boolean bodyless = method.equals("GET") || method.equals("HEAD");
		b.method(method, bodyless ? null : RequestBody.create(body, null));
		AtomicBoolean sent = new AtomicBoolean();
		OkHttpClient withListener = client.newBuilder().eventListener(new EventListener() {
			@Override
			public void requestHeadersStart(Call call) {
				sent.set(true);
			}
		}).build();
		try (Response r = withListener.newCall(b.build()).execute()) {
			return new HttpResponse(r.code(), headers(r.headers()), read(r.body(), method));
		}
		catch (EffectFailure f) {
			throw f;
		}
		catch (IOException e) {
			throw failure(e, sent.get());
		}
	}

	/** The base URL's path, then the replica's path and query: {@code http://h:3000/api} + {@code /orders?x=1}. */
	private HttpUrl url(String target) {
		String basePath = base.encodedPath().endsWith("/") ? base.encodedPath().substring(0, base.encodedPath().length() - 1)
				: base.encodedPath();
		int q = target.indexOf('?');
		String path = q < 0 ? target : target.substring(0, q);
		return base.newBuilder()
				.encodedPath(basePath + (path.startsWith("/") ? path : "/" + path))
				.encodedQuery(q < 0 ? null : target.substring(q + 1))
				.build();
	}

	private byte[] read(ResponseBody body, String method) throws IOException {
		if (method.equals("HEAD")) {
			return new byte[0];
		}
		BufferedSource source = body.source();
		if (source.request(maxResponseBytes + 1)) {
			// The upstream answered, so it applied the request: keep the key, answer every duplicate alike.
			throw EffectFailure.afterSending(502, "the upstream's response body is larger than the proxy's bound of " + maxResponseBytes
					+ " bytes; it was not forwarded (the upstream did answer, so it may have applied the request)", null);
		}
		return source.readByteArray();
	}

	private EffectFailure failure(IOException e, boolean sent) {
		if (!sent || e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof UnknownHostException) {
			// Nothing reached the upstream: release the key, a duplicate may try again.
			return new EffectFailure(502, "the upstream " + base + " could not be reached (" + e + "); nothing was sent to it", e);
		}
		if (e instanceof InterruptedIOException) {
			return EffectFailure.afterSending(504, "the upstream " + base + " did not answer within " + timeout.toMillis() + " ms (" + e
					+ "); it may have applied the request, so every duplicate gets this answer instead of a second try", e);
		}
		return EffectFailure.afterSending(502, "the upstream " + base + " answered something that is not a usable HTTP/1.1 response (" + e
				+ "); it may have applied the request, so every duplicate gets this answer instead of a second try", e);
	}

	private static List<HttpHeader> headers(Headers headers) {
		List<HttpHeader> out = new ArrayList<>(headers.size());
		for (int i = 0; i < headers.size(); i++) {
			out.add(new HttpHeader(headers.name(i), headers.value(i)));
		}
		return out;
	}

	@Override
	public void close() {
		client.connectionPool().evictAll();
		client.dispatcher().executorService().shutdown();
	}
}
