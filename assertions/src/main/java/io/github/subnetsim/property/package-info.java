/**
 * Property tests on JUnit's own engine: {@link io.github.subnetsim.property.SubnetProperty}, generators and shrinking,
 * to prove convergence, limits and cost over many generated outcalls. See {@code docs/property-testing.md}.
 */
package io.github.subnetsim.property;
