/**
 * Internal, step 2 (charge): the cycles formulas of both profiles and both pricing versions, and Candid sizes. Not API.
 */
package io.github.subnetsim.internal.charge;
