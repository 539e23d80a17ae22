/**
 * Internal: the run's CI report ({@code target/subnet-sim/report.json}), fed by a JUnit Platform launcher listener.
 * Not API; may change without notice.
 */
package io.github.subnetsim.internal.report;
