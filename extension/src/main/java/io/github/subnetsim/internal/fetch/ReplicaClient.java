package io.github.subnetsim.internal.fetch;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpMethod;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.internal.text.RejectTexts;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dns;
import okhttp3.EventListener;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.tls.HandshakeCertificates;
import okio.Buffer;
import okio.BufferedSource;

/**
 * One replica's HTTPS adapter: its own client and connection pool, its own source address on loopback, no
 * redirects, headers sent as given plus {@code user-agent: ic/1.0} when absent, response header names lowercased,
 * and every connect and read bounded. The body is streamed and reading stops one byte past the limit.
 *
 * <p>Internal to the simulated subnet; public only so the engine's packages can share it.
 */
public final class ReplicaClient implements Closeable, ReplicaFetcher {

	private final int index;
	private final InetAddress source;
	private final OkHttpClient client;

	/**
	 * @param index the replica's index, which picks its source address
	 * @param trust the certificates the replica trusts
	 * @param stallTimeout the real-time bound on one fetch; past it the adapter's "Timeout expired"
	 */
	public ReplicaClient(int index, HandshakeCertificates trust, Duration stallTimeout) {
		this.index = index;
		this.source = SourceAddresses.forReplica(index);
		this.client = new OkHttpClient.Builder()
				.connectionPool(new ConnectionPool(4, 1, TimeUnit.MINUTES))
				.followRedirects(false)
				.followSslRedirects(false)
				.retryOnConnectionFailure(false)
				.connectTimeout(Limits.CONNECT_TIMEOUT)
				.readTimeout(stallTimeout)
				.writeTimeout(stallTimeout)
				.callTimeout(stallTimeout)
				.sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
				.socketFactory(new SourceAddresses.BindingSocketFactory(source))
				.dns(ReplicaClient::lookup)
				.addNetworkInterceptor(chain -> chain.proceed(stripClientDefaults(chain.request())))
				.build();
	}

	/** The replica's source address on loopback. */
	public String sourceAddress() {
		return source.getHostAddress();
	}

	/** The replica's index. */
	public int index() {
		return index;
	}

	// Loopback names resolve to IPv4 only, so a replica can bind its own 127.0.x.y source address.
	private static List<InetAddress> lookup(String host) throws UnknownHostException {
		if (host.equalsIgnoreCase("localhost")) {
			return List.of(InetAddress.getByAddress("localhost", new byte[] { 127, 0, 0, 1 }));
		}
		return Dns.SYSTEM.lookup(host);
	}

	/** The canister's own header names, carried as a tag so the network interceptor knows what OkHttp added. */
	private record CanisterHeaderNames(List<String> lowercased) {
	}

	private static Request stripClientDefaults(Request request) {
		CanisterHeaderNames given = request.tag(CanisterHeaderNames.class);
		if (given == null) {
			return request;
		}
		Request.Builder b = request.newBuilder();
		// OkHttp adds these; the replica's hyper client does not, so they are not "sent as given".
		for (String added : List.of("accept-encoding", "connection")) {
			if (!given.lowercased().contains(added)) {
				b.removeHeader(added);
			}
		}
		return b.build();
	}

	/**
	 * Fetches the request's URL once, as this replica's adapter would.
	 *
	 * @param args the canister's request
	 * @param maxResponseBytes the effective limit (the argument, or the profile's default)
	 * @param texts the profile's reject texts
	 */
	public FetchOutcome fetch(HttpRequestArgs args, long maxResponseBytes, RejectTexts texts) {
		List<HttpHeader> sent = headersToSend(args.headers());
		String src = sourceAddress();
		HttpUrl url = HttpUrl.parse(args.url());
		if (url == null) {
			String scheme = schemeOf(args.url());
			if (scheme != null && !scheme.equals("https") && !scheme.equals("http")) {
				return new FetchOutcome.Failed(RejectReason.HTTPS_REQUIRED, RejectCode.SYS_FATAL, texts.httpsRequired(), sent, src, 0);
			}
			return new FetchOutcome.Failed(RejectReason.URL_INVALID, RejectCode.SYS_FATAL, texts.urlDoesNotParse(urlParseError(args.url())), sent, src, 0);
		}
		if (!url.isHttps()) {
			return new FetchOutcome.Failed(RejectReason.HTTPS_REQUIRED, RejectCode.SYS_FATAL, texts.httpsRequired(), sent, src, 0);
		}
		Request request;
		try {
			request = buildRequest(args, url, sent);
		}
		catch (IllegalArgumentException e) {
			return new FetchOutcome.Failed(RejectReason.REQUEST_HEADER_INVALID, RejectCode.SYS_FATAL, headerParseText(e), sent, src, 0);
		}
		ConnectTracker tracker = new ConnectTracker();
		Call call = client.newBuilder().eventListener(tracker).build().newCall(request);
		try (Response response = call.execute()) {
			return read(response, maxResponseBytes, texts, sent, src);
		}
		catch (IOException e) {
			if (!tracker.connected) {
				return new FetchOutcome.Failed(RejectReason.CONNECT_FAILED, RejectCode.SYS_TRANSIENT, texts.connectFailed(url.host(), debugForm(e)), sent, src, 0);
			}
			if (e instanceof InterruptedIOException) {
				return new FetchOutcome.Failed(RejectReason.TIMEOUT, RejectCode.SYS_FATAL, texts.adapterTimeout(), sent, src, 0);
			}
			// The connection broke after it was made: the adapter reports the hyper error as SysTransient.
			return new FetchOutcome.Failed(RejectReason.CONNECT_FAILED, RejectCode.SYS_TRANSIENT, "Failed to directly connect: " + debugForm(e), sent, src, 0);
		}
	}

	private static String schemeOf(String url) {
		int colon = url.indexOf(':');
		if (colon <= 0) {
			return null;
		}
		String s = url.substring(0, colon);
		return s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.') ? s.toLowerCase(Locale.ROOT) : null;
	}

	private static String urlParseError(String url) {
		if (url.isBlank()) {
			return "relative URL without a base";
		}
		return schemeOf(url) == null ? "relative URL without a base" : "invalid URL";
	}

	private static String headerParseText(IllegalArgumentException e) {
		String m = String.valueOf(e.getMessage());
		if (m.contains("name")) {
			return "Failed to parse header name invalid HTTP header name";
		}
		return "Failed to parse header value failed to parse header value";
	}

	/** The canister's headers, and {@code user-agent: ic/1.0} when it sent none (case-insensitive). */
	static List<HttpHeader> headersToSend(List<HttpHeader> given) {
		List<HttpHeader> out = new ArrayList<>(given);
		boolean hasAgent = false;
		for (HttpHeader h : given) {
			hasAgent |= h.name().equalsIgnoreCase("user-agent");
		}
		if (!hasAgent) {
			out.add(new HttpHeader("user-agent", Limits.DEFAULT_USER_AGENT));
		}
		return out;
	}

	private static Request buildRequest(HttpRequestArgs args, HttpUrl url, List<HttpHeader> sent) {
		Headers.Builder headers = new Headers.Builder();
		List<String> names = new ArrayList<>();
		for (HttpHeader h : sent) {
			headers.addUnsafeNonAscii(h.name(), h.value());
			names.add(h.name().toLowerCase(Locale.ROOT));
		}
		HttpMethod m = args.method();
		byte[] body = args.body();
		RequestBody requestBody = null;
		if (body != null || m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH) {
			if ((m == HttpMethod.GET || m == HttpMethod.HEAD) && body != null && body.length > 0) {
				throw new IllegalArgumentException("value: the simulated replica cannot send a body with " + m);
			}
			if (m != HttpMethod.GET && m != HttpMethod.HEAD) {
				requestBody = RequestBody.create(body == null ? new byte[0] : body, null);
			}
		}
		return new Request.Builder()
				.url(url)
				.headers(headers.build())
				.method(m.name(), requestBody)
				.tag(CanisterHeaderNames.class, new CanisterHeaderNames(names))
				.build();
	}

	private static FetchOutcome read(Response response, long maxResponseBytes, RejectTexts texts, List<HttpHeader> sent, String src)
			throws IOException {
		List<HttpHeader> headers = new ArrayList<>(response.headers().size());
		long headerBytes = 0;
		for (int i = 0; i < response.headers().size(); i++) {
			HttpHeader h = new HttpHeader(response.headers().name(i).toLowerCase(Locale.ROOT), response.headers().value(i));
			headers.add(h);
			headerBytes += h.byteSize();
		}
		if (headerBytes > maxResponseBytes) {
			return new FetchOutcome.Failed(RejectReason.RESPONSE_HEADERS_TOO_LARGE, RejectCode.SYS_FATAL, texts.responseHeadersTooLarge(maxResponseBytes), sent, src, headerBytes);
		}
		long bodyLimit = maxResponseBytes - headerBytes;
		byte[] body = readBounded(response.body(), bodyLimit);
		if (body == null) {
			return new FetchOutcome.Failed(RejectReason.RESPONSE_BODY_TOO_LARGE, RejectCode.SYS_FATAL, texts.responseBodyTooLarge(maxResponseBytes), sent, src,
					headerBytes + bodyLimit + 1);
		}
		HttpResponse r = new HttpResponse(response.code(), headers, body);
		return new FetchOutcome.Fetched(r, sent, src, headerBytes + body.length);
	}

	/** Reads at most {@code limit} bytes; returns null as soon as byte {@code limit + 1} shows up. */
	private static byte[] readBounded(ResponseBody body, long limit) throws IOException {
		BufferedSource source = body.source();
		Buffer buffer = new Buffer();
		long want = limit + 1;
		while (buffer.size() < want) {
			long n = source.read(buffer, Math.min(64 * 1024, want - buffer.size()));
			if (n == -1) {
				break;
			}
		}
		if (buffer.size() > limit) {
			return null;
		}
		return buffer.readByteArray();
	}

	private static String debugForm(IOException e) {
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String kind = root instanceof ConnectException ? "ConnectionRefused"
				: root instanceof SocketTimeoutException ? "TimedOut"
				: root instanceof UnknownHostException ? "NotFound"
				: root instanceof NoRouteToHostException ? "HostUnreachable"
				: root instanceof SSLException ? "Tls"
				: "Other";
		return "Error { kind: " + kind + ", message: \"" + root.getMessage() + "\" }";
	}

	/** Knows whether the connection was made, to tell a connect error from a stalled server. */
	private static final class ConnectTracker extends EventListener {
		volatile boolean connected;

		@Override
		public void connectionAcquired(Call call, okhttp3.Connection connection) {
			connected = true;
		}
	}

	@Override
	public void close() {
		client.connectionPool().evictAll();
		client.dispatcher().executorService().shutdown();
	}
}
