package io.github.subnetsim.internal.pipeline;

import java.time.Duration;
import java.util.Objects;

import io.github.subnetsim.HostResolver;
import io.github.subnetsim.ReplicaNetwork;

/**
 * How each replica's adapter and transform are bounded, and where it may connect.
 *
 * @param connectTimeout the TCP connect bound per attempt (dfinity/ic adapter {@code config.rs}
 *        {@code DEFAULT_HTTP_CONNECT_TIMEOUT_SECS} = 2 s unless a test lowers it)
 * @param requestTimeout the whole exchange's real-time bound ({@code DEFAULT_HTTP_REQUEST_TIMEOUT_SECS} = 30 s unless
 *        a test lowers it)
 * @param transformTimeout the wall-clock bound on one Java transform call, standing in for the instruction limit
 * @param transformAllocationBytes the bytes one transform call may allocate before it is stopped (0: no guard)
 * @param allowRemoteHosts whether URLs off loopback are allowed
 * @param resolver how host names are resolved (once per outcall)
 * @param network how replicas reach the server (the profile's unless a test chose one)
 * @param noIpv6Route whether the direct IPv6 attempt is simulated as having no route
 */
public record AdapterSettings(Duration connectTimeout, Duration requestTimeout, Duration transformTimeout, long transformAllocationBytes,
		boolean allowRemoteHosts, HostResolver resolver, ReplicaNetwork network, boolean noIpv6Route) {

	/** Checks the parts. */
	public AdapterSettings {
		Objects.requireNonNull(connectTimeout, "connectTimeout");
		Objects.requireNonNull(requestTimeout, "requestTimeout");
		Objects.requireNonNull(transformTimeout, "transformTimeout");
		Objects.requireNonNull(resolver, "resolver");
		Objects.requireNonNull(network, "network");
	}
}
