package io.github.subnetsim.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.server.MockServers;

/**
 * Many tests of one class at once, in JUnit's parallel mode: each must get its own subnet and server (or, with a
 * static extension, the class's), see exactly its own requests from exactly its replicas, and be agreed by all.
 * Each scenario runs 16 concurrent methods on 16 threads, several rounds, so a race shows up in every run.
 */
class ParallelStressTest {

	static final int CONCURRENT = 16;

	/** Released when every method of the running scenario is about to make its outcall. */
	static volatile CountDownLatch start = new CountDownLatch(CONCURRENT);

	/** Every outcall asks for a path of its own and checks who asked for it. */
	static void ownOutcall(Subnet subnet, MockWebServer server, CountDownLatch ready, boolean serverIsShared) throws Exception {
		String marker = "/own/" + UUID.randomUUID();
		if (!serverIsShared) {
			server.setDispatcher(new EchoPath());
		}
		ready.countDown();
		ready.await(2, TimeUnit.SECONDS); // maximise overlap; never a deadlock if fewer threads run
		OutcallResult result = subnet.httpRequest(HttpRequestArgs.get(server.url(marker).toString())
				.transform(Transform.of("transform", (r, c) -> r.withHeaders(List.of())))
				.cycles(100_000_000_000L).build());
		assertTrue(result instanceof OutcallResult.Reply, () -> "expected a reply, got " + result);
		OutcallResult.Reply reply = (OutcallResult.Reply) result;
		assertEquals(subnet.replicas(), reply.agreement(), "agreed by every replica of this test's subnet");
		assertEquals(marker, reply.response().bodyText(), "the body is this test's own path");

		// The addresses this subnet's trace says the server saw (::1 for every replica on an IPv6 network, each
		// replica's own 127.0.0.x on IPv4), and the marker path, keep concurrent tests apart.
		Set<String> expectedSources = new HashSet<>();
		result.trace().replicas().forEach(r -> expectedSources.add(r.source()));
		List<String> mine = new ArrayList<>();
		if (serverIsShared) {
			mine.addAll(EchoPath.sourcesOf(server, marker));
		}
		else {
			assertEquals(subnet.replicas(), server.getRequestCount(), "this test's server saw exactly its own requests");
			for (int i = 0; i < subnet.replicas(); i++) {
				RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
				assertEquals(marker, r.getUrl().encodedPath());
				mine.add(MockServers.clientAddress(server, r).orElseThrow());
			}
		}
		assertEquals(subnet.replicas(), mine.size(), "one request per replica");
		assertEquals(expectedSources, new HashSet<>(mine), "from exactly this subnet's replicas");
	}

	/** Answers with the request's path; on a shared server, remembers who asked for which path. */
	static final class EchoPath extends Dispatcher {
		private static final java.util.Map<String, List<String>> SOURCES = new java.util.concurrent.ConcurrentHashMap<>();

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			return new MockResponse.Builder().body(request.getUrl().encodedPath()).build();
		}

		static List<String> sourcesOf(MockWebServer server, String marker) throws InterruptedException {
			// The shared server's queue holds every test's requests: drain it into a map keyed by path.
			synchronized (SOURCES) {
				RecordedRequest r;
				while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
					SOURCES.computeIfAbsent(r.getUrl().encodedPath(), k -> new ArrayList<>())
							.add(MockServers.clientAddress(server, r).orElseThrow());
				}
				return SOURCES.getOrDefault(marker, List.of());
			}
		}
	}

	@SimulatedSubnet(seed = 3)
	static class DeclaredOnTheClass {
		@RepeatedTest(CONCURRENT)
		void own(Subnet subnet, MockWebServer server) throws Exception {
			ownOutcall(subnet, server, start, false);
		}

		@Nested
		class InANestedClass {
			@ParameterizedTest
			@ValueSource(ints = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 })
			void own(int i, Subnet subnet, MockWebServer server) throws Exception {
				ownOutcall(subnet, server, start, false);
			}
		}
	}

	static class PerClassStaticExtension {
		@RegisterExtension
		static SubnetExtension ext = SubnetExtension.newInstance().replicas(7).seed(11)
				.configure(b -> { })
				.build();

		@RepeatedTest(CONCURRENT)
		void own(Subnet subnet, MockWebServer server) throws Exception {
			synchronized (PerClassStaticExtension.class) {
				if (!(server.getDispatcher() instanceof EchoPath)) {
					server.setDispatcher(new EchoPath());
				}
			}
			assertTrue(subnet == ext.subnet(), "the parameter and the field give the class's subnet");
			ownOutcall(subnet, server, start, true);
		}
	}

	static class PerTestInstanceExtension {
		@RegisterExtension
		SubnetExtension ext = SubnetExtension.newInstance().replicas(5).build();

		@RepeatedTest(CONCURRENT)
		void own(Subnet subnet, MockWebServer server) throws Exception {
			assertTrue(subnet == ext.subnet() && server == ext.server(), "the parameters and the field agree");
			ownOutcall(subnet, server, start, false);
		}
	}

	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.TYPE)
	@SimulatedSubnet(replicas = 4)
	@interface FourReplicas {
	}

	@FourReplicas
	static class MetaAnnotated {
		@RepeatedTest(CONCURRENT)
		void own(Subnet subnet, MockWebServer server) throws Exception {
			assertEquals(4, subnet.replicas());
			ownOutcall(subnet, server, start, false);
		}
	}

	@ExtendWith(SubnetExtension.class)
	static class PlainExtendWith {
		@RepeatedTest(CONCURRENT)
		void own(Subnet subnet, MockWebServer server) throws Exception {
			assertEquals(13, subnet.replicas());
			assertEquals(0, subnet.seed());
			ownOutcall(subnet, server, start, false);
		}
	}

	static class Inherited extends DeclaredOnTheClassBase {
		@RepeatedTest(CONCURRENT)
		void own(Subnet subnet, MockWebServer server) throws Exception {
			assertEquals(6, subnet.replicas());
			ownOutcall(subnet, server, start, false);
		}
	}

	@SimulatedSubnet(replicas = 6)
	abstract static class DeclaredOnTheClassBase {
	}

	/** Every replica through its subnet's two SOCKS proxies: 16 subnets, 32 proxies, 208 proxied connections at once. */
	@SimulatedSubnet(profile = io.github.subnetsim.profile.ReplicaProfile.CURRENT_REPLICA, simulateNoIpv6Route = true)
	static class ThroughTheProxies {
		@RepeatedTest(CONCURRENT)
		void own(Subnet subnet, MockWebServer server) throws Exception {
			ownOutcall(subnet, server, start, false);
		}
	}

	/**
	 * A canister's Wasm transform in 16 subnets at once, each replica running its own call (no reuse): 208 calls on one
	 * installed canister's pooled instances. Every response is the same length, so every call costs the same: one count.
	 */
	@SimulatedSubnet(seed = 5)
	static class WasmTransformsAtOnce {
		static final io.github.subnetsim.wasm.WasmCanister MOTOKO = io.github.subnetsim.wasm.WasmCanister.builder().reuseIdenticalCalls(false)
				.fromResource("/canisters/motoko-transforms.wasm");
		static final Set<Long> COUNTS = java.util.concurrent.ConcurrentHashMap.newKeySet();

		@RepeatedTest(CONCURRENT)
		void own(Subnet subnet, MockWebServer server) throws Exception {
			String marker = "/own/" + UUID.randomUUID();
			server.setDispatcher(new EchoPath());
			start.countDown();
			start.await(2, TimeUnit.SECONDS);
			OutcallResult result = subnet.httpRequest(HttpRequestArgs.get(server.url(marker).toString())
					.transform(MOTOKO.transform("transform")).cycles(100_000_000_000L).build());
			assertTrue(result instanceof OutcallResult.Reply, () -> "expected a reply, got " + result);
			assertEquals(subnet.replicas(), ((OutcallResult.Reply) result).agreement());
			assertEquals(marker, ((OutcallResult.Reply) result).response().bodyText());
			result.trace().replicas().forEach(r -> COUNTS.add(r.transformInstructions()));
		}
	}

	@org.junit.jupiter.api.TestFactory
	java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> sixteenConcurrentMethodsRunningACanistersWasmTransform(@TempDir Path dir) {
		return java.util.stream.IntStream.rangeClosed(1, ROUNDS).mapToObj(round -> org.junit.jupiter.api.DynamicTest.dynamicTest(
				"Wasm transform, round " + round + " of " + ROUNDS, () -> {
					WasmTransformsAtOnce.COUNTS.clear();
					assertAllPass(WasmTransformsAtOnce.class, CONCURRENT, dir.resolve("wasm" + round));
					assertEquals(1, WasmTransformsAtOnce.COUNTS.size(), () -> "208 identical calls, one instruction count each: "
							+ WasmTransformsAtOnce.COUNTS);
				}));
	}

	static Events runInParallel(Class<?> testClass, Path reportDir) {
		return EngineTestKit.engine("junit-jupiter")
				.selectors(selectClass(testClass))
				.configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
				.configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
				.configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
				.configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
				.configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(CONCURRENT))
				.configurationParameter("junit.jupiter.execution.parallel.config.fixed.max-pool-size", Integer.toString(CONCURRENT * 2))
				.configurationParameter(io.github.subnetsim.internal.report.OutcallReportListener.REPORT_DIR_PROPERTY, reportDir.toString())
				.execute().testEvents();
	}

	private static void assertAllPass(Class<?> testClass, int tests, Path dir) {
		start = new CountDownLatch(CONCURRENT);
		Events events = runInParallel(testClass, dir);
		List<String> failures = new ArrayList<>();
		events.failed().stream().forEach(e -> failures.add(e.getTestDescriptor().getDisplayName() + ": "
				+ e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().map(Throwable::toString).orElse("?")));
		assertEquals(List.of(), failures, "every concurrent test got its own subnet and server");
		events.assertStatistics(s -> s.started(tests).succeeded(tests));
	}

	/**
	 * Rounds per scenario: 2 by default, so every build runs each scenario more than once; set
	 * {@code -Dsubnet-sim.stress.rounds=50} to hammer it (docs/architecture.md).
	 */
	static final int ROUNDS = Integer.getInteger("subnet-sim.stress.rounds", 2);

	private static java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> rounds(String name, Class<?> testClass, int tests, Path dir) {
		return java.util.stream.IntStream.rangeClosed(1, ROUNDS).mapToObj(round -> org.junit.jupiter.api.DynamicTest.dynamicTest(
				name + ", round " + round + " of " + ROUNDS, () -> assertAllPass(testClass, tests, dir.resolve(testClass.getSimpleName() + round))));
	}

	@org.junit.jupiter.api.TestFactory
	java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> sixteenConcurrentMethodsWithTheAnnotationOnTheClassAndInANestedClass(@TempDir Path dir) {
		return rounds("annotated class and @Nested class", DeclaredOnTheClass.class, 2 * CONCURRENT, dir);
	}

	@org.junit.jupiter.api.TestFactory
	java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> sixteenConcurrentMethodsSharingAStaticExtension(@TempDir Path dir) {
		return rounds("static @RegisterExtension", PerClassStaticExtension.class, CONCURRENT, dir);
	}

	@org.junit.jupiter.api.TestFactory
	java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> sixteenConcurrentMethodsWithAnInstanceExtension(@TempDir Path dir) {
		return rounds("instance @RegisterExtension", PerTestInstanceExtension.class, CONCURRENT, dir);
	}

	@org.junit.jupiter.api.TestFactory
	java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> sixteenConcurrentMethodsThroughEachSubnetsSocksProxies(@TempDir Path dir) {
		return rounds("through the SOCKS proxies", ThroughTheProxies.class, CONCURRENT, dir);
	}

	@org.junit.jupiter.api.TestFactory
	java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> metaAnnotatedInheritedAndPlainExtendWith(@TempDir Path dir) {
		return java.util.stream.Stream.of(rounds("meta-annotated", MetaAnnotated.class, CONCURRENT, dir),
				rounds("inherited", Inherited.class, CONCURRENT, dir), rounds("plain @ExtendWith", PlainExtendWith.class, CONCURRENT, dir))
				.flatMap(x -> x);
	}
}
