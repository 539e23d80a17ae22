package io.github.subnetsim;

/**
 * Named subnet kinds with their sizes, as PocketIC models them (dfinity/ic {@code rs/pocket_ic_server/src/pocket_ic.rs}
 * {@code subnet_size}), and whether outcalls are charged: application subnets pay, system subnets
 * ({@code rs/config/src/subnet_config.rs system_subnet()}) charge 0.
 *
 * <pre>{@code
 * Subnet.builder().kind(SubnetKind.FIDUCIARY).build(); // 34 replicas
 * }</pre>
 */
public enum SubnetKind {
	/** An application subnet: 13 replicas, charged. */
	APPLICATION(13, true),
	/** A verified application subnet: 13 replicas, charged. */
	VERIFIED_APPLICATION(13, true),
	/** The fiduciary subnet: 34 replicas, charged. */
	FIDUCIARY(34, true),
	/** The SNS subnet: 34 replicas, charged. */
	SNS(34, true),
	/** The Bitcoin subnet, a system subnet: 13 replicas, free. */
	BITCOIN(13, false),
	/** The Internet Identity subnet, a system subnet: 34 replicas, free. */
	II(34, false),
	/** The NNS subnet: 40 replicas, free. */
	NNS(40, false),
	/** Any other system subnet: 13 replicas, free. */
	SYSTEM(13, false);

	private final int replicas;
	private final boolean charged;

	SubnetKind(int replicas, boolean charged) {
		this.replicas = replicas;
		this.charged = charged;
	}

	/**
	 * Number of replicas (nodes).
	 *
	 * @return the subnet's size n
	 */
	public int replicas() {
		return replicas;
	}

	/**
	 * Whether outcalls cost cycles on this kind of subnet.
	 *
	 * @return {@code true} on application subnets, {@code false} on system subnets
	 */
	public boolean charged() {
		return charged;
	}
}
