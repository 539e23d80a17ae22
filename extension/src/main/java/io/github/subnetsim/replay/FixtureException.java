package io.github.subnetsim.replay;

import java.nio.file.Path;

/**
 * A fixture that cannot be replayed as it is: unreadable, truncated, edited by hand, from a newer format version,
 * over the limits, or smaller than the subnet. The message names the file, what is wrong and the fix.
 *
 * <pre>{@code
 * try { Subnet.builder().replay(Path.of("fixtures/rates.json")).build(); }
 * catch (FixtureException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public final class FixtureException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final transient Path file;

	/**
	 * @param file the fixture
	 * @param problem what is wrong, in one sentence
	 * @param fix what to do about it
	 */
	public FixtureException(Path file, String problem, String fix) {
		super("fixture " + file + ": " + problem + "; " + fix);
		this.file = file;
	}

	/**
	 * @param file the fixture
	 * @param problem what is wrong
	 * @param fix what to do about it
	 * @param cause the underlying error
	 */
	public FixtureException(Path file, String problem, String fix, Throwable cause) {
		this(file, problem, fix);
		initCause(cause);
	}

	/**
	 * The fixture's path, as given.
	 *
	 * @return the file
	 */
	public Path file() {
		return file;
	}
}
