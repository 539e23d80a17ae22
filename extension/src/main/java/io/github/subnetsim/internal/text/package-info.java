/**
 * Internal: the replica's exact reject texts per profile, and the typed {@link io.github.subnetsim.internal.text.Rejection}. Not API.
 */
package io.github.subnetsim.internal.text;
