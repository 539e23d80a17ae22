/**
 * The replica a simulation reproduces, for every step of the path: the seed-documented profile and today's replica,
 * each with its limits, defaults and pricing ({@code docs/limits-and-profiles.md} states every difference).
 */
package io.github.subnetsim.profile;
