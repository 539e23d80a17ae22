/**
 * A small, strict HTTP/1.1 client over the JDK's TLS sockets that behaves on the wire like one replica's HTTPS
 * outcalls adapter (dfinity/ic {@code rs/https_outcalls/adapter/src/rpc_server.rs}: hyper 1.x, httparse and
 * hyper-rustls).
 *
 * <p>{@link io.github.subnetsim.internal.wire.WireClient#exchange} sends one {@link io.github.subnetsim.internal.wire.WireRequest}
 * and returns a typed {@link io.github.subnetsim.internal.wire.WireOutcome}; it never produces reject texts, which
 * the pipeline derives from the outcome. The behaviour follows {@code dfinity/ic rs/https_outcalls/adapter/src/rpc_server.rs} §3 to §7: request headers are
 * checked before anything is sent, the response head is parsed as strictly as httparse with hyper's defaults
 * (100 header lines, 417,792 bytes), 1xx responses are skipped, the header and body caps of the adapter apply, nothing
 * is decompressed, and the whole exchange is bounded by one real-time deadline.
 *
 * <p>Only HTTP/1.1 is simulated: ALPN offers {@code http/1.1} alone, whereas the adapter also offers {@code h2}.
 * SOCKS fallback is not part of this package.
 *
 * <p>Internal to the simulated subnet; public only so the engine's packages can use it.
 */
package io.github.subnetsim.internal.wire;
