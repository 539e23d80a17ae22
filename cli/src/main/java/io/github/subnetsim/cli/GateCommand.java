package io.github.subnetsim.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.github.subnetsim.internal.report.BaselineGate;
import io.github.subnetsim.internal.report.HtmlReport;
import io.github.subnetsim.internal.report.OutcallReport;

/**
 * The CI gate as a command: compares {@code target/subnet-sim/report.json} with a baseline checked into the
 * repository, prints what changed, and exits 1 when the gate fails; {@code --update} (or the system property
 * {@code subnet-sim.baseline.update=true}) rewrites the baseline. Also a main class of its own, for build tools that
 * run it on the test class path.
 *
 * <pre>{@code
 * ./subnet-sim gate --baseline subnet-sim-baseline.json --report target/subnet-sim/report.json
 * java -cp … io.github.subnetsim.cli.GateCommand --baseline subnet-sim-baseline.json \
 *      --report target/subnet-sim/report.json --tolerance 0.05 [--update]
 * }</pre>
 *
 * <p>Exit codes: 0 passed (or baseline written), 1 failed, 2 usage or input error.
 */
@Command(name = "gate", mixinStandardHelpOptions = true, versionProvider = SubnetSimCommand.Version.class, sortOptions = false,
		usageHelpWidth = SubnetSimCommand.WIDTH, separator = " ", exitCodeOnInvalidInput = SubnetSimCommand.USAGE_ERROR,
		synopsisHeading = "usage: ",
		customSynopsis = "subnet-sim gate [--baseline FILE] [--report FILE] [--summary FILE] [--tolerance 0.05] [--update]",
		descriptionHeading = "%n", optionListHeading = "%n",
		description = { "Compares a test run's outcall report with a baseline checked into the repository.",
				"Fails when an outcall that agreed no longer does, or costs more than the tolerance above the baseline.",
				"A missing baseline is created; --update rewrites it." },
		footerHeading = "%n", footer = "exit codes: 0 passed (or baseline written), 1 the gate failed, 2 usage or input error")
public final class GateCommand implements Callable<Integer> {

	@Option(names = "--baseline", paramLabel = "FILE", description = "the baseline (default subnet-sim-baseline.json)")
	Path baseline = Path.of("subnet-sim-baseline.json");

	@Option(names = "--report", paramLabel = "FILE", description = "the test run's report (default target/subnet-sim/report.json)")
	Path report = Path.of("target/subnet-sim/report.json");

	@Option(names = "--summary", paramLabel = "FILE", description = "also write the Markdown table of changes here (a CI job summary)")
	Path summary;

	@Option(names = "--tolerance", paramLabel = "0.05", description = "how much more an outcall may cost than its baseline (default 0.05, 5 %%)")
	double tolerance = 0.05;

	// `--update` alone means true; `--update false` overrides -Dsubnet-sim.baseline.update=true, as before picocli.
	@Option(names = "--update", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
			description = "rewrite the baseline from the report (default: -Dsubnet-sim.baseline.update)")
	boolean update = Boolean.getBoolean("subnet-sim.baseline.update");

	@Spec
	CommandSpec spec;

	GateCommand() {
	}

	/**
	 * Exits with the gate's code only when it is not 0, so a build tool that runs it in its own JVM (exec:java) carries on.
	 *
	 * @param args the arguments after {@code gate}
	 */
	public static void main(String[] args) {
		int code = run(args, System.out, System.err);
		if (code != 0) {
			System.exit(code);
		}
	}

	/**
	 * Runs the gate with the arguments after {@code gate}; returns the exit code.
	 *
	 * @param args the arguments after {@code gate}
	 * @param out where the report goes
	 * @param err where errors and usage go
	 * @return the exit code: 0 passed (or baseline written), 1 the gate failed, 2 usage or input error
	 */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		return SubnetSimCommand.run("gate", Arrays.asList(args), out, err);
	}

	@Override
	public Integer call() {
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		if (!Files.isRegularFile(report)) {
			err.println("subnet-sim gate: no report at " + report.toAbsolutePath() + "; run the tests first (they write it)");
			return SubnetSimCommand.USAGE_ERROR;
		}
		try {
			String current = Files.readString(report, StandardCharsets.UTF_8);
			OutcallReport now = OutcallReport.fromJson(current);
			if (update || !Files.exists(baseline)) {
				Files.writeString(baseline, now.toJson(), StandardCharsets.UTF_8);
				out.println("subnet-sim gate: baseline " + (update ? "rewritten" : "created") + " at " + baseline + " with "
						+ now.outcalls().size() + " outcalls");
				return 0;
			}
			BaselineGate.Result result = BaselineGate.compare(OutcallReport.fromJson(Files.readString(baseline, StandardCharsets.UTF_8)), now, tolerance);
			String table = result.toMarkdown();
			if (summary != null) {
				Files.writeString(summary, table, StandardCharsets.UTF_8);
			}
			// report.html is written before the gate runs: put the verdict into its summary now.
			Path page = report.toAbsolutePath().resolveSibling("report.html");
			if (Files.isRegularFile(page)) {
				Files.writeString(page, HtmlReport.withGate(Files.readString(page, StandardCharsets.UTF_8), result), StandardCharsets.UTF_8);
			}
			PrintWriter to = result.failed() ? err : out;
			to.print(table);
			to.flush();
			return result.failed() ? 1 : 0;
		}
		catch (IOException | IllegalArgumentException e) {
			err.println("subnet-sim gate: " + e.getMessage());
			return SubnetSimCommand.USAGE_ERROR;
		}
	}
}
