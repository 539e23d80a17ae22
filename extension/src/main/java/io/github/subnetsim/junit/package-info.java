/**
 * The JUnit extension: {@link io.github.subnetsim.junit.SimulatedSubnet} and
 * {@link io.github.subnetsim.junit.SubnetExtension} give tests a subnet and a TLS server, kept in the JUnit store
 * so tests may run in parallel. Not a step of the path: a shell over the root API.
 */
package io.github.subnetsim.junit;
