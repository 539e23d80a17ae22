package io.github.subnetsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import io.github.subnetsim.internal.fetch.SubnetTls;
import io.github.subnetsim.server.MockServers;

/** The real {@code subnet-sim probe} command, in its own JVM, against real sockets. */
class ProbeCommandProcessTest {

	record Run(int exit, String out, String err) {
	}

	@TempDir
	Path tmp;
	private MockWebServer server;
	private Path caPem;

	@BeforeEach
	void start() throws IOException {
		server = MockServers.startTls();
		caPem = tmp.resolve("ca.pem");
		// The probe runs in another JVM with its own test CA: it trusts ours through --cacert, as a user would.
		Files.writeString(caPem, SubnetTls.testAuthority().authority().certificatePem());
	}

	@AfterEach
	void stop() {
		server.close();
	}

	private Run probe(String... args) throws Exception {
		List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), SubnetSimCommand.class.getName(), "probe"));
		cmd.addAll(List.of(args));
		Path out = tmp.resolve("out.txt");
		Path err = tmp.resolve("err.txt");
		Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		if (!p.waitFor(90, TimeUnit.SECONDS)) {
			p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			throw new AssertionError("probe did not finish within 90 s: " + cmd);
		}
		return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
	}

	private void serve(java.util.function.IntFunction<MockResponse> byRequestNumber) {
		AtomicInteger n = new AtomicInteger();
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return byRequestNumber.apply(n.incrementAndGet());
			}
		});
	}

	@Test
	void theDemoProbeSuggestsATransformAndThenAgrees() throws Exception {
		Run r = probe();
		assertEquals(0, r.exit(), r.err());
		assertTrue(r.out().contains("(embedded demo API)"), r.out());
		assertTrue(r.out().contains("diverged: SysTransient (2) No consensus could be reached."), r.out());
		assertTrue(r.out().contains("header x-request-id"), r.out());
		assertTrue(r.out().contains("body /nonce"), r.out());
		assertTrue(r.out().contains("Transforms.compose(Transforms.dropHeaders(\"content-length\", \"date\", \"x-request-id\"), "
				+ "Transforms.dropJson(\"/nonce\", \"/timestamp\"))"), r.out());
		assertTrue(r.out().contains("agreed by 13 of 13 replicas: status 200"), r.out());
		assertTrue(r.out().contains("Result: consensus reached with the suggested transform. (exit 0)"), r.out());
		assertTrue(r.err().contains("each outcall sends 13 requests"), r.err());
	}

	@Test
	void anEndpointThatAnswersIdenticallyAgreesAtOnce() throws Exception {
		serve(i -> new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{\"price\":\"1.00\"}").build());
		Run r = probe(server.url("/p").toString(), "--cacert", caPem.toString(), "--replicas", "7");
		assertEquals(0, r.exit(), r.err());
		assertTrue(r.out().contains("agreed by 7 of 7 replicas"), r.out());
		assertTrue(r.out().contains("none needed: the replicas already agree"), r.out());
		assertEquals(7, server.getRequestCount(), "one outcall, 7 requests");
	}

	@Test
	void theCanistersOwnWasmTransformRunsInEveryReplica() throws Exception {
		// The Rust-shaped fixture of the extension module (canisters/rust/transforms.rs): it drops every header.
		Path wasm = Path.of("..", "extension", "src", "test", "resources", "canisters", "rust-transforms.wasm");
		serve(i -> new MockResponse.Builder().addHeader("Content-Type", "application/json").addHeader("X-Request-Id", "r" + i)
				.body("{\"price\":\"1.00\"}").build());
		Run r = probe(server.url("/p").toString(), "--cacert", caPem.toString(), "--replicas", "7", "--wasm", wasm.toString(),
				"--transform", "transform");
		assertEquals(0, r.exit(), r.err());
		assertTrue(r.out().contains("agreed by 7 of 7 replicas"), r.out());
		assertTrue(r.err().contains("transform instructions per replica: "), r.err());

		Run missing = probe(server.url("/p").toString(), "--cacert", caPem.toString(), "--wasm", tmp.resolve("none.wasm").toString());
		assertEquals(2, missing.exit());
		assertTrue(missing.err().contains("cannot load " + tmp.resolve("none.wasm")), missing.err());
	}

	@Test
	void jsonOutputIsOneDocumentForScripts() throws Exception {
		serve(i -> new MockResponse.Builder().addHeader("X-Request-Id", "r" + i).body("{\"price\":\"1.00\",\"ts\":" + (1000 + i) + "}").build());
		Run r = probe(server.url("/p").toString(), "--cacert", caPem.toString(), "--json", "--profile", "current-replica");
		assertEquals(0, r.exit(), r.err());
		JsonNode doc = new ObjectMapper().readTree(r.out());
		assertEquals(13, doc.get("replicas").asInt());
		assertEquals("CURRENT_REPLICA", doc.get("profile").asText());
		assertEquals("reject", doc.get("first").get("outcome").asText());
		assertEquals("diverged", doc.get("first").get("decision").asText());
		assertEquals("Transforms.compose(Transforms.dropHeaders(\"x-request-id\"), Transforms.dropJson(\"/ts\"))", doc.get("suggestedTransform").asText());
		assertEquals("reply", doc.get("withSuggestedTransform").get("outcome").asText());
		assertEquals(13, doc.get("withSuggestedTransform").get("agreement").asInt());
		assertTrue(doc.get("recommendedMaxResponseBytes").asLong() >= doc.get("largestResponseBytes").asLong() + 1024);
		assertTrue(doc.get("cycles").get("34").get("maxResponseBytesUnset").asLong() > doc.get("cycles").get("13").get("maxResponseBytesUnset").asLong());
		assertTrue(doc.get("consensus").asBoolean());
		assertEquals(0, doc.get("exitCode").asInt());
	}

	@Test
	void anUntrustedCertificateSuggestsCacertAndIsCalledAnAgreedReject() throws Exception {
		serve(i -> new MockResponse.Builder().body("{}").build());
		Run r = probe(server.url("/p").toString(), "--replicas", "4"); // no --cacert: the probe's JVM has another test CA
		assertEquals(1, r.exit(), r.out() + r.err());
		// The seed-documented profile's text (docs/network.md): hyper 0.14's Display after "Failed to connect: ".
		assertTrue(r.out().contains("agreed reject (4 replicas signed the same error): SysTransient (2) Failed to connect: error trying to connect: "
				+ "invalid peer certificate: UnknownIssuer"), r.out());
		assertTrue(r.out().contains("do not trust the server's TLS certificate") && r.out().contains("--cacert ca.pem"), r.out());
		assertTrue(r.out().contains("3. The outcall with the suggested transform\n   not run: no replica got a response to transform "
				+ "(the TLS certificate is not trusted: see --cacert above)"), r.out());
		assertTrue(r.out().contains("Result: agreed reject: consensus on an error, no response delivered (use --cacert). (exit 1)"), r.out());
		assertFalse(r.out().contains("no consensus"), r.out());
	}

	@Test
	void noConsensusExitsOne() throws Exception {
		// Status and a non-JSON body differ per request: the suggested transform (content-length) cannot remove that.
		serve(i -> new MockResponse.Builder().code(200 + (i % 5)).body("plain text " + i).build());
		Run r = probe(server.url("/p").toString(), "--cacert", caPem.toString());
		assertEquals(1, r.exit(), r.out() + r.err());
		assertTrue(r.out().contains("Result: no consensus. (exit 1)"), r.out());
		assertTrue(r.out().contains("3. The outcall with the suggested transform\n   diverged: SysTransient (2) No consensus could be reached."), r.out());
	}

	@Test
	void aRemoteUrlIsRefusedWithoutAllowRemote() throws Exception {
		Run r = probe("https://example.com/price");
		assertEquals(2, r.exit());
		assertTrue(r.err().contains("example.com is not on loopback: every replica would send a real request to it. Add --allow-remote"), r.err());
		assertEquals("", r.out());
	}

	@Test
	void badFlagsGiveUsageAndExitTwo() throws Exception {
		Run unknown = probe("--replicaz", "3");
		assertEquals(2, unknown.exit());
		assertTrue(unknown.err().startsWith("subnet-sim probe: unknown option --replicaz\nusage: subnet-sim probe [URL] [options]"), unknown.err());
		Run zero = probe("--replicas", "0");
		assertEquals(2, zero.exit());
		assertTrue(zero.err().startsWith("subnet-sim probe: --replicas must be at least 1, got 0"), zero.err());
		Run spec = probe("--transform", "drop-everything");
		assertEquals(2, spec.exit());
		assertTrue(spec.err().contains("--transform step 'drop-everything': unknown step"), spec.err());
	}

	@Test
	void anIpv4OnlyApiWithARateLimitShowsTheProxiesAndTheRateLimitedReplicas() throws Exception {
		try (MockWebServer ipv4Only = MockServers.startTlsIpv4Only()) {
			io.github.subnetsim.server.RateLimit limit = io.github.subnetsim.server.RateLimit.perAddress(5, java.time.Duration.ofSeconds(1));
			ipv4Only.setDispatcher(limit.wrap(ipv4Only, new Dispatcher() {
				@Override
				public MockResponse dispatch(RecordedRequest request) {
					return new MockResponse.Builder().addHeader("content-type", "application/json").body("{\"rate\":1.25}").build();
				}
			}));
			// Seed 9 sends 2 replicas through one proxy and 11 through the other: 6 over the quota of 5 per address.
			Run r = probe(ipv4Only.url("/rate").toString(), "--profile", "current-replica", "--seed", "9", "--cacert", caPem.toString());
			assertTrue(r.out().contains("network IPv6, then 2 SOCKS proxies"), r.out());
			assertTrue(r.out().contains("The server saw 2 addresses for 13 replicas:"), r.out());
			assertTrue(r.out().contains("127.255.0.1 (replica"), r.out());
			assertTrue(r.out().contains("127.255.0.2 (replica"), r.out());
			assertTrue(r.out().contains("Rate limited (429 Too Many Requests): replicas "), r.out());
			assertTrue(r.out().contains("1. The outcall as given (no transform)\n   diverged: SysTransient (2) No consensus could be reached."), r.out());
		}
	}

	@Test
	void anIpv4OnlyApiOnTheSeedProfileGetsTheSeedsTextAndTheIpv6Hint() throws Exception {
		try (MockWebServer ipv4Only = MockServers.startTlsIpv4Only()) {
			ipv4Only.setDispatcher(new Dispatcher() {
				@Override
				public MockResponse dispatch(RecordedRequest request) {
					return new MockResponse.Builder().body("{}").build();
				}
			});
			Run r = probe(ipv4Only.url("/rate").toString(), "--cacert", caPem.toString());
			assertEquals(1, r.exit(), r.out());
			assertTrue(r.out().contains("Failed to connect: error trying to connect: tcp connect error: Connection refused (os error 111)"), r.out());
			assertTrue(r.out().contains("No replica could connect over IPv6"), r.out());
			assertTrue(r.out().contains("--profile current-replica"), r.out());
			assertEquals(0, ipv4Only.getRequestCount());
		}
	}
}
