/**
 * Internal, step 4 (fetch): each replica's adapter, its source address on loopback and the subnet's TLS trust. Not API.
 */
package io.github.subnetsim.internal.fetch;
