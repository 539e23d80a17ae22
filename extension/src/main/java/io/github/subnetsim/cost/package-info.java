/**
 * The charge step's results: the fee and its breakdown ({@link io.github.subnetsim.cost.Cost}), the pricing version and
 * the priced request size. See {@code docs/cost.md}.
 */
package io.github.subnetsim.cost;
