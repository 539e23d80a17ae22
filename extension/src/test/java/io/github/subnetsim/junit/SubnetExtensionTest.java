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

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.SubnetKind;
import io.github.subnetsim.Transform;
import io.github.subnetsim.internal.report.OutcallReport;
import io.github.subnetsim.internal.report.OutcallReportListener;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.ReplicaProfile;

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
				.configurationParameter(OutcallReportListener.REPORT_DIR_PROPERTY, reportDir.toString())
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

	@SimulatedSubnet(replicas = 4)
	static class ConfiguredTwice {
		@RegisterExtension
		static SubnetExtension ext = SubnetExtension.newInstance().replicas(7).build();

		@Test
		void never(Subnet subnet) {
		}
	}

	@SimulatedSubnet
	static class ConstructorWantsASubnet {
		ConstructorWantsASubnet(Subnet subnet) {
		}

		@Test
		void never() {
		}
	}

	static class UsedAfterClose {
		@RegisterExtension
		SubnetExtension ext = SubnetExtension.newInstance().replicas(2).build();

		static Subnet kept;

		@Test
		void keep(Subnet subnet) {
			kept = subnet;
		}
	}

	@Test
	void twoConfigurationsAreRefusedWithWhatToChange(@TempDir Path dir) {
		run(ConfiguredTwice.class, false, dir).containerEvents().assertThatEvents().haveExactly(1,
				finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
						message(m -> m.startsWith("both @SimulatedSubnet and a @RegisterExtension SubnetExtension configure SubnetExtensionTest$ConfiguredTwice: keep one"))));
	}

	@Test
	void aSubnetForAConstructorSaysWhereItCanBeHad(@TempDir Path dir) {
		run(ConstructorWantsASubnet.class, false, dir).testEvents().assertThatEvents().haveExactly(1,
				finishedWithFailure(instanceOf(org.junit.jupiter.api.extension.ParameterResolutionException.class),
						message(m -> m.contains("register SubnetExtension on a static field with @RegisterExtension"))));
	}

	@Test
	void aSubnetUsedAfterItsTestIsClosedAndSaysSo(@TempDir Path dir) {
		run(UsedAfterClose.class, false, dir).testEvents().assertStatistics(s -> s.succeeded(1));
		IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
				() -> UsedAfterClose.kept.httpRequest(HttpRequestArgs.get("https://localhost/").build()));
		assertEquals("this subnet is closed; build a new one (Subnet.builder()...build())", e.getMessage());
		IllegalStateException outside = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
				() -> new UsedAfterClose().ext.subnet());
		assertTrue(outside.getMessage().startsWith("subnet() is only available on a test's thread while it runs"), outside.getMessage());
	}

	@Test
	void misconfigurationSaysWhatToChange(@TempDir Path dir) {
		run(Misconfigured.class, false, dir).testEvents().assertThatEvents().haveExactly(1,
				finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
						message("@SimulatedSubnet(replicas = -3) is invalid: use replicas >= 1, or leave it at 0 to take the size of kind = APPLICATION")));
	}

	@Test
	void everyOutcallIsPublishedAsAReportEntryOnTheTestThatMadeIt(@TempDir Path dir) {
		EngineExecutionResults results = run(Declarative.class, false, dir);
		long entries = results.allEvents().reportingEntryPublished().stream().count();
		assertEquals(2, entries);
		String line = results.allEvents().reportingEntryPublished().stream()
				.map(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).orElseThrow().getKeyValuePairs().get("subnet-sim.outcall"))
				.filter(v -> v.contains("agreed by 7/7")).findFirst().orElseThrow();
		assertTrue(line.matches("GET https://\\S+/price -> reply 200, agreed by 7/7, cost [0-9_]+ cycles, refund [0-9_]+"), line);
	}

	/** A test that builds its own subnets, one used from another thread: its outcalls belong to it all the same. */
	static class SelfBuilt {
		@Test
		void ownSubnets() throws Exception {
			try (MockWebServer server = io.github.subnetsim.server.MockServers.startTls();
					Subnet a = Subnet.builder().replicas(4).build();
					Subnet b = Subnet.builder().replicas(5).build()) {
				assertTrue(priceOutcall(a, server).isReply());
				java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
				try {
					assertTrue(pool.submit(() -> priceOutcall(b, server)).get().isReply());
				}
				finally {
					pool.shutdownNow();
				}
			}
		}
	}

	/** A replicated POST without an idempotency key: 13 orders at the server, and a finding in the run's report. */
	@SimulatedSubnet(seed = 13)
	static class KeylessPost {
		@Test
		void order(Subnet subnet, MockWebServer server) {
			for (int i = 0; i < subnet.replicas(); i++) {
				server.enqueue(new MockResponse.Builder().code(201).body("{\"status\":\"created\"}").build());
			}
			OutcallResult r = subnet.httpRequest(HttpRequestArgs.post(server.url("/orders").toString(), "{\"item\":\"ticket\"}")
					.transform(Transform.of("transform", (x, c) -> x.withHeaders(List.of()))).cycles(100_000_000_000L).build());
			assertTrue(r.isReply());
			assertEquals(1, r.findings().size());
		}
	}

	@Test
	void theRunReportShowsAKeylessPostsFinding(@TempDir Path dir) throws Exception {
		launch(KeylessPost.class, dir);
		OutcallReport report = OutcallReport.fromJson(Files.readString(dir.resolve("report.json")));
		assertEquals(1, report.outcalls().size());
		List<String> findings = report.outcalls().get(0).findings();
		assertEquals(1, findings.size(), findings::toString);
		assertTrue(findings.get(0).startsWith("this POST reached the server 13 times without an idempotency key. Send an Idempotency-Key header"),
				findings.get(0));
		assertTrue(Files.readString(dir.resolve("report.json")).contains("\"findings\" : [ \"this POST reached the server 13 times"));

		String md = Files.readString(dir.resolve("report.md"));
		assertTrue(md.contains("1 outcalls, 1 agreed, 0 rejected, 1 with findings (see the last column)."), md);
		assertTrue(md.contains("| response B | server saw | findings |"), md);
		assertTrue(md.contains(" | this POST reached the server 13 times without an idempotency key. Send an Idempotency-Key header"), md);

		// A report written before findings existed still reads, with none.
		String old = Files.readString(dir.resolve("report.json")).replaceAll("(?s),\\s*\"findings\" : \\[.*?\\]", "");
		assertEquals(List.of(), OutcallReport.fromJson(old).outcalls().get(0).findings(), old);
	}

	/** Runs through the JUnit Platform launcher, as Maven Surefire, Gradle and IDEs do, so the report listener is on. */
	private static void launch(Class<?> testClass, Path reportDir) {
		org.junit.platform.launcher.Launcher launcher = org.junit.platform.launcher.core.LauncherFactory.create();
		org.junit.platform.launcher.listeners.SummaryGeneratingListener summary = new org.junit.platform.launcher.listeners.SummaryGeneratingListener();
		launcher.execute(org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request()
				.selectors(selectClass(testClass))
				.configurationParameter(OutcallReportListener.REPORT_DIR_PROPERTY, reportDir.toString())
				.build(), summary);
		assertEquals(0, summary.getSummary().getTotalFailureCount(), () -> summary.getSummary().getFailures().toString());
	}

	@Test
	void theRunReportHasEveryOutcallOfEveryTestExtensionOrNot(@TempDir Path dir) throws Exception {
		launch(Declarative.class, dir);
		OutcallReport report = OutcallReport.fromJson(Files.readString(dir.resolve("report.json")));
		assertEquals(2, report.outcalls().size());
		assertTrue(Files.readString(dir.resolve("report.md")).contains("| reply | 34/34 |"));

		launch(SelfBuilt.class, dir);
		report = OutcallReport.fromJson(Files.readString(dir.resolve("report.json")));
		assertEquals(List.of(4, 5), report.outcalls().stream().map(r -> r.replicas()).toList(),
				"both subnets the test built, the second used from a thread of its own");
		assertEquals(List.of(0, 1), report.outcalls().stream().map(r -> r.sequence()).toList());
		assertTrue(report.outcalls().stream().allMatch(r -> r.testId().endsWith("[method:ownSubnets()]")), report.toString());
		assertTrue(report.outcalls().stream().allMatch(r -> r.url().equals("https://localhost:{port}/price")),
				"no ephemeral port in the report: " + report.outcalls().get(0).url());
	}
}
