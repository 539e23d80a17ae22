package io.github.subnetsim.assertions;

/**
 * Why a value did not match: a clause that completes "Expecting …, but …", indented details, and the two values
 * compared (null when the check is not a comparison of two values).
 */
record Mismatch(String but, String details, Object expected, Object actual) {

	static Mismatch of(String but, String details) {
		return new Mismatch(but, details, null, null);
	}

	static Mismatch comparing(String but, String details, Object expected, Object actual) {
		return new Mismatch(but, details, expected, actual);
	}

	boolean compares() {
		return expected != null || actual != null;
	}
}
