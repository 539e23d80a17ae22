package io.github.subnetsim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.TransformFunction;
import io.github.subnetsim.assertions.DivergenceReport;
import io.github.subnetsim.internal.charge.OutcallPricing;
import io.github.subnetsim.trace.ReplicaTrace;
import io.github.subnetsim.trace.Stage;

/**
 * {@code subnet-sim probe}: the seeds' recipe — fetch several times, diff, write a transform, size
 * {@code max_response_bytes}, budget cycles — done by a simulated subnet against a real endpoint.
 *
 * <pre>{@code
 * ./subnet-sim probe https://localhost:8443/price --replicas 13 --cacert my-ca.pem
 * int exit = ProbeCommand.run(List.of("https://localhost:8443/price", "--replicas", "13"), System.out, System.err);
 * }</pre>
 *
 * <p>Exit codes: 0 consensus reached (as given or with the suggested transform), 1 no consensus, 2 usage or input
 * error.
 */
@Command(name = "probe", mixinStandardHelpOptions = true, versionProvider = SubnetSimCommand.Version.class, sortOptions = false,
		usageHelpWidth = SubnetSimCommand.WIDTH, separator = " ", exitCodeOnInvalidInput = SubnetSimCommand.USAGE_ERROR,
		synopsisHeading = "usage: ", customSynopsis = "subnet-sim probe [URL] [options]",
		descriptionHeading = "%n", parameterListHeading = "%n",
		description = { "Probes a URL from N simulated replicas and says how its outcall will fare on a subnet.",
				"Shows what differed between the replicas, suggests a transform, checks that it reaches consensus,",
				"and recommends max_response_bytes and a cycles budget.",
				"Without URL it probes an embedded demo exchange-rate API." },
		footerHeading = "%n", footer = "exit codes: 0 consensus reached, 1 no consensus, 2 usage or input error")
public final class ProbeCommand implements Callable<Integer> {

	/** Cycles attached to probe outcalls: the probe studies behaviour, the fee is reported separately. */
	static final long ATTACHED = 1_000_000_000_000_000L;

	// Values stay text until options(): the conversions in ProbeOptions give the one-line reasons users know
	// ("--replicas must be at least 1, got 0"), which picocli's own converters would word differently.

	@Parameters(arity = "0..*", paramLabel = "URL", hideParamSyntax = true,
			description = "the endpoint (https); without it, the embedded demo API")
	List<String> urls = new ArrayList<>();

	@Option(names = "--replicas", paramLabel = "N", description = "replicas per outcall (default 13, an application subnet)")
	String replicas = "13";

	@Option(names = "--method", paramLabel = "M", description = "GET, HEAD, POST, PUT, DELETE or PATCH (default GET)")
	String method = "GET";

	@Option(names = "--header", paramLabel = "'Name: value'", description = "a request header; repeat for more")
	List<String> headers = new ArrayList<>();

	@Option(names = "--body", paramLabel = "@file|text", description = "the request body")
	String body;

	@Option(names = "--max-response-bytes", paramLabel = "N", description = "the max_response_bytes to use")
	String maxResponseBytes;

	@Option(names = "--transform", paramLabel = "SPEC", description = {
			"start from this transform, e.g. drop-headers:date,x-request-id;drop-json:/nonce",
			"(steps: drop-headers, keep-headers, drop-all-headers, drop-json, keep-json,", "extract-json, canonical-json)" })
	String transform;

	@Option(names = "--profile", paramLabel = "P", description = "seed-documented (default) or current-replica")
	String profile = "seed-documented";

	@Option(names = "--network", paramLabel = "NET", description = { "how replicas reach the server: ipv6-only, ipv6-then-socks or",
			"ipv4-per-replica (default: the profile's; see docs/network.md)" })
	String network;

	@Option(names = "--seed", paramLabel = "S", description = "the seed (default 0)")
	String seed = "0";

	@Option(names = "--json", description = "print one JSON document instead of text")
	boolean json;

	@Option(names = "--allow-remote", description = "allow a URL that is not on loopback (every replica sends a real request)")
	boolean allowRemote;

	@Option(names = "--cacert", paramLabel = "FILE", description = "also trust this PEM certificate (a local service's own CA); repeat for more")
	List<Path> caCertificates = new ArrayList<>();

	@Option(names = "--wasm", paramLabel = "FILE", description = { "run the canister's own transform from this .wasm in every replica;",
			"--transform then names its query method (default transform)" })
	Path wasm;

	@Option(names = "--record", paramLabel = "FILE", description = { "write the first outcall's raw responses to FILE, a fixture to replay",
			"offline (secrets redacted; see docs/record-and-replay.md)" })
	Path record;

	@Spec
	CommandSpec spec;

	ProbeCommand() {
	}

	/**
	 * Runs the probe with the arguments after {@code probe}.
	 *
	 * @param args the arguments, for example {@code [https://localhost:8443/price, --replicas, 34]}
	 * @param out where the report goes
	 * @param err where progress and errors go
	 * @return the exit code: 0 consensus reached, 1 no consensus, 2 usage or input error
	 */
	public static int run(List<String> args, PrintStream out, PrintStream err) {
		return SubnetSimCommand.run("probe", args, out, err);
	}

	/** The parsed arguments, checked; throws {@link ProbeOptions.UsageException} with a one-line reason. */
	ProbeOptions options() {
		if (urls.size() > 1) {
			throw new ProbeOptions.UsageException("one URL only, got " + urls.get(0) + " and " + urls.get(1));
		}
		int n = ProbeOptions.positiveInt("--replicas", replicas);
		if (n > ProbeOptions.MAX_REPLICAS) {
			throw new ProbeOptions.UsageException("--replicas " + n + " is more than the probe will run (at most " + ProbeOptions.MAX_REPLICAS + ")");
		}
		List<HttpHeader> parsedHeaders = new ArrayList<>();
		for (String h : headers) {
			parsedHeaders.add(ProbeOptions.header(h));
		}
		return new ProbeOptions(urls.isEmpty() ? null : urls.get(0), n, ProbeOptions.method(method), parsedHeaders,
				body == null ? null : ProbeOptions.body(body),
				maxResponseBytes == null ? null : ProbeOptions.nonNegativeLong("--max-response-bytes", maxResponseBytes), transform,
				ProbeOptions.profile(profile), ProbeOptions.longValue("--seed", seed), json, allowRemote, caCertificates, wasm,
				ProbeOptions.network(network));
	}

	@Override
	public Integer call() {
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		ProbeOptions o;
		TransformFunction given;
		List<X509Certificate> trusted;
		try {
			o = options();
			given = o.wasm() != null ? wasmTransform(o) : o.transform() == null ? null : TransformSpec.parse(o.transform());
			trusted = certificates(o.caCertificates());
		}
		catch (ProbeOptions.UsageException e) {
			// A ParameterException gets the shared usage-error treatment: reason, usage, exit 2.
			throw new ParameterException(spec.commandLine(), e.getMessage(), e);
		}
		DemoApi demo = null;
		try {
			String url = o.url();
			if (url == null) {
				demo = DemoApi.start(o.seed());
				url = demo.url();
			}
			else {
				String refusal = remoteRefusal(url, o.allowRemote());
				if (refusal != null) {
					// An input error, but not a usage one: the reason alone, no usage text.
					err.println("subnet-sim probe: " + refusal);
					return SubnetSimCommand.USAGE_ERROR;
				}
			}
			return probe(o, url, demo != null, given, trusted, out, err, record);
		}
		finally {
			if (demo != null) {
				demo.close();
			}
		}
	}

	private static int probe(ProbeOptions o, String url, boolean demo, TransformFunction given, List<X509Certificate> trusted,
			PrintWriter out, PrintWriter err, Path record) {
		HttpRequestArgs.Builder request = HttpRequestArgs.builder(o.method(), url).headers(o.headers()).body(o.body())
				.maxResponseBytes(o.maxResponseBytes()).cycles(ATTACHED);
		if (given != null) {
			request.transform(Transform.of(o.wasm() != null && o.transform() != null ? o.transform() : "transform", given));
		}
		HttpRequestArgs first = request.build();
		ProbeReport report = new ProbeReport(o, url, demo);
		err.println("subnet-sim probe: " + o.method() + " " + url + " from " + o.replicas() + " replicas: each outcall sends "
				+ o.replicas() + " requests, at most 2 outcalls (" + 2 * o.replicas() + " requests)");
		Subnet.Builder sb = Subnet.builder().replicas(o.replicas()).seed(o.seed()).profile(o.profile());
		if (o.network() != null) {
			sb.network(o.network());
		}
		if (o.allowRemote()) {
			sb.allowRemoteHosts(); // --allow-remote was checked above; the subnet refuses remote hosts without it too
		}
		trusted.forEach(sb::trust);
		io.github.subnetsim.replay.Recorder recorder = record == null ? null : io.github.subnetsim.replay.Recorder.create();
		try (Subnet subnet = (recorder == null ? sb : sb.record(recorder)).build()) {
			err.println("  outcall 1 of 2: " + o.replicas() + " replicas fetching ...");
			OutcallResult r1 = subnet.httpRequest(first);
			if (recorder != null) {
				err.println("  recorded outcall 1 to " + recorder.write(record) + " (replay: Subnet.builder().replay(path))");
			}
			report.first(r1, DivergenceReport.of(r1));
			String instructions = transformInstructions(r1);
			if (instructions != null) {
				err.println("  transform instructions per replica: " + instructions);
			}
			if (r1.trace().stage() == Stage.VALIDATION || r1.trace().stage() == Stage.CHARGE) {
				OutcallResult.Reject reject = (OutcallResult.Reject) r1;
				err.println("subnet-sim probe: the request is invalid: " + reject.message());
				return SubnetSimCommand.USAGE_ERROR;
			}
			OutcallResult finalResult = r1;
			HttpRequestArgs finalArgs = first;
			Optional<TransformFunction> suggestion = DivergenceReport.of(r1).suggestedTransform();
			if (!r1.isReply() && suggestion.isPresent()) {
				TransformFunction combined = given == null ? suggestion.get()
						: io.github.subnetsim.transform.Transforms.compose(given, suggestion.get());
				HttpRequestArgs second = first.toBuilder().transform(Transform.of("transform", combined)).build();
				err.println("  outcall 2 of 2: the same request with the suggested transform ...");
				finalArgs = second;
				finalResult = subnet.httpRequest(second);
				report.second(finalResult, combined.toString());
			}
			long largest = largestResponse(r1, finalResult);
			long recommended = recommendedMaxResponseBytes(largest, subnet.profile().maxResponseBytesLimit());
			report.sizing(largest, recommended);
			HttpRequestArgs priced = finalArgs;
			for (int n : new int[] { 13, 34 }) {
				OutcallPricing pricing = OutcallPricing.of(o.profile(), n, false);
				report.cost(n, pricing.upFront(priced.toBuilder().maxResponseBytes((Long) null).build()).total(),
						pricing.upFront(priced.toBuilder().maxResponseBytes(recommended).build()).total());
			}
			int exit = finalResult.isReply() ? 0 : 1;
			report.exit(exit);
			out.print(o.json() ? report.toJson() : report.toText());
			out.flush();
			return exit;
		}
	}

	/** The canister's transform ({@code --wasm}), as a function the probe can compose with its suggestion. */
	private static TransformFunction wasmTransform(ProbeOptions o) {
		try {
			return io.github.subnetsim.wasm.WasmCanister.load(o.wasm()).transform(o.transform() == null ? "transform" : o.transform()).function();
		}
		catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
			throw new ProbeOptions.UsageException("cannot load " + o.wasm() + ": " + e.getMessage());
		}
	}

	/** Min–max of the measured (Wasm) transform instructions over the replicas, or null for a Java transform. */
	private static String transformInstructions(OutcallResult r) {
		long min = Long.MAX_VALUE;
		long max = Long.MIN_VALUE;
		for (ReplicaTrace t : r.trace().replicas()) {
			if (t.transformInstructions() != null) {
				min = Math.min(min, t.transformInstructions());
				max = Math.max(max, t.transformInstructions());
			}
		}
		return min == Long.MAX_VALUE ? null : min == max ? String.valueOf(min) : min + " to " + max;
	}

	/** The largest response any replica received (header names + values + body), or produced after its transform. */
	private static long largestResponse(OutcallResult... results) {
		long largest = 0;
		for (OutcallResult r : results) {
			for (ReplicaTrace t : r.trace().replicas()) {
				long headers = 0;
				for (HttpHeader h : t.responseHeaders()) {
					headers += h.byteSize();
				}
				largest = Math.max(largest, headers + t.responseBodyBytes());
				if (t.transformedBytes() != null) {
					largest = Math.max(largest, t.transformedBytes());
				}
			}
		}
		return largest;
	}

	/** The largest response plus a quarter (at least 1 KiB), rounded up to a KiB, capped at the profile's maximum. */
	static long recommendedMaxResponseBytes(long largest, long cap) {
		long withMargin = largest + Math.max(largest / 4, 1024);
		long rounded = (withMargin + 1023) / 1024 * 1024;
		return Math.min(rounded, cap);
	}

	/** Null when the URL may be probed; otherwise why not. */
	static String remoteRefusal(String url, boolean allowRemote) {
		String host;
		try {
			host = URI.create(url).getHost();
		}
		catch (IllegalArgumentException e) {
			return "not a URL: " + url;
		}
		if (host == null) {
			return "not a URL with a host: " + url;
		}
		if (allowRemote || isLoopback(host)) {
			return null;
		}
		return host + " is not on loopback: every replica would send a real request to it. Add --allow-remote to probe it anyway.";
	}

	private static boolean isLoopback(String host) {
		if (host.equalsIgnoreCase("localhost")) {
			return true;
		}
		try {
			InetAddress[] all = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
			for (InetAddress a : all) {
				if (!a.isLoopbackAddress()) {
					return false;
				}
			}
			return all.length > 0;
		}
		catch (UnknownHostException e) {
			return false;
		}
	}

	private static List<X509Certificate> certificates(List<Path> files) {
		List<X509Certificate> out = new ArrayList<>();
		for (Path p : files) {
			try (InputStream in = Files.newInputStream(p)) {
				CertificateFactory cf = CertificateFactory.getInstance("X.509");
				for (java.security.cert.Certificate c : cf.generateCertificates(in)) {
					out.add((X509Certificate) c);
				}
			}
			catch (IOException | GeneralSecurityException e) {
				throw new ProbeOptions.UsageException("--cacert " + p + ": not a readable PEM certificate (" + e.getMessage() + ")");
			}
		}
		return out;
	}
}
