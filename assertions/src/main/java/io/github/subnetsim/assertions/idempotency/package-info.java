/**
 * Matchers over the idempotency ledger: applied exactly once, a key on every POST, the same key and body everywhere.
 */
package io.github.subnetsim.assertions.idempotency;
