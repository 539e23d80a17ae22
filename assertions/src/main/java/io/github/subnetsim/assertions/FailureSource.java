package io.github.subnetsim.assertions;

import org.opentest4j.AssertionFailedError;

/**
 * A matcher of this library that can explain its failure AssertJ-style, with expected and actual values where it
 * compares two, so {@link OutcallAssertions#assertThat} throws an error IDEs show as a diff.
 */
interface FailureSource {

	/** The error for an {@code actual} this matcher did not match. */
	AssertionFailedError failure(Object actual);
}
