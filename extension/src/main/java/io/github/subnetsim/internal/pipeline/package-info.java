/**
 * Internal: the outcall path itself, top to bottom (validate, charge, fan out, fetch, perturb, transform, vote,
 * consensus, deliver), for replicated and flexible outcalls. Not API.
 */
package io.github.subnetsim.internal.pipeline;
