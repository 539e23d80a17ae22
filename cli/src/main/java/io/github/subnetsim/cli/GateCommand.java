package io.github.subnetsim.cli;

import io.github.subnetsim.internal.report.BaselineGate;
import io.github.subnetsim.internal.report.OutcallReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CI gate as a command: compares {@code target/subnet-sim/report.json} with a baseline checked into the
 * repository, prints what changed, and exits 1 when the gate fails; {@code --update} rewrites the baseline.
 *
 * <pre>{@code
 * java -cp … io.github.subnetsim.cli.GateCommand --baseline subnet-sim-baseline.json \
 *      --report target/subnet-sim/report.json --tolerance 0.05 [--update]
 * }</pre>
 *
 * <p>Exit codes: 0 passed (or baseline written), 1 failed, 2 usage or input error.
 */
public final class GateCommand {

	private GateCommand() {
	}

	public static void main(String[] args) {
		int code = run(args, System.out, System.err);
		if (code != 0) {
			System.exit(code);
		}
	}

	/** Runs the gate; returns the exit code. */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		Path baseline = Path.of("subnet-sim-baseline.json");
		Path report = Path.of("target/subnet-sim/report.json");
		Path summary = null;
		double tolerance = 0.05;
		boolean update = Boolean.getBoolean("subnet-sim.baseline.update");
		try {
			for (int i = 0; i < args.length; i++) {
				switch (args[i]) {
					case "--baseline" -> baseline = Path.of(args[++i]);
					case "--report" -> report = Path.of(args[++i]);
					case "--summary" -> summary = Path.of(args[++i]);
					case "--tolerance" -> tolerance = Double.parseDouble(args[++i]);
					case "--update" -> update = Boolean.parseBoolean(i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true");
					default -> throw new IllegalArgumentException("unknown option " + args[i]);
				}
			}
		}
		catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
			err.println("subnet-sim gate: " + (e instanceof ArrayIndexOutOfBoundsException ? "an option needs a value" : e.getMessage()));
			err.println("usage: gate [--baseline FILE] [--report FILE] [--summary FILE] [--tolerance 0.05] [--update]");
			return 2;
		}
		if (!Files.isRegularFile(report)) {
			err.println("subnet-sim gate: no report at " + report.toAbsolutePath() + "; run the tests first (they write it)");
			return 2;
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
			(result.failed() ? err : out).print(table);
			return result.failed() ? 1 : 0;
		}
		catch (IOException | IllegalArgumentException e) {
			err.println("subnet-sim gate: " + e.getMessage());
			return 2;
		}
	}
}
