/**
 * Internal, step 1 (validate): the request's own checks, in the replica's order, and the same rules on responses. Not API.
 */
package io.github.subnetsim.internal.validate;
