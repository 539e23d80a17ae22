package io.github.subnetsim.junit;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.github.subnetsim.Subnet;

/**
 * Resolves {@link SimulatedSubnet#replay()}: a resource next to the test class (as {@code Class.getResource} reads a
 * relative name), then a class path resource from the root, then a file relative to the working directory — so both
 * {@code "rates.json"} beside the test and {@code "fixtures/rates.json"} under {@code src/test/resources} work.
 */
final class ReplayFixtures {

	private ReplayFixtures() {
	}

	/** What to apply to the builder: nothing for an empty name, else {@code replay(path)}. */
	static Consumer<Subnet.Builder> customizer(String name, ExtensionContext context) {
		if (name.isEmpty()) {
			return b -> {
			};
		}
		Path file = resolve(name, context.getTestClass().orElse(null));
		return b -> b.replay(file);
	}

	static Path resolve(String name, Class<?> testClass) {
		if (testClass != null) {
			for (URL url : new URL[] { testClass.getResource(name), testClass.getClassLoader().getResource(stripSlash(name)) }) {
				Path p = asFile(url);
				if (p != null) {
					return p;
				}
			}
		}
		Path p = Path.of(name);
		if (Files.isRegularFile(p)) {
			return p;
		}
		throw new ExtensionConfigurationException("@SimulatedSubnet(replay = \"" + name + "\"): no such fixture next to "
				+ (testClass == null ? "the test class" : testClass.getName()) + ", on the class path, or at " + p.toAbsolutePath()
				+ "; put it under src/test/resources (for example src/test/resources/" + stripSlash(name) + ") or give a path from "
				+ "the working directory");
	}

	private static String stripSlash(String name) {
		return name.startsWith("/") ? name.substring(1) : name;
	}

	private static Path asFile(URL url) {
		if (url == null || !"file".equals(url.getProtocol())) {
			return null; // a fixture inside a jar would need copying out; not supported
		}
		try {
			return Path.of(url.toURI());
		}
		catch (URISyntaxException | IllegalArgumentException e) {
			return null;
		}
	}
}
