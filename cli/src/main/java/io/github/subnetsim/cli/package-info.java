/**
 * The {@code subnet-sim} command line ({@code probe}, {@code gate}, {@code demo}): an application over the public API, not a
 * library. See {@code docs/probe.md} and {@code docs/ci-gate.md}.
 */
package io.github.subnetsim.cli;
