/**
 * Offline replicas: in-memory responders, and record and replay of real responses as versioned JSON fixtures. After
 * the fetch, everything (limits, perturbations, transform, consensus, cost, trace) is the same code path as over
 * HTTPS. See {@code docs/record-and-replay.md}.
 *
 * <pre>{@code
 * Recorder recorder = Recorder.create();
 * try (Subnet live = Subnet.builder().seed(7).record(recorder).build()) {
 *     live.httpRequest(args);
 * }
 * recorder.write(Path.of("src/test/resources/fixtures/rates.json"));
 *
 * try (Subnet offline = Subnet.builder().seed(7).replay(Path.of("src/test/resources/fixtures/rates.json")).build()) {
 *     offline.httpRequest(args); // no network
 * }
 * }</pre>
 */
package io.github.subnetsim.replay;
