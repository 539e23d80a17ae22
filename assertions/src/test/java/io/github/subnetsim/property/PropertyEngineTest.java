package io.github.subnetsim.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/** The property engine itself, run through the Jupiter engine in-process on fixtures that fail on purpose. */
class PropertyEngineTest {

	// ---- fixtures (static nested: Surefire does not pick them up, OnlyInTestKit keeps IDEs off them) ----

	@ExtendWith(OnlyInTestKit.class)
	static class LessThan100 {
		static final List<Integer> SEEN = new CopyOnWriteArrayList<>();

		static Gen<Integer> x() {
			return Gens.ints(0, 10_000);
		}

		@SubnetProperty(tries = 100, seed = "42")
		void lessThan100(@From("x") int x) {
			SEEN.add(x);
			assertTrue(x < 100, "x = " + x);
		}
	}

	@ExtendWith(OnlyInTestKit.class)
	static class Recording {
		static final List<String> SEEN = new CopyOnWriteArrayList<>();

		static Gen<String> value() {
			return Gen.combine(Gens.ints(-1000, 1000), Gens.jsonBodies(), (i, b) -> i + " " + b.json());
		}

		@SubnetProperty(tries = 12)
		void record(@From("value") String value) {
			SEEN.add(value);
		}
	}

	@ExtendWith(OnlyInTestKit.class)
	static class RecordingWithSeed7 {
		@SubnetProperty(tries = 12, seed = "7")
		void record(@From("value") String value) {
			Recording.SEEN.add(value);
		}

		static Gen<String> value() {
			return Recording.value();
		}
	}

	record Faults(int n, SortedSet<Integer> faulty) {
	}

	@ExtendWith(OnlyInTestKit.class)
	static class SubnetSizes {
		static final List<Integer> SEEN = new CopyOnWriteArrayList<>();

		static Gen<Faults> faults() {
			return Gens.subnetSizes().flatMap(n -> Gens.faultyReplicaSets(n, n).map(s -> new Faults(n, s)));
		}

		@SubnetProperty(tries = 10, seed = "3")
		void sizes(@From("faults") Faults faults) {
			SEEN.add(faults.n());
		}
	}

	@ExtendWith(OnlyInTestKit.class)
	static class AtMostOneFaulty {
		@SubnetProperty(tries = 50, seed = "11")
		void atMostOne(@From("faults") Faults faults) {
			assertTrue(faults.faulty().size() <= 1, "faulty " + faults.faulty());
		}

		static Gen<Faults> faults() {
			return SubnetSizes.faults();
		}
	}

	@ExtendWith(OnlyInTestKit.class)
	static class AssumesEven {
		@SubnetProperty(tries = 20, seed = "5")
		void onlyEven(@IntRange(min = 0, max = 100) int x) {
			Assumptions.assumeTrue(x % 2 == 0);
			assertEquals(0, x % 2);
		}
	}

	@ExtendWith(OnlyInTestKit.class)
	static class MissingGenerator {
		@SubnetProperty(tries = 3)
		void broken(@From("nope") int x) {
		}
	}

	@ExtendWith(OnlyInTestKit.class)
	static class ComparingFailure {
		@SubnetProperty(tries = 20, seed = "9")
		void equalsFive(@IntRange(min = 10, max = 1000) int x) {
			org.junit.jupiter.api.Assertions.assertEquals(5, x);
		}
	}

	// ---- tests ----

	@Test
	void aFailingPropertyShrinksToTheSmallestFailingValueAndReportsBothSamplesAndTheSeed() {
		LessThan100.SEEN.clear();
		EngineExecutionResults results = TestKit.run(LessThan100.class);

		AssertionFailedError e = assertInstanceOf(AssertionFailedError.class, TestKit.onlyFailure(results));
		String m = e.getMessage();
		assertTrue(m.contains("Shrunk sample ("), m);
		Matcher shrunk = Pattern.compile("Shrunk sample \\([^)]*\\):\\n  x=(\\d+)\\n").matcher(m);
		assertTrue(shrunk.find(), m);
		assertEquals("100", shrunk.group(1), "x < 100 fails first at 100:\n" + m);
		Matcher original = Pattern.compile("Original sample:\\n  x=(\\d+)\\n").matcher(m);
		assertTrue(original.find(), m);
		assertTrue(Integer.parseInt(original.group(1)) >= 100, m);
		assertTrue(m.contains("with seed 42."), m);
		assertTrue(m.contains("Replay with @SubnetProperty(seed = \"42\") or -Dsubnet-sim.seed=42"), m);
		assertInstanceOf(AssertionFailedError.class, e.getCause(), "the shrunk failure is the cause");
		// The edge cases 0 then 10_000 come first; 10_000 fails, so the second try is the last one run.
		assertEquals(List.of("try 1 of 100 (edge case): x=0", "try 2 of 100 (edge case): x=10000"), TestKit.startedNames(results));
		assertEquals(1, results.testEvents().failed().count());
	}

	@Test
	void shrinkingStopsAtALocalMinimumAndOnlyRunsFailingCandidatesForward() {
		LessThan100.SEEN.clear();
		TestKit.run(LessThan100.class);
		// Every value tried after the failing one is a shrink candidate; the last accepted one is 100.
		List<Integer> afterFailure = new ArrayList<>(LessThan100.SEEN.subList(2, LessThan100.SEEN.size()));
		assertTrue(afterFailure.contains(100), afterFailure.toString());
		assertTrue(afterFailure.size() <= 200, "bounded by shrinkRuns: " + afterFailure.size());
		for (int v : afterFailure) {
			assertTrue(v <= 10_000 && v >= 0, "candidates stay in range: " + v);
		}
	}

	@Test
	void theSameSeedReplaysTheSameSamplesWhetherFromTheAnnotationOrTheConfigurationParameter() {
		Recording.SEEN.clear();
		TestKit.run(RecordingWithSeed7.class);
		List<String> fromAnnotation = List.copyOf(Recording.SEEN);

		Recording.SEEN.clear();
		TestKit.run(Recording.class, Map.of("subnet-sim.seed", "7"));
		List<String> fromParameter = List.copyOf(Recording.SEEN);

		Recording.SEEN.clear();
		TestKit.run(Recording.class, Map.of("subnet-sim.seed", "8"));
		List<String> otherSeed = List.copyOf(Recording.SEEN);

		assertEquals(12, fromAnnotation.size());
		assertEquals(fromAnnotation, fromParameter);
		assertNotEquals(fromAnnotation, otherSeed, "a different seed gives different samples, so the check above means something");
	}

	@Test
	void edgeCasesComeFirstAndEachTryIsNamedAfterItsValues() {
		SubnetSizes.SEEN.clear();
		EngineExecutionResults results = TestKit.run(SubnetSizes.class);

		// flatMap pairs each subnet size edge case with each replica-set edge case: none faulty, then the most.
		assertEquals(List.of(1, 1, 4, 4, 13, 13, 40, 40), SubnetSizes.SEEN.subList(0, 8));
		List<String> names = TestKit.startedNames(results);
		assertEquals(10, names.size());
		assertEquals("try 1 of 10 (edge case): n=1, faulty={}", names.get(0));
		assertEquals("try 2 of 10 (edge case): n=1, faulty={0}", names.get(1));
		assertEquals("try 4 of 10 (edge case): n=4, faulty={0, 1, 2, 3}", names.get(3));
		assertEquals("try 7 of 10 (edge case): n=40, faulty={}", names.get(6));
		assertTrue(names.get(7).startsWith("try 8 of 10 (edge case): n=40, faulty={0, 1, 2, 3, 4, 5, 6, 7"), names.get(7));
		assertTrue(names.get(7).endsWith("…"), "long values are clipped: " + names.get(7));
		assertTrue(names.get(8).matches("try 9 of 10: n=\\d+, faulty=\\{[0-9, ]*(\\}|…)"), names.get(8));
		results.testEvents().assertStatistics(s -> s.started(10).succeeded(10).failed(0));
	}

	@Test
	void aRecordParameterShrinksThroughFlatMapToTwoFaultyReplicas() {
		AssertionFailedError e = assertInstanceOf(AssertionFailedError.class, TestKit.onlyFailure(TestKit.run(AtMostOneFaulty.class)));
		Matcher shrunk = Pattern.compile("Shrunk sample \\([^)]*\\):\\n  n=(\\d+), faulty=\\{(\\d+), (\\d+)\\}\\n").matcher(e.getMessage());
		assertTrue(shrunk.find(), e.getMessage());
		assertTrue(Integer.parseInt(shrunk.group(1)) <= 4, "smaller n: " + e.getMessage());
	}

	@Test
	void aTryThatFailsAnAssumptionIsAbortedNotFailed() {
		EngineExecutionResults results = TestKit.run(AssumesEven.class);
		results.testEvents().assertStatistics(s -> s.started(20).failed(0));
		assertTrue(results.testEvents().aborted().count() > 0, "some odd values were drawn");
	}

	@Test
	void aMissingGeneratorIsAConfigurationErrorThatSaysWhatToAdd() {
		EngineExecutionResults results = TestKit.run(MissingGenerator.class);
		Throwable t = results.containerEvents().failed().list().get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
				.orElseThrow().getThrowable().orElseThrow();
		assertInstanceOf(ExtensionConfigurationException.class, t);
		assertTrue(t.getMessage().contains("@From(\"nope\") on broken: no method nope() or field nope"), t.getMessage());
	}

	@Test
	void theShrunkFailuresExpectedAndActualReachTheIde() {
		AssertionFailedError e = assertInstanceOf(AssertionFailedError.class, TestKit.onlyFailure(TestKit.run(ComparingFailure.class)));
		assertEquals(5, e.getExpected().getValue());
		assertEquals(10, e.getActual().getValue(), "shrunk to the range's smallest value: " + e.getMessage());
	}
}
