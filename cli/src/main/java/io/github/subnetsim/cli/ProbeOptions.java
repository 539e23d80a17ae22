package io.github.subnetsim.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpMethod;
import io.github.subnetsim.profile.ReplicaProfile;

/**
 * The probe's command line, parsed: {@code subnet-sim probe [URL] [--replicas N] [--method M] [--header 'Name: value']...
 * [--body @file|text] [--max-response-bytes N] [--transform SPEC] [--profile P] [--seed S] [--json] [--allow-remote]
 * [--cacert FILE] [--wasm FILE]}.
 *
 * <pre>{@code
 * ProbeOptions o = ProbeOptions.parse(List.of("https://localhost:8443/price", "--replicas", "34"));
 * }</pre>
 */
public record ProbeOptions(String url, int replicas, HttpMethod method, List<HttpHeader> headers, byte[] body, Long maxResponseBytes,
		String transform, ReplicaProfile profile, long seed, boolean json, boolean allowRemote, List<Path> caCertificates, Path wasm) {

	/** The usage text. */
	public static final String USAGE = String.join("\n",
			"usage: subnet-sim probe [URL] [options]",
			"",
			"Makes the outcall from N simulated replicas, shows what differed between them, suggests a transform,",
			"checks that it reaches consensus, and recommends max_response_bytes and a cycles budget.",
			"Without URL it probes an embedded demo exchange-rate API.",
			"",
			"  --replicas N             replicas per outcall (default 13, an application subnet)",
			"  --method M               GET, HEAD, POST, PUT, DELETE or PATCH (default GET)",
			"  --header 'Name: value'   a request header; repeat for more",
			"  --body @file|text        the request body",
			"  --max-response-bytes N   the max_response_bytes to use",
			"  --transform SPEC         start from this transform, e.g. drop-headers:date,x-request-id;drop-json:/nonce",
			"                           (steps: drop-headers, keep-headers, drop-json, keep-json, extract-json, canonical-json)",
			"  --profile P              seed-documented (default) or current-replica",
			"  --seed S                 the seed (default 0)",
			"  --json                   print one JSON document instead of text",
			"  --allow-remote           allow a URL that is not on loopback (every replica sends a real request)",
			"  --cacert FILE            also trust this PEM certificate (a local service's own CA); repeat for more",
			"  --wasm FILE              run the canister's own transform from this .wasm in every replica; --transform",
			"                           then names its query method (default transform)",
			"",
			"exit codes: 0 consensus reached, 1 no consensus, 2 usage or input error");

	public ProbeOptions {
		headers = List.copyOf(headers);
		caCertificates = List.copyOf(caCertificates);
	}

	/** Parses the arguments after {@code probe}; throws {@link UsageException} with a one-line reason. */
	public static ProbeOptions parse(List<String> args) {
		String url = null;
		int replicas = 13;
		HttpMethod method = HttpMethod.GET;
		List<HttpHeader> headers = new ArrayList<>();
		byte[] body = null;
		Long maxResponseBytes = null;
		String transform = null;
		ReplicaProfile profile = ReplicaProfile.SEED_DOCUMENTED;
		long seed = 0;
		boolean json = false;
		boolean allowRemote = false;
		List<Path> caCertificates = new ArrayList<>();
		Path wasm = null;
		for (int i = 0; i < args.size(); i++) {
			String a = args.get(i);
			switch (a) {
				case "--replicas" -> replicas = positiveInt(a, value(args, ++i, a));
				case "--method" -> method = method(value(args, ++i, a));
				case "--header" -> headers.add(header(value(args, ++i, a)));
				case "--body" -> body = body(value(args, ++i, a));
				case "--max-response-bytes" -> maxResponseBytes = nonNegativeLong(a, value(args, ++i, a));
				case "--transform" -> transform = value(args, ++i, a);
				case "--profile" -> profile = profile(value(args, ++i, a));
				case "--seed" -> seed = longValue(a, value(args, ++i, a));
				case "--json" -> json = true;
				case "--allow-remote" -> allowRemote = true;
				case "--cacert" -> caCertificates.add(Path.of(value(args, ++i, a)));
				case "--wasm" -> wasm = Path.of(value(args, ++i, a));
				default -> {
					if (a.startsWith("-")) {
						throw new UsageException("unknown option " + a);
					}
					if (url != null) {
						throw new UsageException("one URL only, got " + url + " and " + a);
					}
					url = a;
				}
			}
		}
		if (replicas > 1000) {
			throw new UsageException("--replicas " + replicas + " is more than the probe will run (at most 1000)");
		}
		return new ProbeOptions(url, replicas, method, headers, body, maxResponseBytes, transform, profile, seed, json, allowRemote, caCertificates, wasm);
	}

	private static String value(List<String> args, int i, String option) {
		if (i >= args.size()) {
			throw new UsageException(option + " needs a value");
		}
		return args.get(i);
	}

	private static int positiveInt(String option, String v) {
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

	private static long nonNegativeLong(String option, String v) {
		long n = longValue(option, v);
		if (n < 0) {
			throw new UsageException(option + " cannot be negative, got " + v);
		}
		return n;
	}

	private static long longValue(String option, String v) {
		try {
			return Long.parseLong(v.replace("_", ""));
		}
		catch (NumberFormatException e) {
			throw new UsageException(option + " needs a whole number, got " + v);
		}
	}

	private static HttpMethod method(String v) {
		try {
			return HttpMethod.valueOf(v.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new UsageException("--method must be GET, HEAD, POST, PUT, DELETE or PATCH, got " + v);
		}
	}

	private static HttpHeader header(String v) {
		int colon = v.indexOf(':');
		if (colon <= 0) {
			throw new UsageException("--header needs 'Name: value', got " + v);
		}
		return new HttpHeader(v.substring(0, colon).trim(), v.substring(colon + 1).trim());
	}

	private static byte[] body(String v) {
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

	private static ReplicaProfile profile(String v) {
		return switch (v.toLowerCase(Locale.ROOT).replace('_', '-')) {
			case "seed-documented", "seed" -> ReplicaProfile.SEED_DOCUMENTED;
			case "current-replica", "current" -> ReplicaProfile.CURRENT_REPLICA;
			default -> throw new UsageException("--profile must be seed-documented or current-replica, got " + v);
		};
	}

	/** A usage error: the probe prints the reason and the usage, and exits with 2. */
	public static final class UsageException extends RuntimeException {
		private static final long serialVersionUID = 1L;

		public UsageException(String reason) {
			super(reason);
		}
	}
}
