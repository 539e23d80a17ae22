package io.github.subnetsim.junit;

import java.nio.file.Path;

/** Test access to the package-private fixture resolution. */
public final class ReplayFixturesAccess {

	private ReplayFixturesAccess() {
	}

	public static Path resolve(String name, Class<?> testClass) {
		return ReplayFixtures.resolve(name, testClass);
	}
}
