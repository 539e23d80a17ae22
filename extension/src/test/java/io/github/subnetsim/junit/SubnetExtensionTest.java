package io.github.subnetsim.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.SubnetKind;
import io.github.subnetsim.Transform;
import io.github.subnetsim.gate.OutcallReport;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.ReplicaProfile;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** The extension, declaratively and programmatically, per class and per test, sequentially and in parallel. */
class SubnetExtensionTest {

	static final Set<Subnet> SEEN = ConcurrentHashMap.newKeySet();

	private static EngineExecutionResults run(Class<?> testClass, boolean parallel, Path reportDir) {
		return EngineTestKit.engine("junit-jupiter")
				.selectors(selectClass(testClass))
				.configurationParameter("junit.jupiter.execution.parallel.enabled", Boolean.toString(parallel))
				.configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
				.configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
				.configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
				.configurationParameter(OutcallRecorder.REPORT_DIR_PROPERTY, reportDir.toString())
				.execute();
	}

	static OutcallResult priceOutcall(Subnet subnet, MockWebServer server) {
		server.enqueue(new MockResponse.Builder().body("{\"price\":1}").build());
		for (int i = 1; i < subnet.replicas(); i++) {
			server.enqueue(new MockResponse.Builder().body("{\"price\":1}").build());
		}
		return subnet.httpRequest(HttpRequestArgs.get(server.url("/price").toString())
				.transform(Transform.of("transform", (r, c) -> r.withHeaders(List.of())))
				.cycles(100_000_000_000L).build());
	}

	@SimulatedSubnet(replicas = 7, seed = 5, profile = ReplicaProfile.CURRENT_REPLICA)
	static class Declarative {
		@Test
		void one(Subnet subnet, MockWebServer server) {
			assertEquals(7, subnet.replicas());
			assertEquals(5, subnet.seed());
			assertEquals(ReplicaProfile.CURRENT_REPLICA, subnet.profile());
			assertTrue(priceOutcall(subnet, server).isReply());
			assertEquals(7, server.getRequestCount());
			SEEN.add(subnet);
		}

		@Test
		@SimulatedSubnet(kind = SubnetKind.FIDUCIARY)
		void methodLevelWins(Subnet subnet, MockWebServer server) {
			assertEquals(34, subnet.replicas());
			assertTrue(priceOutcall(subnet, server).isReply());
			SEEN.add(subnet);
		}
	}

	static class ProgrammaticPerClass {
		@RegisterExtension
		static SubnetExtension ext = SubnetExtension.newInstance().replicas(4).seed(9)
				.perturb(Replicas.of(0), Perturbation.jitterHeader("x-test")).build();

		@Test
		void a(Subnet subnet) {
			SEEN.add(subnet);
			assertSame(subnet, ext.subnet());
			assertTrue(priceOutcall(ext.subnet(), ext.server()).isReply());
		}

		@Test
		void b(Subnet subnet) {
			SEEN.add(subnet);
			assertSame(subnet, ext.subnet());
		}
	}

	static class ProgrammaticPerTest {
		@RegisterExtension
		SubnetExtension ext = SubnetExtension.newInstance().replicas(4).build();

		@Test
		void a(Subnet subnet) {
			SEEN.add(subnet);
			assertTrue(priceOutcall(subnet, ext.server()).isReply());
		}

		@Test
		void b(Subnet subnet) {
			SEEN.add(subnet);
			assertTrue(priceOutcall(subnet, ext.server()).isReply());
		}
	}

	@SimulatedSubnet(replicas = -3)
	static class Misconfigured {
		@Test
		void never(Subnet subnet) {
		}
	}

	@Test
	void declarativeGivesEachTestItsOwnSubnetAndServer(@TempDir Path dir) {
		SEEN.clear();
		run(Declarative.class, false, dir).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
		assertEquals(2, SEEN.size());
	}

	@Test
	void aStaticFieldSharesOneSubnetAcrossTheClassAnInstanceFieldDoesNot(@TempDir Path dir) {
		SEEN.clear();
		run(ProgrammaticPerClass.class, false, dir).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
		assertEquals(1, SEEN.size());
		SEEN.clear();
		run(ProgrammaticPerTest.class, false, dir).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
		assertEquals(2, SEEN.size());
	}

	@Test
	void parallelExecutionIsSafe(@TempDir Path dir) {
		SEEN.clear();
		Events events = run(Declarative.class, true, dir).testEvents();
		events.assertStatistics(s -> s.started(2).succeeded(2));
		run(ProgrammaticPerTest.class, true, dir).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
		assertEquals(4, SEEN.size(), "four tests, four distinct subnets");
	}

	@Test
	void misconfigurationSaysWhatToChange(@TempDir Path dir) {
		run(Misconfigured.class, false, dir).testEvents().assertThatEvents().haveExactly(1,
				finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
						message("@SimulatedSubnet(replicas = -3) is invalid: use replicas >= 1, or leave it at 0 to take the size of kind = APPLICATION")));
	}

	@Test
	void everyOutcallIsReportedAndWrittenToTheRunReport(@TempDir Path dir) throws Exception {
		EngineExecutionResults results = run(Declarative.class, false, dir);
		long entries = results.allEvents().reportingEntryPublished().stream().count();
		assertEquals(2, entries);
		String line = results.allEvents().reportingEntryPublished().stream()
				.map(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).orElseThrow().getKeyValuePairs().get("subnet-sim.outcall"))
				.filter(v -> v.contains("agreed by 7/7")).findFirst().orElseThrow();
		assertTrue(line.matches("GET https://\\S+/price -> reply 200, agreed by 7/7, cost [0-9_]+ cycles, refund [0-9_]+"), line);
		OutcallReport report = OutcallReport.fromJson(Files.readString(dir.resolve("report.json")));
		assertEquals(2, report.outcalls().size());
		assertTrue(Files.readString(dir.resolve("report.md")).contains("| reply | 34/34 |"));
	}
}
