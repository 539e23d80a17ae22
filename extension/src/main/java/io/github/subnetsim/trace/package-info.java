/**
 * The deliver step's record of an outcall: what every replica sent, received, signed and when, how consensus decided,
 * and the typed outcome ({@link io.github.subnetsim.trace.Stage}, {@link io.github.subnetsim.trace.Decision},
 * {@link io.github.subnetsim.trace.RejectReason}). Deterministic: the same seed gives the same trace and JSON.
 */
package io.github.subnetsim.trace;
