package io.github.subnetsim.internal.fetch;

import java.util.List;

import io.github.subnetsim.trace.NetworkPath;

/**
 * The route a replica's request took to the server and how the routes before it failed, for the trace.
 *
 * <pre>{@code
 * new PathTaken(NetworkPath.SOCKS_PROXY, 1, List.of("direct IPv6: connection refused"));
 * }</pre>
 *
 * @param path how the request reached the server; null when it reached no server
 * @param proxy the proxy's index when {@code path} is {@link NetworkPath#SOCKS_PROXY}, else null
 * @param fallbacks one line per route that failed before, in order
 */
public record PathTaken(NetworkPath path, Integer proxy, List<String> fallbacks) {

	/** No route taken: nothing was sent, or the replica is offline. */
	public static final PathTaken NONE = new PathTaken(null, null, List.of());

	/** Copies the fallbacks. */
	public PathTaken {
		fallbacks = List.copyOf(fallbacks);
	}
}
