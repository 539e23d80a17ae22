package io.github.subnetsim.internal.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallListener;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.internal.explain.OutcallExplainer;
import io.github.subnetsim.internal.observe.OutcallObservers;

/**
 * Records every outcall made during a test run and, when the run ends, writes {@code report.json},
 * {@code report.md} and {@code report.html} to {@code target/subnet-sim/} (or the directory in the configuration parameter or system property
 * {@value #REPORT_DIR_PROPERTY}). Registered with the JUnit Platform launcher through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}, so it sees every test, whether its
 * subnets come from the extension or from {@code Subnet.builder()}.
 *
 * <p>The launcher reports a test's start and end on the thread that executes it, also in parallel mode; the listener
 * makes that test the thread's current observer ({@link OutcallObservers}) in between.
 */
public final class OutcallReportListener implements TestExecutionListener {

	/** Where the report goes: a configuration parameter or system property naming a directory. */
	public static final String REPORT_DIR_PROPERTY = "subnet-sim.report.dir";

	private final Map<String, OutcallListener> observers = new HashMap<>();
	private final Map<String, Integer> sequences = new HashMap<>();
	private final List<OutcallRecord> records = new ArrayList<>();
	private final Map<String, OutcallView> views = new HashMap<>();
	private final Map<String, HtmlReport.TestOutcome> outcomes = new HashMap<>();
	/** Loaded once: the assertions module's explainer when it is on the class path. */
	private final OutcallExplainer explainer = OutcallExplainer.load();
	private Path directory = Path.of("target/subnet-sim");

	/** Created by the launcher. */
	public OutcallReportListener() {
	}

	@Override
	public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
		directory = Path.of(testPlan.getConfigurationParameters().get(REPORT_DIR_PROPERTY)
				.orElse(System.getProperty(REPORT_DIR_PROPERTY, "target/subnet-sim")));
		records.clear();
		sequences.clear();
		views.clear();
		outcomes.clear();
	}

	@Override
	public void executionStarted(TestIdentifier id) {
		OutcallListener observer = (args, result) -> record(id, args, result);
		synchronized (this) {
			observers.put(id.getUniqueId(), observer);
		}
		OutcallObservers.push(observer);
	}

	@Override
	public void executionFinished(TestIdentifier id, TestExecutionResult result) {
		OutcallListener observer;
		synchronized (this) {
			observer = observers.remove(id.getUniqueId());
		}
		if (observer != null) {
			OutcallObservers.pop(observer);
		}
		String message = result.getThrowable().map(t -> String.valueOf(t.getMessage())).map(OutcallReportListener::head).orElse("");
		synchronized (this) {
			outcomes.put(id.getUniqueId(), new HtmlReport.TestOutcome(result.getStatus().name(), message));
		}
	}

	private void record(TestIdentifier test, HttpRequestArgs args, OutcallResult result) {
		// Explained on the test's own thread, outside the lock: parallel tests do not wait for each other's diffs.
		var explanation = explainer.explain(result);
		synchronized (this) {
			int sequence = sequences.merge(test.getUniqueId(), 1, Integer::sum) - 1;
			OutcallRecord record = OutcallRecord.of(test.getUniqueId(), test.getDisplayName(), sequence, args, result);
			records.add(record);
			views.put(record.key(), OutcallView.of(record, result, explanation));
		}
	}

	/** The first lines of a failure: the answer-first messages put what matters there. */
	private static String head(String message) {
		String[] lines = message.split("\n", 31);
		return lines.length <= 30 ? message : String.join("\n", java.util.Arrays.copyOf(lines, 30)) + "\n…";
	}

	@Override
	public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
		if (records.isEmpty()) {
			return;
		}
		List<OutcallRecord> sorted = new ArrayList<>(records);
		sorted.sort(Comparator.comparing(OutcallRecord::testId).thenComparingInt(OutcallRecord::sequence));
		List<OutcallView> sortedViews = new ArrayList<>();
		sorted.forEach(r -> sortedViews.add(views.get(r.key())));
		records.clear();
		views.clear();
		OutcallReport report = new OutcallReport(sorted);
		try {
			Files.createDirectories(directory);
			Files.writeString(directory.resolve("report.json"), report.toJson(), StandardCharsets.UTF_8);
			Files.writeString(directory.resolve("report.md"), report.toMarkdown(), StandardCharsets.UTF_8);
			Files.writeString(directory.resolve("report.html"), HtmlReport.render(sortedViews, outcomes), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not write the subnet-sim report to " + directory.toAbsolutePath()
					+ "; set -D" + REPORT_DIR_PROPERTY + "=<writable directory>", e);
		}
	}
}
