/**
 * Server-side idempotency for replicated POSTs: the ledger that applies each key once and answers duplicates, with
 * adapters for MockWebServer, the JDK's HTTP server and a reverse proxy for any service. See {@code docs/idempotency.md}.
 */
package io.github.subnetsim.idempotency;
