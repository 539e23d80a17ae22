/**
 * Internal: how outcalls reach the observer of the running test (the CI report), without the engine knowing JUnit.
 * Not API; may change without notice.
 */
package io.github.subnetsim.internal.observe;
