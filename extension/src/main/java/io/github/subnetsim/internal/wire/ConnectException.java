package io.github.subnetsim.internal.wire;

/** A failed connect or handshake, with the adapter-level kind. */
final class ConnectException extends Exception {

	private static final long serialVersionUID = 1L;

	final ConnectFailure kind;

	ConnectException(ConnectFailure kind, String detail) {
		super(detail, null, false, false);
		this.kind = kind;
	}
}
