package io.github.subnetsim;

/**
 * Thrown, before any connection, for an outcall to a host that is not on loopback when the subnet was not built with
 * {@link Subnet.Builder#allowRemoteHosts()}: every replica sends its own request, so one outcall is n requests
 * against a real service.
 *
 * <pre>{@code
 * Subnet.builder().allowRemoteHosts().build(); // only when n requests per outcall to that host are acceptable
 * }</pre>
 */
public final class RemoteHostRefusedException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what was refused, why, and how to opt in
	 */
	public RemoteHostRefusedException(String message) {
		super(message);
	}
}
