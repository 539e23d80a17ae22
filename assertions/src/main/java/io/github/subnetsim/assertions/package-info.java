/**
 * Hamcrest matchers over outcall results and the divergence report: each failure leads with what varied and the fix,
 * and carries expected and actual values for the IDE. Reads results and traces only.
 */
package io.github.subnetsim.assertions;
