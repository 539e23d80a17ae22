package io.github.subnetsim.property;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs a fixture class through the Jupiter engine in-process and reads what happened. */
final class TestKit {

	private TestKit() {
	}

	static EngineExecutionResults run(Class<?> fixture, Map<String, String> configuration) {
		EngineTestKit.Builder b = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture))
				.configurationParameter(OnlyInTestKit.KEY, "true");
		configuration.forEach(b::configurationParameter);
		return b.execute();
	}

	static EngineExecutionResults run(Class<?> fixture) {
		return run(fixture, Map.of());
	}

	/** Display names of the tests (tries) that started, in order. */
	static List<String> startedNames(EngineExecutionResults results) {
		List<String> out = new ArrayList<>();
		results.testEvents().started().stream().forEach(e -> out.add(e.getTestDescriptor().getDisplayName()));
		return out;
	}

	/** The throwable of the only failed test. */
	static Throwable onlyFailure(EngineExecutionResults results) {
		List<Event> failed = results.testEvents().failed().list();
		if (failed.size() != 1) {
			throw new AssertionError("expected exactly one failed try, got " + failed.size() + ": " + failed);
		}
		return failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
	}
}
