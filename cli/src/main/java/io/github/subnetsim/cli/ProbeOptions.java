package io.github.subnetsim.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpMethod;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.profile.ReplicaProfile;

/**
 * The probe's command line, parsed and checked: {@code subnet-sim probe [URL] [--replicas N] [--method M]
 * [--header 'Name: value']... [--body @file|text] [--max-response-bytes N] [--transform SPEC] [--profile P] [--seed S]
 * [--json] [--allow-remote] [--cacert FILE] [--wasm FILE]}. Picocli reads the arguments ({@link ProbeCommand}); the
 * conversions here give each bad value its one-line reason.
 *
 * <pre>{@code
 * ProbeOptions o = ProbeOptions.parse(List.of("https://localhost:8443/price", "--replicas", "34"));
 * o.replicas(); // 34
 * }</pre>
 *
 * @param url the URL to probe, or null for the embedded demo API
 * @param replicas n, the replicas per outcall
 * @param method the HTTP method
 * @param headers the request headers, as given
 * @param body the request body, or null
 * @param maxResponseBytes the max_response_bytes, or null for unset
 * @param transform the transform spec ({@code --transform}), or the query method with {@code --wasm}; null for none
 * @param profile the replica profile
 * @param seed the seed
 * @param json whether to print one JSON document
 * @param allowRemote whether a non-loopback URL is allowed
 * @param caCertificates extra PEM certificates to trust
 * @param wasm the canister's .wasm whose transform every replica runs, or null
 * @param network the replicas' network, or null for the profile's
 */
public record ProbeOptions(String url, int replicas, HttpMethod method, List<HttpHeader> headers, byte[] body, Long maxResponseBytes,
		String transform, ReplicaProfile profile, long seed, boolean json, boolean allowRemote, List<Path> caCertificates, Path wasm,
		ReplicaNetwork network) {

	/** The most replicas the probe runs: each sends a real request. */
	static final int MAX_REPLICAS = 1000;

	/**
	 * Copies the lists.
	 *
	 * @param url the URL to probe, or null for the embedded demo API
	 * @param replicas n, the replicas per outcall
	 * @param method the HTTP method
	 * @param headers the request headers, as given
	 * @param body the request body, or null
	 * @param maxResponseBytes the max_response_bytes, or null for unset
	 * @param transform the transform spec ({@code --transform}), or the query method with {@code --wasm}; null for none
	 * @param profile the replica profile
	 * @param seed the seed
	 * @param json whether to print one JSON document
	 * @param allowRemote whether a non-loopback URL is allowed
	 * @param caCertificates extra PEM certificates to trust
	 * @param network the replicas' network, or null for the profile's
	 * @param wasm the canister's .wasm whose transform every replica runs, or null
	 */
	public ProbeOptions {
		headers = List.copyOf(headers);
		caCertificates = List.copyOf(caCertificates);
	}

	/**
	 * Parses the arguments after {@code probe} with the probe's picocli options.
	 *
	 * @param args the arguments after {@code probe}
	 * @return the checked options
	 * @throws UsageException with a one-line reason for a bad or unknown option
	 */
	public static ProbeOptions parse(List<String> args) {
		ProbeCommand command = new ProbeCommand();
		try {
			new CommandLine(command).setExpandAtFiles(false).parseArgs(args.toArray(new String[0]));
		}
		catch (ParameterException e) {
			throw new UsageException(SubnetSimCommand.reason(e));
		}
		return command.options();
	}

	static int positiveInt(String option, String v) {
		try {
			int n = Integer.parseInt(v);
			if (n < 1) {
				throw new UsageException(option + " must be at least 1, got " + v);
			}
			return n;
		}
		catch (NumberFormatException e) {
			throw new UsageException(option + " needs a whole number, got " + v);
		}
	}

	static long nonNegativeLong(String option, String v) {
		long n = longValue(option, v);
		if (n < 0) {
			throw new UsageException(option + " cannot be negative, got " + v);
		}
		return n;
	}

	static long longValue(String option, String v) {
		try {
			return Long.parseLong(v.replace("_", ""));
		}
		catch (NumberFormatException e) {
			throw new UsageException(option + " needs a whole number, got " + v);
		}
	}

	static HttpMethod method(String v) {
		try {
			return HttpMethod.valueOf(v.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new UsageException("--method must be GET, HEAD, POST, PUT, DELETE or PATCH, got " + v);
		}
	}

	static HttpHeader header(String v) {
		int colon = v.indexOf(':');
		if (colon <= 0) {
			throw new UsageException("--header needs 'Name: value', got " + v);
		}
		return new HttpHeader(v.substring(0, colon).trim(), v.substring(colon + 1).trim());
	}

	static byte[] body(String v) {
		if (!v.startsWith("@")) {
			return v.getBytes(StandardCharsets.UTF_8);
		}
		Path p = Path.of(v.substring(1));
		try {
			if (Files.size(p) > 2_000_000) {
				throw new UsageException("--body " + v + " is larger than the 2,000,000-byte request limit");
			}
			return Files.readAllBytes(p);
		}
		catch (IOException e) {
			throw new UsageException("--body " + v + ": cannot read " + p + " (" + e.getMessage() + ")");
		}
	}

	/**
	 * {@code --network}: null (the profile's) when not given.
	 *
	 * @param v the option's value, or null
	 * @return the network, or null for the profile's
	 */
	static ReplicaNetwork network(String v) {
		if (v == null) {
			return null;
		}
		return switch (v.toLowerCase(Locale.ROOT).replace('_', '-')) {
			case "ipv6-only" -> ReplicaNetwork.IPV6_ONLY;
			case "ipv6-then-socks" -> ReplicaNetwork.IPV6_THEN_SOCKS;
			case "ipv4-per-replica" -> ReplicaNetwork.IPV4_PER_REPLICA;
			default -> throw new UsageException("--network must be ipv6-only, ipv6-then-socks or ipv4-per-replica, got " + v);
		};
	}

	static ReplicaProfile profile(String v) {
		return switch (v.toLowerCase(Locale.ROOT).replace('_', '-')) {
			case "seed-documented", "seed" -> ReplicaProfile.SEED_DOCUMENTED;
			case "current-replica", "current" -> ReplicaProfile.CURRENT_REPLICA;
			default -> throw new UsageException("--profile must be seed-documented or current-replica, got " + v);
		};
	}

	/**
	 * A usage error: the probe prints the reason and the usage, and exits with 2.
	 *
	 * <pre>{@code
	 * throw new ProbeOptions.UsageException("--replicas must be at least 1, got 0");
	 * }</pre>
	 */
	public static final class UsageException extends RuntimeException {
		private static final long serialVersionUID = 1L;

		/**
		 * A usage error.
		 *
		 * @param reason one line, shown before the usage
		 */
		public UsageException(String reason) {
			super(reason);
		}
	}
}
