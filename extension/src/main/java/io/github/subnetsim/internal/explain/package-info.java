/**
 * Internal: what the run report (report.html) shows of why an outcall's replicas differed. The assertions module
 * provides the full explanation (its {@code DivergenceReport}, the renderer failure messages use) through
 * {@link java.util.ServiceLoader}; without it the report groups replicas by share hash only. Not API; may change
 * without notice.
 */
package io.github.subnetsim.internal.explain;
