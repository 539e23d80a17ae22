/**
 * Internal: the one exact-decimal JSON mapper replicas hash through, and the trace writer. Not API.
 */
package io.github.subnetsim.internal.json;
