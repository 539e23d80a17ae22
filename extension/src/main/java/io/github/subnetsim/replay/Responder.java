package io.github.subnetsim.replay;

import io.github.subnetsim.HttpResponse;

/**
 * Where in-memory replicas get their raw responses instead of the network: a function of the replica's index, the
 * request as it sent it and the subnet's seed. The result is the response as received on the wire (status, headers
 * in wire order, body); the subnet then holds it to {@code max_response_bytes}, lowercases the header names as the
 * adapter does, and runs the same perturbations, transform and consensus as over HTTPS.
 *
 * <pre>{@code
 * Responder rates = (replica, request, seed) -> HttpResponse.of(200,
 *         List.of(HttpHeader.of("Content-Type", "application/json"), HttpHeader.of("X-Request-Id", "r" + replica)),
 *         "{\"rate\":1.08,\"server\":" + replica + "}");
 * try (Subnet subnet = Subnet.builder().replicas(13).seed(1).responder(rates).build()) {
 *     subnet.httpRequest(HttpRequestArgs.get("https://api.example.com/rates").cycles(30_000_000_000L).build());
 * }
 * }</pre>
 *
 * <p>Called on the thread that makes the outcall, once per replica that fetches, in replica order; it should be
 * deterministic in its arguments (and any state it keeps per outcall) for the same seed to give the same trace. It
 * must not block: nothing bounds its time.
 */
@FunctionalInterface
public interface Responder {

	/**
	 * The raw response this replica receives.
	 *
	 * @param replica the replica's index, 0 to n − 1
	 * @param request the request as this replica sent it
	 * @param seed the subnet's seed
	 * @return the raw response; never null
	 */
	HttpResponse respond(int replica, SentRequest request, long seed);
}
