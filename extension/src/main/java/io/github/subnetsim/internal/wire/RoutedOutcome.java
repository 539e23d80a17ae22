package io.github.subnetsim.internal.wire;

import java.util.List;

/**
 * What one replica's adapter made of an outcall over its routes: the outcome of the route that answered (or of the
 * last one tried), which route that was, the address the server saw the connection come from, and how each earlier
 * route failed.
 *
 * @param outcome the outcome
 * @param route the route the outcome came through (the last one tried when all failed to connect)
 * @param seenAs the source address the server saw on that route (for a proxy: the address the proxy reported
 *        binding for the CONNECT); null when no connection reached the server
 * @param failedRoutes the routes tried before and how each failed to connect, in order
 */
public record RoutedOutcome(WireOutcome outcome, Route route, String seenAs, List<Failure> failedRoutes) {

	/** Copies the failures. */
	public RoutedOutcome {
		failedRoutes = List.copyOf(failedRoutes);
	}

	/**
	 * A route that gave no response head.
	 *
	 * @param route the route
	 * @param failure how it failed
	 */
	public record Failure(Route route, WireOutcome.ConnectFailed failure) {
	}
}
