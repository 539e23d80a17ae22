package io.github.subnetsim.internal.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.wasm.QueryOutcome;
import io.github.subnetsim.wasm.WasmCanister;

/**
 * A JMH-free measurement of one transform call (docs/docs/wasm-transforms.md, "Speed"): the Motoko header-dropping
 * transform on a ~10 KB JSON response, each call on a fresh instance restored to the installed snapshot. It prints the
 * figures; the only assertion is a loose bound that catches a pathological slowdown.
 */
class TransformSpeedTest {

	@Test
	void perCallTimeOfTheMotokoHeaderDroppingTransform() {
		long t0 = System.nanoTime();
		WasmCanister motoko = WasmCanister.builder().fromResource("/canisters/motoko-transforms.wasm");
		long loadNanos = System.nanoTime() - t0;
		StringBuilder body = new StringBuilder("[");
		while (body.length() < 9_900) {
			body.append("{\"symbol\":\"ICP\",\"price\":12.34,\"timestamp\":1764489600},");
		}
		body.setLength(body.length() - 1);
		body.append(']');
		HttpResponse r = HttpResponse.of(200, List.of(HttpHeader.of("content-type", "application/json"), HttpHeader.of("x-request-id", "req-1")),
				body.toString());
		byte[] arg = TransformArgsCandid.encode(r, new byte[0]);
		QueryOutcome first = motoko.query("transform", arg);
		assertTrue(first.replied());
		for (int i = 0; i < 300; i++) {
			motoko.query("transform", arg); // warm-up
		}
		int calls = 300;
		long start = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			assertEquals(first.instructions(), motoko.query("transform", arg).instructions());
		}
		double perCallMs = (System.nanoTime() - start) / 1e6 / calls;
		System.out.printf("wasm transform: argument %d bytes, reply %d bytes, %d instructions, %.3f ms per call (warm, %d calls), "
				+ "load+install %.0f ms%n", arg.length, first.reply().length, first.instructions(), perCallMs, calls, loadNanos / 1e6);
		assertTrue(perCallMs < 250, "per call " + perCallMs + " ms");
	}
}
