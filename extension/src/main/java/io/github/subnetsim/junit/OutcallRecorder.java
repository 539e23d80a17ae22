package io.github.subnetsim.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.gate.OutcallRecord;
import io.github.subnetsim.gate.OutcallReport;

/**
 * Collects every outcall of a test run and, when the run ends, writes {@code report.json} and {@code report.md} to
 * {@code target/subnet-sim/} (or the directory in the system property {@code subnet-sim.report.dir}). JUnit (5.13 and
 * later, and 6) closes {@link AutoCloseable} values of the root store when the run ends.
 */
final class OutcallRecorder implements AutoCloseable {

	private static final Namespace NAMESPACE = Namespace.create(OutcallRecorder.class);
	static final String REPORT_DIR_PROPERTY = "subnet-sim.report.dir";

	private final List<OutcallRecord> records = new ArrayList<>();
	private final Path directory;
	private boolean written;

	private OutcallRecorder(Path directory) {
		this.directory = directory;
	}

	/** The recorder of this test run, kept in the root context's store so it is written once at the end. */
	static OutcallRecorder forRun(ExtensionContext context) {
		ExtensionContext root = context.getRoot();
		Path dir = Path.of(root.getConfigurationParameter(REPORT_DIR_PROPERTY).orElse(System.getProperty(REPORT_DIR_PROPERTY, "target/subnet-sim")));
		return root.getStore(NAMESPACE).getOrComputeIfAbsent(OutcallRecorder.class, k -> new OutcallRecorder(dir), OutcallRecorder.class);
	}

	synchronized void record(ExtensionContext test, HttpRequestArgs args, OutcallResult result) {
		int sequence = 0;
		for (OutcallRecord r : records) {
			if (r.testId().equals(test.getUniqueId())) {
				sequence++;
			}
		}
		records.add(OutcallRecord.of(test.getUniqueId(), test.getDisplayName(), sequence, args, result));
	}

	@Override
	public synchronized void close() {
		if (written || records.isEmpty()) {
			return;
		}
		written = true;
		List<OutcallRecord> sorted = new ArrayList<>(records);
		sorted.sort(Comparator.comparing(OutcallRecord::testId).thenComparingInt(OutcallRecord::sequence));
		OutcallReport report = new OutcallReport(sorted);
		try {
			Files.createDirectories(directory);
			Files.writeString(directory.resolve("report.json"), report.toJson(), StandardCharsets.UTF_8);
			Files.writeString(directory.resolve("report.md"), report.toMarkdown(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not write the subnet-sim report to " + directory.toAbsolutePath()
					+ "; set -D" + REPORT_DIR_PROPERTY + "=<writable directory>", e);
		}
	}
}
