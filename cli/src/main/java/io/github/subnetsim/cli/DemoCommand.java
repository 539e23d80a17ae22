package io.github.subnetsim.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.github.subnetsim.internal.fetch.SubnetTls;

/**
 * {@code subnet-sim demo}: serves the {@link DemoApi} the probe uses when given no URL, until interrupted, so it can
 * be called by hand ({@code curl}) or probed with options. It prints the URL, then the PEM certificate to trust — a
 * test CA made for this run, so it changes every time.
 *
 * <pre>{@code
 * ./subnet-sim demo > demo.txt &            # first line: the URL; then the certificate
 * sed -n '/BEGIN/,/END/p' demo.txt > demo-ca.pem
 * curl --cacert demo-ca.pem "$(head -1 demo.txt)"
 * }</pre>
 *
 * <p>Exit codes: 0 when stopped by an interrupt within the JVM (Ctrl+C ends the JVM with the shell's signal status),
 * 2 usage error.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = SubnetSimCommand.Version.class, sortOptions = false,
		usageHelpWidth = SubnetSimCommand.WIDTH, separator = " ", exitCodeOnInvalidInput = SubnetSimCommand.USAGE_ERROR,
		synopsisHeading = "usage: ", customSynopsis = "subnet-sim demo [--seed S]",
		descriptionHeading = "%n", optionListHeading = "%n",
		description = { "Serves the embedded demo exchange-rate API on loopback until interrupted (Ctrl+C).",
				"It is what `subnet-sim probe` probes without a URL. Prints the URL, then the certificate to trust:",
				"a test CA made for this run." },
		footerHeading = "%n", footer = "exit codes: 2 usage error; otherwise it runs until interrupted")
public final class DemoCommand implements Callable<Integer> {

	@Option(names = "--seed", paramLabel = "S", description = "the seed of the nonces it serves (default 0)")
	long seed;

	@Spec
	CommandSpec spec;

	DemoCommand() {
	}

	@Override
	public Integer call() {
		PrintWriter out = spec.commandLine().getOut();
		try (DemoApi api = DemoApi.start(seed)) {
			// Ctrl+C ends the JVM without unwinding this thread: close the server from a hook so its port is released.
			Thread hook = new Thread(api::close, "subnet-sim-demo-stop");
			Runtime.getRuntime().addShutdownHook(hook);
			out.println(api.url());
			out.println("subnet-sim demo: the demo exchange-rate API is listening on loopback; trust this certificate "
					+ "(curl --cacert FILE, subnet-sim probe URL --cacert FILE):");
			out.print(SubnetTls.testAuthority().authority().certificatePem());
			out.println("subnet-sim demo: press Ctrl+C to stop");
			out.flush();
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException e) {
				// The interrupt is the stop request from within the JVM (a test, an embedding tool), handled by returning;
				// not re-raised, so closing the server below is not cut short.
			}
			finally {
				removeHook(hook);
			}
			return 0;
		}
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
