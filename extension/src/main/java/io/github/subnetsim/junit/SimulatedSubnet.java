package io.github.subnetsim.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import io.github.subnetsim.Finding;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.SubnetKind;
import io.github.subnetsim.profile.ReplicaProfile;

/**
 * Gives each test a fresh simulated subnet and a started TLS MockWebServer that the subnet trusts, as parameters
 * of type {@link io.github.subnetsim.Subnet} and {@code mockwebserver3.MockWebServer}. Both are closed after the test.
 *
 * <pre>{@code
 * @SimulatedSubnet(replicas = 13, seed = 42)
 * class PriceFeedTest {
 *     @Test
 *     void agrees(Subnet subnet, MockWebServer server) { ... }
 * }
 * }</pre>
 *
 * <p>For one subnet per class, perturbations or listeners, register {@link SubnetExtension} programmatically.
 */
@Target({ ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SubnetExtension.class)
public @interface SimulatedSubnet {

	/**
	 * Number of replicas; 0 (the default) takes the size of {@link #kind()}.
	 *
	 * @return number of replicas; 0 (the default) takes the size of {@code #kind()}
	 */
	int replicas() default 0;

	/**
	 * The kind of subnet: its size and whether it charges.
	 *
	 * @return the kind of subnet: its size and whether it charges
	 */
	SubnetKind kind() default SubnetKind.APPLICATION;

	/**
	 * The seed every random choice derives from.
	 *
	 * @return the seed every random choice derives from
	 */
	long seed() default 0;

	/**
	 * The replica profile.
	 *
	 * @return the replica profile
	 */
	ReplicaProfile profile() default ReplicaProfile.SEED_DOCUMENTED;

	/**
	 * Real-time bound on each replica's whole request, in milliseconds: the adapter's 30 s by default. Lower it to
	 * keep a suite with stalling servers fast; the trace then says when the lowered bound fired.
	 *
	 * @return real-time bound on each replica's whole request, in milliseconds: the adapter's 30 s by default
	 */
	long requestTimeoutMillis() default 30_000;

	/**
	 * The same as {@link #requestTimeoutMillis()}, the name older tests use; 0 (the default) leaves it unset.
	 *
	 * @return the same as {@code #requestTimeoutMillis()}, the name older tests use; 0 (the default) leaves it unset
	 */
	long stallTimeoutMillis() default 0;

	/**
	 * Wall-clock bound on one Java transform call, in milliseconds (the transform's instruction limit stands in).
	 *
	 * @return wall-clock bound on one Java transform call, in milliseconds (the transform's instruction limit stands in)
	 */
	long transformTimeoutMillis() default 5_000;

	/**
	 * Whether URLs off loopback are allowed. Off by default: every replica sends its own request, so one outcall is
	 * n requests against a real API.
	 *
	 * @return whether URLs off loopback are allowed
	 */
	boolean allowRemoteHosts() default false;

	/**
	 * How the replicas reach the server: empty (the default) takes the profile's network (IPv6 only for the
	 * seed-documented profile, IPv6 then two SOCKS proxies for the current replica); one value chooses it, for example
	 * {@code network = ReplicaNetwork.IPV4_PER_REPLICA} for n distinct clients. See docs/network.md.
	 *
	 * @return at most one network; empty for the profile's
	 */
	ReplicaNetwork[] network() default {};

	/**
	 * Whether every direct IPv6 attempt fails as against a server that does not accept IPv6 (see
	 * {@link io.github.subnetsim.Subnet.Builder#simulateNoIpv6Route()}).
	 *
	 * @return whether the direct IPv6 route is simulated as missing
	 */
	boolean simulateNoIpv6Route() default false;

	/**
	 * The idempotency key header a replicated POST is checked for; without it, an outcall that reached the server
	 * from several replicas gets a {@link io.github.subnetsim.Finding.NonIdempotentFanOut} finding.
	 *
	 * @return the idempotency key header a replicated POST is checked for; without it, an outcall that reached the server from several replicas gets a {@code io.github.subnetsim.Finding.NonIdempotentFanOut} finding
	 */
	String idempotencyKeyHeader() default Finding.DEFAULT_KEY_HEADER;

	/**
	 * A fixture to replay instead of the network (see {@code docs/record-and-replay.md}): a class path resource
	 * relative to the test class, else one from the class path root, else a file relative to the working directory.
	 * Empty (the default) means real HTTPS replicas.
	 *
	 * @return a fixture to replay instead of the network (see {@code docs/record-and-replay.md}): a class path resource relative to the test class, else one from the class path root, else a file relative to the working directory
	 */
	String replay() default "";
}
