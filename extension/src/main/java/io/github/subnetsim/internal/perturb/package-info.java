/**
 * Internal, step 5 (perturb): what each perturbation does to a response. Not API.
 */
package io.github.subnetsim.internal.perturb;
