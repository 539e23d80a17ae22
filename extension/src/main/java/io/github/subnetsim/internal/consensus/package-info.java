/**
 * Internal, step 8 (consensus): shares, groups, the n − f threshold, early divergence and timeout. Not API.
 */
package io.github.subnetsim.internal.consensus;
