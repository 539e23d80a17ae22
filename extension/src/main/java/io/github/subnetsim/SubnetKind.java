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
	APPLICATION(13, true),
	VERIFIED_APPLICATION(13, true),
	FIDUCIARY(34, true),
	SNS(34, true),
	BITCOIN(13, false),
	II(34, false),
	NNS(40, false),
	SYSTEM(13, false);

	private final int replicas;
	private final boolean charged;

	SubnetKind(int replicas, boolean charged) {
		this.replicas = replicas;
		this.charged = charged;
	}

	/** Number of replicas (nodes). */
	public int replicas() {
		return replicas;
	}

	/** Whether outcalls cost cycles on this kind of subnet. */
	public boolean charged() {
		return charged;
	}
}
