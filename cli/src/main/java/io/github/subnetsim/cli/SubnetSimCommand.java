package io.github.subnetsim.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code subnet-sim} command line: {@code probe} (see {@link ProbeCommand}), {@code gate} (see
 * {@link GateCommand}), {@code demo} (see {@link DemoCommand}) and {@code ledger-proxy} (see
 * {@link LedgerProxyCommand}), parsed by picocli.
 *
 * <pre>{@code
 * ./subnet-sim probe                       # the embedded demo
 * ./subnet-sim probe https://localhost:8443/price --replicas 34 --json
 * ./subnet-sim gate --baseline subnet-sim-baseline.json
 * ./subnet-sim demo                        # the demo API on its own, until Ctrl+C
 * ./subnet-sim ledger-proxy --upstream http://127.0.0.1:3000   # each idempotency key applied once, until Ctrl+C
 * ./subnet-sim --version                   # subnet-sim 0.1.0-SNAPSHOT
 *
 * int exit = SubnetSimCommand.run(List.of("gate", "--tolerance", "0.1"), System.out, System.err);
 * }</pre>
 *
 * <p>Exit codes, for every command: 0 success, 1 the verdict failed (the probe found no consensus, the gate failed),
 * 2 a usage or input error (a short reason and the usage on stderr).
 */
@Command(name = "subnet-sim", mixinStandardHelpOptions = true, versionProvider = SubnetSimCommand.Version.class,
		subcommands = { ProbeCommand.class, GateCommand.class, DemoCommand.class, LedgerProxyCommand.class, HelpCommand.class },
		usageHelpWidth = SubnetSimCommand.WIDTH, synopsisHeading = "usage: ", exitCodeOnInvalidInput = SubnetSimCommand.USAGE_ERROR,
		descriptionHeading = "%n",
		description = "Simulates an Internet Computer subnet's HTTPS outcalls: probe an endpoint, gate a CI run, serve the demo API, "
				+ "put an idempotency ledger in front of a service.",
		commandListHeading = "%nCommands:%n", optionListHeading = "%nOptions:%n",
		footerHeading = "%n", footer = SubnetSimCommand.EXIT_CODES)
public final class SubnetSimCommand implements Runnable {

	/** Help width: fixed rather than the terminal's, so help and tests read the same everywhere. */
	static final int WIDTH = 110;

	/** The exit codes every command shares; each command's footer says what 1 means for it. */
	static final String EXIT_CODES = "exit codes:%n"
			+ "  0  success%n"
			+ "  1  the verdict failed (probe: no consensus; gate: the gate failed)%n"
			+ "  2  usage or input error (a short reason, and for usage errors the usage, on stderr)";

	/** Picocli's usage-error code is already 2; named here because scripts and docs rely on it. */
	static final int USAGE_ERROR = 2;

	@Spec
	CommandSpec spec;

	SubnetSimCommand() {
	}

	/** Without a subcommand there is nothing to do: a usage error, as before picocli. */
	@Override
	public void run() {
		throw new ParameterException(spec.commandLine(), "missing command; use " + commandNames(spec.commandLine()));
	}

	/**
	 * The {@code subnet-sim} command line: runs the subcommand and exits with its code.
	 *
	 * @param args the subcommand and its arguments
	 */
	public static void main(String[] args) {
		int code = run(Arrays.asList(args), System.out, System.err);
		System.exit(code);
	}

	/**
	 * Runs a subcommand with {@code args} (the first is the command); returns its exit code.
	 *
	 * @param args the subcommand and its arguments
	 * @param out standard output
	 * @param err standard error
	 * @return the subcommand's exit code, 2 for a usage error
	 */
	public static int run(List<String> args, PrintStream out, PrintStream err) {
		CommandLine cl = commandLine(out, err);
		try {
			return cl.execute(args.toArray(new String[0]));
		}
		finally {
			cl.getOut().flush();
			cl.getErr().flush();
		}
	}

	/** Runs {@code command} with {@code args}, as {@code subnet-sim command args...}; for the commands' own mains. */
	static int run(String command, List<String> args, PrintStream out, PrintStream err) {
		List<String> all = new ArrayList<>(args.size() + 1);
		all.add(command);
		all.addAll(args);
		return run(all, out, err);
	}

	/** The whole command line, writing to {@code out} and {@code err}, with this project's usage-error handling. */
	static CommandLine commandLine(PrintStream out, PrintStream err) {
		CommandLine cl = new CommandLine(new SubnetSimCommand());
		cl.setOut(writer(out));
		cl.setErr(writer(err));
		// Room for "--max-response-bytes N" beside its description (picocli wraps after 20 columns by default).
		cl.setUsageHelpLongOptionsMaxWidth(26);
		// `--body @file` is the probe's own syntax: picocli must not read @file as a file of arguments.
		cl.setExpandAtFiles(false);
		cl.setParameterExceptionHandler(USAGE);
		return cl;
	}

	/**
	 * A usage error: {@code <command>: <reason>}, then the command's usage, on stderr; exit 2. The reasons keep the
	 * wording the hand-rolled parser had ({@code unknown option --x}, {@code --replicas needs a value}).
	 */
	private static final IParameterExceptionHandler USAGE = (ex, args) -> {
		CommandLine cl = ex.getCommandLine();
		PrintWriter err = cl.getErr();
		err.println(cl.getCommandSpec().qualifiedName() + ": " + reason(ex));
		cl.usage(err);
		err.flush();
		return cl.getCommandSpec().exitCodeOnInvalidInput();
	};

	static String reason(ParameterException ex) {
		if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
			String first = u.getUnmatched().get(0);
			CommandLine cl = u.getCommandLine();
			if (!cl.getSubcommands().isEmpty() && !first.startsWith("-")) {
				List<String> near = u.getSuggestions();
				return "unknown command " + first + "; use " + commandNames(cl) + (near.isEmpty() ? "" : " (did you mean " + near.get(0) + "?)");
			}
			return (first.startsWith("-") ? "unknown option " : "unexpected argument ") + first;
		}
		if (ex instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
			ArgSpec missing = m.getMissing().get(0);
			if (missing instanceof OptionSpec o) {
				return o.longestName() + " needs a value";
			}
		}
		return ex.getMessage();
	}

	/** "probe, gate, demo, ledger-proxy or help": the subcommands, in declaration order. */
	static String commandNames(CommandLine cl) {
		List<String> names = new ArrayList<>(cl.getSubcommands().keySet());
		if (names.size() < 2) {
			return String.join("", names);
		}
		return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
	}

	/**
	 * A writer onto a {@link PrintStream} that lets the stream encode, so output reads exactly as it did when the
	 * commands printed to the streams themselves.
	 */
	private static PrintWriter writer(PrintStream stream) {
		return new PrintWriter(new Writer() {
			@Override
			public void write(char[] buf, int off, int len) {
				stream.print(new String(buf, off, len));
			}

			@Override
			public void flush() {
				stream.flush();
			}

			@Override
			public void close() {
				stream.flush();
			}
		}, true);
	}

	/**
	 * {@code subnet-sim <version>}: the jar manifest's {@code Implementation-Version} (the shade and jar plugins write
	 * the project version there), or {@code dev} when running from classes.
	 *
	 * <pre>{@code
	 * new Version().getVersion(); // { "subnet-sim 0.1.0-SNAPSHOT" }
	 * }</pre>
	 */
	public static final class Version implements IVersionProvider {

		/**
		 * The version alone: {@code 0.1.0-SNAPSHOT}, or {@code dev}.
		 *
		 * @return the version
		 */
		public static String number() {
			String v = SubnetSimCommand.class.getPackage().getImplementationVersion();
			return v == null || v.isBlank() ? "dev" : v;
		}

		@Override
		public String[] getVersion() {
			return new String[] { "subnet-sim " + number() };
		}
	}
}
