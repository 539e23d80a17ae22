package io.github.subnetsim.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium driven from its command line, with no Java dependency: {@code --dump-dom} prints the DOM after
 * the page loaded, {@code --screenshot} saves a picture. Each call starts its own browser with a fresh profile and
 * kills it (and anything it started) when done.
 *
 * <p>Where no browser is found the tests using it are skipped with that reason, except in CI (the environment
 * variable {@code CI} is set, or {@code -Dsubnet-sim.browser.required=true}), where they fail: CI must run them.
 * {@code -Dsubnet-sim.browser=/path/to/chrome} picks a binary.
 */
final class Chromium {

	/** A system property naming the browser binary. */
	static final String BINARY_PROPERTY = "subnet-sim.browser";
	/** A system property that makes a missing browser a failure, as in CI. */
	static final String REQUIRED_PROPERTY = "subnet-sim.browser.required";

	private static final long TIMEOUT_SECONDS = 90;

	private final Path binary;

	private Chromium(Path binary) {
		this.binary = binary;
	}

	/** The browser, or the test is skipped (outside CI) or fails (in CI) saying none was found. */
	static Chromium require() {
		Optional<Path> found = find();
		if (found.isPresent()) {
			return new Chromium(found.get());
		}
		String why = "no Chromium found (looked for -D" + BINARY_PROPERTY + ", then chromium, chromium-browser, google-chrome on PATH); "
				+ "install it with: apt-get install -y chromium";
		if (System.getenv("CI") != null || Boolean.getBoolean(REQUIRED_PROPERTY)) {
			Assertions.fail(why + " (required: CI is set or -D" + REQUIRED_PROPERTY + "=true)");
		}
		Assumptions.abort(why);
		throw new AssertionError("unreachable");
	}

	private static Optional<Path> find() {
		String named = System.getProperty(BINARY_PROPERTY);
		if (named != null && !named.isBlank()) {
			return Optional.of(Path.of(named)).filter(Files::isExecutable);
		}
		String path = System.getenv().getOrDefault("PATH", "");
		for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
			for (String dir : path.split(java.io.File.pathSeparator)) {
				Path candidate = Path.of(dir, name);
				if (!dir.isEmpty() && Files.isExecutable(candidate)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

	/** The DOM of the page after it loaded, as the browser serialises it. */
	String dumpDom(Path page) {
		return run(List.of("--dump-dom", page.toUri().toString()));
	}

	/** A PNG of the page's top {@code width × height} pixels. */
	void screenshot(Path page, Path png, int width, int height) {
		run(List.of("--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), page.toUri().toString()));
		Assertions.assertTrue(Files.isRegularFile(png), "the browser wrote no screenshot to " + png);
	}

	private String run(List<String> args) {
		Path profile = null;
		Path out = null;
		Process process = null;
		try {
			profile = Files.createTempDirectory("subnet-sim-chromium");
			out = Files.createTempFile("subnet-sim-chromium", ".out");
			List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
					"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-dev-shm-usage", "--user-data-dir=" + profile));
			command.addAll(args);
			// Output to files, not pipes: a browser that logs a lot must not block on a full pipe.
			process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				Assertions.fail("the browser did not finish within " + TIMEOUT_SECONDS + " s: " + command);
			}
			return Files.readString(out, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not run " + binary, e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while the browser ran", e);
		}
		finally {
			if (process != null) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
			}
			delete(profile);
			delete(out);
		}
	}

	private static void delete(Path path) {
		if (path == null) {
			return;
		}
		try (Stream<Path> all = Files.walk(path)) {
			all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException e) {
			// A leftover temp directory is harmless; the test's result is what matters.
		}
	}
}
