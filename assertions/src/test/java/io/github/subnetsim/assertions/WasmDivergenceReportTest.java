package io.github.subnetsim.assertions;

import static io.github.subnetsim.assertions.OutcallMatchers.reachesConsensus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.wasm.WasmCanister;

/**
 * A canister's own Wasm transform that lets a varying header and JSON field through (the Motoko fixture's
 * {@code keep_everything}, extension's {@code canisters/motoko/transforms.mo}) against {@link PriceServer}: the report names what varied, and its fix
 * is a change to the canister's transform, with the Java equivalent to try here, not "add this transform" (a canister
 * team cannot add a Java transform on mainnet).
 */
class WasmDivergenceReportTest {

	private static final WasmCanister MOTOKO = WasmCanister.fromResource("/canisters/motoko-transforms.wasm");
	private static final WasmCanister RUST = WasmCanister.fromResource("/canisters/rust-transforms.wasm");
	private static MockWebServer server;
	private static OutcallResult result;

	@BeforeAll
	static void outcall() {
		server = PriceServer.start();
		try (Subnet subnet = Subnet.builder().replicas(13).seed(7).build()) {
			result = subnet.httpRequest(HttpRequestArgs.get(server.url("/price").toString()).cycles(100_000_000_000L)
					.transform(MOTOKO.transform("keep_everything")).build());
		}
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void theFixIsAChangeToTheCanistersTransform() {
		AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertThat(result, reachesConsensus()));
		List<String> lines = e.getMessage().lines().toList();
		assertEquals("No consensus: the replicas' responses vary in x-request-id, /data/ts (13 distinct responses, 9 of 13 must agree). "
				+ "Fix: change the canister's transform to remove what varied (its Java equivalent is below).", lines.get(0), e.getMessage());
		int fix = lines.indexOf("Fix: the canister's transform ran on every replica and let these through: x-request-id, /data/ts. "
				+ "Remove them in the canister's transform; the same in Java, to try here first:");
		assertTrue(fix > 0, e.getMessage());
		assertEquals("  Transforms.compose(Transforms.dropHeaders(\"x-request-id\"), Transforms.dropJson(\"/data/ts\"))", lines.get(fix + 1),
				e.getMessage());
		assertFalse(e.getMessage().contains("Fix: add this transform"), e.getMessage());
	}

	@Test
	void aRustCanisterThatDropsOnlyTheHeadersDivergesOnTheBodysTimestamp() {
		// the Rust fixture's header-dropping transform (extension's canisters/rust/transforms.rs) keeps the body as it is
		OutcallResult rust;
		try (Subnet subnet = Subnet.builder().replicas(13).seed(7).build()) {
			rust = subnet.httpRequest(HttpRequestArgs.get(server.url("/price").toString()).cycles(100_000_000_000L)
					.transform(RUST.transform("transform")).build());
		}
		AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> OutcallAssertions.assertThat(rust, reachesConsensus()));
		assertEquals("No consensus: the replicas' responses vary in /data/ts (13 distinct responses, 9 of 13 must agree). "
				+ "Fix: change the canister's transform to remove what varied (its Java equivalent is below).", e.getMessage().lines().findFirst().orElseThrow());
		assertTrue(e.getMessage().contains("\n  Transforms.dropJson(\"/data/ts\")\n"), e.getMessage());
	}

	@Test
	void theReportRendersTheSameFix() {
		String text = DivergenceReport.of(result).render();
		assertTrue(text.startsWith("What varied between replicas:\n  header x-request-id: 13 distinct values"), text);
		assertTrue(text.contains("\nFix: the canister's transform ran on every replica and let these through: x-request-id, /data/ts."), text);
	}
}
