/**
 * Servers for tests: a TLS MockWebServer on loopback that every simulated subnet trusts, and which replica sent a
 * recorded request. Outside the outcall path; it is what the replicas fetch from.
 */
package io.github.subnetsim.server;
