package io.github.subnetsim.examples.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.property.From;
import io.github.subnetsim.property.Gen;
import io.github.subnetsim.property.Gens;
import io.github.subnetsim.property.SubnetProperty;
import io.github.subnetsim.replay.Recorder;
import io.github.subnetsim.server.MockServers;
import io.github.subnetsim.transform.Transforms;

/**
 * The wall time of a 10,000-try {@code @SubnetProperty} at n = 13 over replayed responses (issue 15, target ≤ 5 s),
 * run through the JUnit Platform launcher as a build runs it: discovery, the 10,000 invocations with their
 * lifecycle and parameter resolution, the outcalls, the assertions. {@code report = true} keeps the launcher's
 * auto-registered listeners, so the subnet-sim report records every outcall and writes report.json, .md and .html at
 * the end, as {@code mvn test} does; {@code false} measures the property alone. See docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class PropertyBenchmark {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	@Param({ "false", "true" })
	boolean report;

	/**
	 * 10,000 tries: one outcall each on a 13-replica subnet replaying a recording, with up to f = 4 faulty replicas.
	 * A nested class, so the build's own test run does not pick it up (the assertions module has the same property as
	 * a test).
	 */
	public static class ReplayedProperty {
		static final int N = 13;
		static final String HONEST = "{\"symbol\":\"ICP\",\"price\":12.34}";
		static final AtomicInteger FAILURES = new AtomicInteger();
		static Path fixture;
		static Subnet replay;
		static HttpRequestArgs args;

		@BeforeAll
		static void recordOnceThenReplay() throws IOException {
			Recorder recorder = Recorder.create();
			try (MockWebServer server = MockServers.startTls()) {
				AtomicInteger count = new AtomicInteger();
				server.setDispatcher(new Dispatcher() {
					@Override
					public MockResponse dispatch(RecordedRequest request) {
						int i = count.incrementAndGet();
						return new MockResponse.Builder().addHeader("Content-Type", "application/json").addHeader("X-Request-Id", "req-" + i)
								.body("{\"symbol\":\"ICP\",\"price\":12.34,\"ts\":" + (1_700_000_000 + i) + "}").build();
					}
				});
				args = HttpRequestArgs.get(server.url("/price").toString()).cycles(1_000_000_000_000L)
						.transform(Transform.of("transform", Transforms.compose(Transforms.dropAllHeaders(), Transforms.dropJson("/ts")))).build();
				try (Subnet live = Subnet.builder().replicas(N).seed(5).record(recorder).build()) {
					live.httpRequest(args);
				}
			}
			fixture = recorder.write(Files.createTempDirectory("subnet-sim-property-bench").resolve("price.json"));
			replay = Subnet.builder().replicas(N).seed(5).replay(fixture).build();
		}

		@AfterAll
		static void close() throws IOException {
			replay.close();
			Files.deleteIfExists(fixture);
			Files.deleteIfExists(fixture.getParent());
		}

		static Gen<PerturbationPlan> upToF() {
			int f = Limits.faultsTolerated(N);
			return Gen.combine(Gens.faultyReplicaSets(N, f), Gens.lists(Gens.faultyBehaviours(), f, f), ReplayedProperty::plan);
		}

		private static PerturbationPlan plan(SortedSet<Integer> replicas, List<Perturbation> behaviours) {
			PerturbationPlan plan = PerturbationPlan.none();
			Iterator<Perturbation> does = behaviours.iterator();
			for (int r : replicas) {
				plan = plan.and(Replicas.of(r), does.next());
			}
			return plan;
		}

		@SubnetProperty(tries = 10_000, seed = "20261130")
		void theHonestReplayedResponseIsDelivered(@From("upToF") PerturbationPlan faults) {
			OutcallResult r = replay.httpRequest(args, faults);
			if (!(r instanceof OutcallResult.Reply reply) || !reply.response().bodyText().equals(HONEST)) {
				FAILURES.incrementAndGet();
				throw new AssertionError("not the honest reply: " + r);
			}
		}
	}

	/**
	 * One run of the whole property.
	 *
	 * @return the number of tries that succeeded, so the JIT keeps the work
	 */
	@Benchmark
	public long property10000() {
		LauncherConfig config = LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(report).build();
		Launcher launcher = LauncherFactory.create(config);
		LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(ReplayedProperty.class)).build();
		SummaryGeneratingListener summary = new SummaryGeneratingListener();
		// The engine runs the tries on this thread: its CPU time is the property's cost without the other loads of a
		// shared machine, printed next to JMH's wall time.
		long cpu = THREADS.getCurrentThreadCpuTime();
		launcher.execute(request, summary);
		System.out.printf(Locale.ROOT, "[cpu of this thread: %,d ms] ", (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000);
		TestExecutionSummary s = summary.getSummary();
		if (s.getTestsSucceededCount() != 10_000 || ReplayedProperty.FAILURES.get() != 0) {
			throw new IllegalStateException("the property did not pass: " + s.getTestsSucceededCount() + " tries succeeded, " + s.getFailures());
		}
		return s.getTestsSucceededCount();
	}
}
