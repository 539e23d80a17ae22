/**
 * The entry points, the first and last step of the outcall path: build a {@link io.github.subnetsim.Subnet}, describe the
 * canister's request with {@link io.github.subnetsim.HttpRequestArgs} and get back an {@link io.github.subnetsim.OutcallResult}
 * (a reply or a reject, with cost, refund and trace). See {@code docs/getting-started.md} and {@code docs/architecture.md}.
 *
 * <pre>{@code
 * try (Subnet subnet = Subnet.builder().seed(42).build()) {
 *     OutcallResult result = subnet.httpRequest(HttpRequestArgs.get(url).cycles(30_000_000_000L).build());
 * }
 * }</pre>
 */
package io.github.subnetsim;
