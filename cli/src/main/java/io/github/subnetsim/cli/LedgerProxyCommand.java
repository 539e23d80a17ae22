package io.github.subnetsim.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import io.github.subnetsim.idempotency.ForwardedHeader;
import io.github.subnetsim.idempotency.IdempotencyLedger;
import io.github.subnetsim.idempotency.IdempotencyProxy;

/**
 * {@code subnet-sim ledger-proxy}: an {@link IdempotencyProxy} in front of a service in any language, until
 * interrupted. Each idempotency key is applied once upstream, duplicates get the stored response, and the ledger of
 * every request is written as JSON when the proxy stops. It prints the URL to give the replicas, then the PEM
 * certificate to trust (the simulated subnet already trusts it).
 *
 * <pre>{@code
 * npx json-server db.json --port 3000 &
 * ./subnet-sim ledger-proxy --upstream http://127.0.0.1:3000 --port 8443 --ledger-file target/ledger.json
 * # first line: https://localhost:8443; point the replicas (or curl --cacert) there; Ctrl+C writes target/ledger.json
 *
 * int exit = SubnetSimCommand.run(List.of("ledger-proxy", "--upstream", "http://127.0.0.1:3000"), System.out, System.err);
 * }</pre>
 *
 * <p>Exit codes: 0 when stopped by an interrupt within the JVM (Ctrl+C ends the JVM with the shell's signal status,
 * after the ledger is written), 2 a usage or input error (a bad upstream URL, a port in use).
 */
@Command(name = "ledger-proxy", mixinStandardHelpOptions = true, versionProvider = SubnetSimCommand.Version.class, sortOptions = false,
		usageHelpWidth = SubnetSimCommand.WIDTH, separator = " ", exitCodeOnInvalidInput = SubnetSimCommand.USAGE_ERROR,
		synopsisHeading = "usage: ",
		customSynopsis = "subnet-sim ledger-proxy --upstream URL [--port N] [--key-header H] [--ledger-file FILE] [options]",
		descriptionHeading = "%n", optionListHeading = "%n",
		description = { "A TLS reverse proxy on loopback that applies each idempotency key once upstream, until Ctrl+C.",
				"Duplicates get the stored response; every request is recorded, and the ledger is written as JSON on exit.",
				"Prints the URL to give the replicas, then the certificate to trust: a test CA the simulated subnet trusts." },
		footerHeading = "%n", footer = "exit codes: 2 usage or input error; otherwise it runs until interrupted")
public final class LedgerProxyCommand implements Callable<Integer> {

	private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s)?");

	@Option(names = "--upstream", required = true, paramLabel = "URL", description = "the service, http or https, for example http://127.0.0.1:3000")
	String upstream;

	@Option(names = "--port", paramLabel = "N", description = "the port on 127.0.0.1 (default 0: an ephemeral port, printed)")
	int port;

	@Option(names = "--key-header", paramLabel = "H", description = "the idempotency key header (default Idempotency-Key)")
	String keyHeader = IdempotencyLedger.DEFAULT_KEY_HEADER;

	@Option(names = "--ledger-file", paramLabel = "FILE", description = "where the ledger is written on exit (default subnet-sim-ledger.json)")
	Path ledgerFile = Path.of("subnet-sim-ledger.json");

	@Option(names = "--missing-key", paramLabel = "reject|apply",
			description = "a request without a key: answered 400 (reject, the default) or forwarded every time (apply)")
	String missingKey = "reject";

	@Option(names = "--max-request-bytes", paramLabel = "N", description = "the largest request body forwarded (default 2000000); larger gets 413")
	long maxRequestBytes = 2_000_000;

	@Option(names = "--max-response-bytes", paramLabel = "N", description = "the largest upstream response body (default 2000000); larger gets 502")
	long maxResponseBytes = 2_000_000;

	@Option(names = "--upstream-timeout", paramLabel = "10s", description = "one upstream exchange, body included (default 10s; 500ms, 30s, or seconds)")
	String upstreamTimeout = "10s";

	@Option(names = "--connect-timeout", paramLabel = "2s", description = "connecting to the upstream (default 2s)")
	String connectTimeout = "2s";

	@Option(names = "--max-concurrent", paramLabel = "N", description = "requests handled at once (default 32); the others wait")
	int maxConcurrent = 32;

	@Option(names = "--trust-forwarded", paramLabel = "HEADER=ADDR[,ADDR]",
			description = "name replicas by a reverse proxy's header (X-Forwarded-For, X-Real-IP or Forwarded) from these proxy addresses")
	String trustForwarded;

	@Spec
	CommandSpec spec;

	LedgerProxyCommand() {
	}

	@Override
	public Integer call() {
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		IdempotencyProxy proxy;
		try {
			proxy = IdempotencyProxy.builder(URI.create(upstream)).port(port).maxRequestBytes(maxRequestBytes).maxResponseBytes(maxResponseBytes)
					.connectTimeout(duration("--connect-timeout", connectTimeout)).upstreamTimeout(duration("--upstream-timeout", upstreamTimeout))
					.maxConcurrent(maxConcurrent).ledger(ledger()).ledgerFile(ledgerFile).start();
		}
		catch (IllegalArgumentException | UncheckedIOException e) {
			// A usage error (ParameterException) is not caught here: picocli prints it with the usage.
			err.println("subnet-sim ledger-proxy: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
			return SubnetSimCommand.USAGE_ERROR;
		}
		// The proxy's threads are daemons and Ctrl+C does not unwind this thread: a hook closes it, which writes the ledger.
		Thread hook = new Thread(proxy::close, "subnet-sim-ledger-proxy-stop");
		Runtime.getRuntime().addShutdownHook(hook);
		try {
			out.println(proxy.url());
			out.println("subnet-sim ledger-proxy: forwarding to " + proxy.upstream() + ", each " + keyHeader
					+ " applied once; trust this certificate (curl --cacert FILE; the simulated subnet already does):");
			out.print(proxy.certificatePem());
			out.println("subnet-sim ledger-proxy: press Ctrl+C to stop; the ledger is written to " + ledgerFile.toAbsolutePath());
			out.flush();
			new CountDownLatch(1).await();
		}
		catch (InterruptedException e) {
			// The stop request from within the JVM (a test, an embedding tool): handled by returning, so closing is not cut short.
		}
		finally {
			proxy.close();
			removeHook(hook);
		}
		out.println("subnet-sim ledger-proxy: stopped; " + proxy.ledger().entries().size() + " requests recorded, "
				+ proxy.ledger().appliedCount() + " applied upstream; ledger written to " + ledgerFile.toAbsolutePath());
		out.flush();
		return 0;
	}

	private IdempotencyLedger ledger() {
		IdempotencyLedger.Builder b = IdempotencyLedger.builder().keyHeader(keyHeader).missingKey(switch (missingKey.toLowerCase(Locale.ROOT)) {
			case "reject" -> IdempotencyLedger.MissingKey.REJECT;
			case "apply" -> IdempotencyLedger.MissingKey.APPLY;
			default -> throw usage("--missing-key must be reject or apply, got " + missingKey);
		});
		if (trustForwarded != null) {
			int eq = trustForwarded.indexOf('=');
			String header = eq < 0 ? trustForwarded : trustForwarded.substring(0, eq);
			String[] proxies = eq < 0 ? new String[0] : trustForwarded.substring(eq + 1).split(",");
			if (eq < 0 || proxies.length == 0 || proxies[0].isBlank()) {
				throw usage("--trust-forwarded needs the header and the proxies' addresses, for example X-Forwarded-For=127.0.0.1");
			}
			b.trustForwarded(forwardedHeader(header), proxies);
		}
		return b.build();
	}

	private ForwardedHeader forwardedHeader(String name) {
		for (ForwardedHeader h : ForwardedHeader.values()) {
			if (h.headerName().equalsIgnoreCase(name.trim())) {
				return h;
			}
		}
		throw usage("--trust-forwarded header must be X-Forwarded-For, X-Real-IP or Forwarded, got " + name);
	}

	/** {@code 500ms}, {@code 10s} or a plain number of seconds; positive. */
	private Duration duration(String option, String value) {
		Matcher m = DURATION.matcher(value.trim());
		if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
			throw usage(option + " must be a positive duration such as 500ms or 10s, got " + value);
		}
		long n = Long.parseLong(m.group(1));
		return "ms".equals(m.group(2)) ? Duration.ofMillis(n) : Duration.ofSeconds(n);
	}

	private ParameterException usage(String reason) {
		return new ParameterException(spec.commandLine(), reason);
	}

	private static void removeHook(Thread hook) {
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException e) {
			// The JVM is already shutting down: the hook runs anyway.
		}
	}
}
