/**
 * The perturb step: seeded, per-replica changes to what a replica received or sent (headers, JSON values, latency,
 * silence, faults), and which replicas they hit. See {@code docs/perturbations.md}.
 */
package io.github.subnetsim.perturb;
