package io.github.subnetsim.internal.wire;

import java.io.IOException;

/** Thrown inside the client when the exchange's deadline passes during a read, a handshake or a write. */
final class DeadlineExceededException extends IOException {

	private static final long serialVersionUID = 1L;

	DeadlineExceededException() {
		super("request deadline expired");
	}
}
