/**
 * Internal, step 4 (fetch) without the network: in-memory and replayed replicas, the recording wrapper around real
 * ones, and the versioned fixture format. Not API; see {@code io.github.subnetsim.replay} and
 * {@code docs/record-and-replay.md}.
 */
package io.github.subnetsim.internal.replay;
