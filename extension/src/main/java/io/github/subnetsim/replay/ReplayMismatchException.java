package io.github.subnetsim.replay;

import java.nio.file.Path;

/**
 * A replayed replica was asked for a request the fixture did not record (another URL, method or body): replaying
 * the recording would be a silent wrong answer. The message shows the difference.
 *
 * <pre>{@code
 * assertThrows(ReplayMismatchException.class, () -> subnet.httpRequest(otherUrl));
 * }</pre>
 */
public final class ReplayMismatchException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param file the fixture
	 * @param replica the replica that was asked
	 * @param difference the recorded and the sent values, line by line
	 */
	public ReplayMismatchException(Path file, int replica, String difference) {
		super("replica " + replica + " sent a request that fixture " + file + " did not record:\n" + difference
				+ "Re-record the fixture for this request (Recorder, or ./subnet-sim probe URL --record FILE), or send the recorded request.");
	}
}
