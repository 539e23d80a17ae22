package io.github.subnetsim.internal.fetch;

import java.io.Closeable;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.internal.text.RejectTexts;
import io.github.subnetsim.internal.wire.RequestHeaderCheck;
import io.github.subnetsim.internal.wire.Route;
import io.github.subnetsim.internal.wire.RoutedOutcome;
import io.github.subnetsim.internal.wire.WireClient;
import io.github.subnetsim.internal.wire.WireHeader;
import io.github.subnetsim.internal.wire.WireOutcome;
import io.github.subnetsim.internal.wire.WireRequest;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.trace.NetworkPath;
import io.github.subnetsim.trace.RejectReason;

/**
 * One replica's HTTPS outcalls adapter: its own strict HTTP/1.1 {@link WireClient} and keep-alive pool, its own
 * source address on loopback, the subnet's trust. It sends the canister's headers (names lowercased, grouped) plus
 * {@code user-agent: ic/1.0} when absent, the body on every method, follows no redirect, decompresses nothing, and maps
 * every {@link WireOutcome} to the adapter's reply or reject code and text (dfinity/ic
 * {@code rs/https_outcalls/adapter/src/rpc_server.rs}, {@code https_outcall}; codes from
 * {@code rs/https_outcalls/client/src/client.rs}, {@code grpc_status_code_to_reject}).
 *
 * <p>Internal to the simulated subnet; public only so the engine's packages can share it.
 */
public final class ReplicaClient implements Closeable, ReplicaFetcher {

	private final int index;
	private final InetAddress source;
	private final WireClient wire;
	private final Duration requestTimeout;
	private final SubnetNetwork network;
	private final AtomicLong calls = new AtomicLong();

	/**
	 * @param index the replica's index, which picks its source address
	 * @param tls the subnet's trust
	 * @param connectTimeout the TCP connect bound per attempt (the adapter's 2 s unless a test lowered it)
	 * @param requestTimeout the whole exchange's real-time bound (the adapter's 30 s unless a test lowered it)
	 * @param network the subnet's network: the routes to try and the proxies
	 */
	public ReplicaClient(int index, SSLSocketFactory tls, Duration connectTimeout, Duration requestTimeout, SubnetNetwork network) {
		this.index = index;
		this.source = SourceAddresses.forReplica(index);
		this.wire = new WireClient(tls, source, connectTimeout, requestTimeout);
		this.requestTimeout = requestTimeout;
		this.network = network;
	}

	/** The replica's source address on loopback. */
	public String sourceAddress() {
		return source.getHostAddress();
	}

	/** The replica's index. */
	public int index() {
		return index;
	}

	/**
	 * A reject every replica gives the same way before sending anything (a URL the adapter refuses).
	 *
	 * @param refused the refusal
	 * @param args the request, for the headers the replica would have sent
	 * @return the outcome
	 */
	@Override
	public FetchOutcome refuse(Destination.Refused refused, HttpRequestArgs args) {
		return new FetchOutcome.Failed(refused.reason(), RejectCode.SYS_FATAL, refused.message(), headersToSend(args.headers()), sourceAddress());
	}

	/**
	 * Fetches the URL once, as this replica's adapter would.
	 *
	 * @param args the canister's request (as this replica sends it)
	 * @param to where it goes
	 * @param resolved the host's addresses, resolved once for the whole outcall
	 * @param cap the effective limit (the argument, or the profile's default)
	 * @param texts the profile's reject texts
	 * @return the outcome
	 */
	@Override
	public FetchOutcome fetch(HttpRequestArgs args, Destination to, Destination.Resolved resolved, long cap, RejectTexts texts) {
		List<HttpHeader> sent = headersToSend(args.headers());
		String src = sourceAddress();
		List<WireHeader> wireHeaders = new ArrayList<>(sent.size());
		for (HttpHeader h : sent) {
			wireHeaders.add(new WireHeader(h.name(), h.value()));
		}
		RequestHeaderCheck check = RequestHeaderCheck.check(wireHeaders);
		if (check != RequestHeaderCheck.OK) {
			return new FetchOutcome.Failed(RejectReason.REQUEST_HEADER_INVALID, RejectCode.SYS_FATAL, requestHeaderText(check, texts), sent, src);
		}
		byte[] body = args.body() == null ? new byte[0] : args.body();
		WireRequest request = new WireRequest(args.method().name(), to.host(), to.port(), to.target(), wireHeaders, body);
		long start = System.nanoTime();
		if (resolved.error() != null) {
			WireOutcome.ConnectFailed unknown = new WireOutcome.ConnectFailed(io.github.subnetsim.internal.wire.ConnectFailure.UNKNOWN_HOST,
					io.github.subnetsim.internal.wire.HeadProblem.NONE, resolved.error());
			return map(new RoutedOutcome(unknown, new Route.Direct(List.of(), null), null, List.of()), List.of(), to, sent, src, 0, texts,
					false);
		}
		SubnetNetwork.Plan plan = network.plan(index, calls.getAndIncrement(), to.host(), resolved.addresses(), source);
		RoutedOutcome outcome = wire.exchangeOver(request, cap, plan.routes());
		long realMillis = (System.nanoTime() - start) / 1_000_000;
		return map(outcome, plan.notes(), to, sent, src, realMillis, texts, plan.routes().size() > 1);
	}

	private FetchOutcome map(RoutedOutcome routed, List<String> routeNotes, Destination to, List<HttpHeader> sent, String ownSource,
			long realMillis, RejectTexts texts, boolean proxiesTried) {
		WireOutcome outcome = routed.outcome();
		List<String> fallbacks = new ArrayList<>();
		for (RoutedOutcome.Failure f : routed.failedRoutes()) {
			fallbacks.add(describe(f.route()) + ": " + AdapterErrors.summary(f.failure()));
		}
		if (outcome instanceof WireOutcome.ConnectFailed last && !routed.failedRoutes().isEmpty()) {
			fallbacks.add(describe(routed.route()) + ": " + AdapterErrors.summary(last));
		}
		PathTaken path = PathTaken.NONE;
		String src = ownSource;
		if (!(outcome instanceof WireOutcome.ConnectFailed) && routed.seenAs() != null) {
			src = routed.seenAs();
			if (routed.route() instanceof Route.Socks5 socks) {
				path = new PathTaken(NetworkPath.SOCKS_PROXY, socks.index(), fallbacks);
			}
			else {
				path = new PathTaken(src.contains(":") ? NetworkPath.DIRECT_IPV6 : NetworkPath.DIRECT_IPV4, null, fallbacks);
			}
		}
		else if (!fallbacks.isEmpty() || outcome instanceof WireOutcome.ConnectFailed) {
			path = new PathTaken(null, null, fallbacks);
		}
		if (outcome instanceof WireOutcome.Response r) {
			List<HttpHeader> headers = new ArrayList<>(r.headersInWireOrder().size());
			for (WireHeader h : r.headersGrouped()) {
				headers.add(new HttpHeader(h.name(), h.value()));
			}
			return new FetchOutcome.Fetched(new HttpResponse(r.status(), headers, r.body()), sent, src, r.downloadedBytes(), realMillis,
					routeNotes, path);
		}
		if (outcome instanceof WireOutcome.ConnectFailed last) {
			WireOutcome.ConnectFailed direct = routed.failedRoutes().isEmpty() ? last : routed.failedRoutes().get(0).failure();
			String socks = proxiesTried ? AdapterErrors.debugForm(last) : null;
			return failed(RejectReason.CONNECT_FAILED, RejectCode.SYS_TRANSIENT,
					texts.connectFailed(to.host(), AdapterErrors.debugForm(direct), AdapterErrors.seedDisplayForm(direct), socks), sent, src, 0,
					realMillis, routeNotes, path);
		}
		if (outcome instanceof WireOutcome.HeaderNotVisibleAscii h) {
			return failed(RejectReason.RESPONSE_HEADER_NOT_ASCII, RejectCode.SYS_TRANSIENT, texts.responseHeaderNotAscii(), sent, src,
					h.headerBytes(), realMillis, routeNotes, path);
		}
		if (outcome instanceof WireOutcome.HeadersExceedCap h) {
			return failed(RejectReason.RESPONSE_HEADERS_TOO_LARGE, RejectCode.SYS_FATAL, texts.responseHeadersTooLarge(h.cap()), sent, src,
					h.headerBytes(), realMillis, routeNotes, path);
		}
		if (outcome instanceof WireOutcome.BodyFailed b) {
			return failed(RejectReason.RESPONSE_BODY_TOO_LARGE, RejectCode.SYS_FATAL, texts.responseBodyTooLarge(b.cap()), sent, src,
					b.downloadedBytes(), realMillis, routeNotes, path);
		}
		if (outcome instanceof WireOutcome.TimedOut t) {
			List<String> notes = new ArrayList<>(routeNotes);
			notes.addAll(timeoutNotes(requestTimeout));
			return failed(RejectReason.TIMEOUT, RejectCode.SYS_FATAL, texts.adapterTimeout(), sent, src, t.headerBytes(), realMillis, notes, path);
		}
		WireOutcome.RequestInvalid invalid = (WireOutcome.RequestInvalid) outcome;
		return failed(RejectReason.REQUEST_HEADER_INVALID, RejectCode.SYS_FATAL, requestHeaderText(invalid.check(), texts), sent, src, 0, 0,
				List.of(), PathTaken.NONE);
	}

	/** A route, for the trace: {@code direct} or {@code SOCKS proxy 1}. */
	private static String describe(Route route) {
		return route instanceof Route.Socks5 socks ? "SOCKS proxy " + socks.index() : "direct";
	}

	private static FetchOutcome.Failed failed(RejectReason reason, RejectCode code, String message, List<HttpHeader> sent, String src,
			long downloaded, long realMillis, List<String> notes, PathTaken path) {
		return new FetchOutcome.Failed(reason, code, message, sent, src, downloaded, realMillis, notes, path);
	}

	/**
	 * The trace note for a timeout that fired on a bound lower than the adapter's 30 s; none at the default.
	 *
	 * @param bound the request timeout in force
	 * @return zero or one line
	 */
	public static List<String> timeoutNotes(Duration bound) {
		if (bound.compareTo(Limits.ADAPTER_TIMEOUT) >= 0) {
			return List.of();
		}
		return List.of("request timeout lowered to " + human(bound) + "; mainnet allows " + human(Limits.ADAPTER_TIMEOUT));
	}

	private static String human(Duration d) {
		long ms = d.toMillis();
		return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
	}

	private static String requestHeaderText(RequestHeaderCheck check, RejectTexts texts) {
		return switch (check) {
			case NAME_INVALID -> texts.requestHeaderNameInvalid();
			case VALUE_INVALID -> texts.requestHeaderValueInvalid();
			case TOO_MANY -> texts.requestHeadersTooMany();
			case TOO_LONG -> texts.requestHeaderTooLong();
			case OK -> throw new IllegalArgumentException("not a problem: " + check);
		};
	}

	/** The canister's headers, and {@code user-agent: ic/1.0} when it sent none (case-insensitive). */
	public static List<HttpHeader> headersToSend(List<HttpHeader> given) {
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

	/** Closes every pooled connection and any exchange in flight. */
	@Override
	public void close() {
		wire.close();
	}

	/** The subnet's network this replica routes through. */
	public SubnetNetwork network() {
		return network;
	}
}
