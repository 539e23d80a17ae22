package io.github.subnetsim.internal.wire;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * One replica's HTTPS outcalls adapter on the wire: a strict HTTP/1.1 client over JDK TLS sockets with the behaviour
 * of dfinity/ic {@code rs/https_outcalls/adapter/src/rpc_server.rs} ({@code https_outcall}) on hyper 1.x, httparse
 * and hyper-rustls (adapter-wire §3 to §7). One instance per replica; calls to {@link #exchange} are sequential,
 * {@link #close()} may come from another thread and ends an exchange in flight.
 *
 * <p>Timing: the TCP connect of each attempt is bounded by the connect timeout (default 2 s, divided across the
 * resolved addresses); everything else (handshake, writing, head, body) only by the request timeout (default 30 s),
 * a real-time deadline for the whole exchange. Before each read the socket timeout is set to the time left, so a
 * silent server, a handshake that never completes or endless 1xx responses end in {@link WireOutcome.TimedOut} at the
 * deadline, and a slow drip that completes before it is a {@link WireOutcome.Response}.
 */
public final class WireClient implements Closeable {

	/** dfinity/ic adapter {@code config.rs} {@code DEFAULT_HTTP_CONNECT_TIMEOUT_SECS}. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
	/** dfinity/ic adapter {@code config.rs} {@code DEFAULT_HTTP_REQUEST_TIMEOUT_SECS}. */
	public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
	/** hyperium/hyper {@code src/proto/h1/io.rs} {@code DEFAULT_MAX_BUFFER_SIZE} = 8192 + 4096 × 100. */
	public static final int MAX_HEAD_BYTES = 8192 + 4096 * 100;

	/** Closes a socket still blocked in a write shortly after the deadline; reads end by their socket timeout. */
	private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();
	private static final long WATCHDOG_GRACE_MILLIS = 100;

	private final Connector connector;
	private final InetAddress source;
	private final Duration requestTimeout;
	private final IdlePool pool = new IdlePool();
	private volatile Socket inFlight;
	private volatile boolean closed;

	/**
	 * @param tls the replica's TLS socket factory (its trust)
	 * @param source the local address to bind, or null for none; bound only when it matches the target's family and
	 *        loopback scope (see {@code SourceAddresses} in the replica package)
	 * @param connectTimeout the TCP connect timeout per attempt
	 * @param requestTimeout the whole exchange's timeout
	 */
	public WireClient(SSLSocketFactory tls, InetAddress source, Duration connectTimeout, Duration requestTimeout) {
		this.connector = new Connector(Objects.requireNonNull(tls, "tls"), source, Objects.requireNonNull(connectTimeout, "connectTimeout"));
		this.source = source;
		this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
	}

	/**
	 * A client with the adapter's default timeouts (2 s connect, 30 s request).
	 *
	 * @param tls the replica's TLS context (its trust)
	 * @param source the local address to bind, or null
	 */
	public WireClient(SSLContext tls, InetAddress source) {
		this(tls.getSocketFactory(), source, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
	}

	private static ScheduledThreadPoolExecutor watchdog() {
		ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
			Thread t = new Thread(r, "subnet-sim-wire-watchdog");
			t.setDaemon(true);
			return t;
		});
		e.setRemoveOnCancelPolicy(true);
		e.setKeepAliveTime(1, TimeUnit.SECONDS);
		e.allowCoreThreadTimeOut(true);
		return e;
	}

	/**
	 * Makes one outcall as this replica's adapter would. Never throws for what the canister or the server do.
	 *
	 * @param request the request; add {@code user-agent} with {@link WireRequest#withFallbackUserAgent} first to get
	 *        the adapter's default
	 * @param cap the response cap: {@code max_response_bytes} (or 2,000,000), or the node's reduced cap under v2
	 * @return the outcome
	 * @throws IllegalStateException when the client is closed
	 */
	public WireOutcome exchange(WireRequest request, long cap) {
		return exchange(request, cap, null);
	}

	/**
	 * Makes one outcall to addresses the caller already resolved, as {@link #exchange(WireRequest, long)} does
	 * otherwise: the host name still gives SNI, the certificate check and the {@code host} header.
	 *
	 * @param request the request
	 * @param cap the response cap
	 * @param addresses the host's addresses, tried in order; null to resolve the host here
	 * @return the outcome
	 * @throws IllegalStateException when the client is closed
	 */
	public WireOutcome exchange(WireRequest request, long cap, List<InetAddress> addresses) {
		return exchange(request, cap, List.of(new Route.Direct(addresses == null ? List.of() : addresses, source)), addresses == null).outcome();
	}

	/**
	 * Makes one outcall over the adapter's routes in order, under one request deadline: the next route is tried only
	 * when the one before failed to give a response head ({@link WireOutcome.ConnectFailed}), as the adapter falls back
	 * from the direct client to its SOCKS proxies on any {@code client.request} error (dfinity/ic
	 * {@code rs/https_outcalls/adapter/src/rpc_server.rs}, {@code https_outcall}). A request the server received
	 * before the head went wrong is therefore sent again on the next route.
	 *
	 * @param request the request
	 * @param cap the response cap
	 * @param routes the routes, at least one
	 * @return the outcome, the route it came through and how the earlier routes failed
	 * @throws IllegalStateException when the client is closed
	 */
	public RoutedOutcome exchangeOver(WireRequest request, long cap, List<Route> routes) {
		return exchange(request, cap, routes, false);
	}

	private RoutedOutcome exchange(WireRequest request, long cap, List<Route> routes, boolean resolveHere) {
		if (closed) {
			throw new IllegalStateException("client closed");
		}
		if (routes.isEmpty()) {
			throw new IllegalArgumentException("no route");
		}
		RequestHeaderCheck check = RequestHeaderCheck.check(request.headers());
		if (check != RequestHeaderCheck.OK) {
			return new RoutedOutcome(new WireOutcome.RequestInvalid(check), routes.get(0), null, List.of());
		}
		byte[] bytes = RequestEncoder.encode(request);
		String hostKey = request.bareHost().toLowerCase(java.util.Locale.ROOT) + ":" + request.port();
		Deadline deadline = Deadline.after(requestTimeout);
		ScheduledFuture<?> dog = WATCHDOG.schedule(this::closeInFlight,
				TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadline.remainingNanos())) + WATCHDOG_GRACE_MILLIS, TimeUnit.MILLISECONDS);
		try {
			List<RoutedOutcome.Failure> failed = new ArrayList<>();
			for (int i = 0;; i++) {
				Route route = routes.get(i);
				String[] seenAs = new String[1];
				WireOutcome outcome = attempt(request, bytes, cap, route, resolveHere, route.poolKey() + "|" + hostKey, deadline, seenAs);
				if (outcome instanceof WireOutcome.ConnectFailed f && i + 1 < routes.size() && !closed) {
					failed.add(new RoutedOutcome.Failure(route, f));
					continue;
				}
				return new RoutedOutcome(outcome, route, outcome instanceof WireOutcome.ConnectFailed ? null : seenAs[0], failed);
			}
		}
		finally {
			dog.cancel(false);
			inFlight = null;
		}
	}

	private WireOutcome attempt(WireRequest request, byte[] bytes, long cap, Route route, boolean resolveHere, String key, Deadline deadline,
			String[] seenAs) {
		Connection c = pool.take(key);
		boolean reused = c != null;
		while (true) {
			if (c == null) {
				try {
					c = resolveHere ? connector.open(request, key, deadline, s -> inFlight = s, (List<InetAddress>) null)
							: connector.open(request, key, deadline, s -> inFlight = s, route);
				}
				catch (DeadlineExceededException e) {
					return new WireOutcome.TimedOut(0);
				}
				catch (ConnectException e) {
					return new WireOutcome.ConnectFailed(e.kind, HeadProblem.NONE, e.getMessage());
				}
			}
			seenAs[0] = c.seenAs;
			inFlight = c.socket;
			if (closed) {
				c.closeQuietly();
				return new WireOutcome.ConnectFailed(ConnectFailure.CLOSED_BEFORE_HEAD, HeadProblem.NONE, "client closed");
			}
			c.in.deadline(deadline);
			Exchange x = new Exchange(c, request, cap, deadline, reused);
			WireOutcome outcome = x.run(bytes);
			if (outcome == null) {
				// Stale keep-alive: closed by the server before any byte of the response; retry once on a new connection.
				c.closeQuietly();
				c = null;
				reused = false;
				continue;
			}
			if (x.reusable() && !closed) {
				pool.offer(c);
			}
			else {
				c.closeQuietly();
			}
			return outcome;
		}
	}

	private void closeInFlight() {
		Socket s = inFlight;
		if (s != null) {
			try {
				s.close();
			}
			catch (IOException e) {
				// best effort
			}
		}
	}

	/** Idle connections kept for reuse (for tests and diagnostics). */
	public int idleConnections() {
		return pool.size();
	}

	/** Closes every pooled connection and any connection in flight. */
	@Override
	public void close() {
		closed = true;
		pool.close();
		closeInFlight();
	}
}
