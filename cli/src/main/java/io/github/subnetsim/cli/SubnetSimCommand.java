package io.github.subnetsim.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;


/**
 * The {@code subnet-sim} command line: {@code probe} (see {@link ProbeCommand}) and {@code gate} (see
 * {@link GateCommand}).
 *
 * <pre>{@code
 * ./subnet-sim probe                       # the embedded demo
 * ./subnet-sim probe https://localhost:8443/price --replicas 34 --json
 * ./subnet-sim gate --baseline subnet-sim-baseline.json
 * }</pre>
 */
public final class SubnetSimCommand {

	private SubnetSimCommand() {
	}

	public static void main(String[] args) {
		int code = run(Arrays.asList(args), System.out, System.err);
		System.out.flush();
		System.exit(code);
	}

	/** Runs a subcommand; returns its exit code. */
	public static int run(List<String> args, PrintStream out, PrintStream err) {
		if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
			(args.isEmpty() ? err : out).println("usage: subnet-sim probe [URL] [options]   (subnet-sim probe --help)\n"
					+ "       subnet-sim gate [--baseline FILE] [--report FILE] [--tolerance 0.05] [--update]");
			return args.isEmpty() ? 2 : 0;
		}
		List<String> rest = args.subList(1, args.size());
		switch (args.get(0)) {
			case "probe":
				if (rest.contains("--help") || rest.contains("-h")) {
					out.println(ProbeOptions.USAGE);
					return 0;
				}
				return ProbeCommand.run(rest, out, err);
			case "gate":
				return GateCommand.run(rest.toArray(new String[0]), out, err);
			default:
				err.println("subnet-sim: unknown command " + args.get(0) + "; use probe or gate");
				return 2;
		}
	}
}
