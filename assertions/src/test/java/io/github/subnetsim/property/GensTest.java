package io.github.subnetsim.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.perturb.PerturbationPlan;

/** Generators without the annotation: values, edge cases, shrink trees, determinism. */
class GensTest {

	private static <T> List<T> values(Gen<T> gen, long seed, int count) {
		SplittableRandom rng = new SplittableRandom(seed);
		List<T> out = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			out.add(gen.generate(rng));
		}
		return out;
	}

	private static <T> List<T> edges(Gen<T> gen) {
		List<T> out = new ArrayList<>();
		gen.edgeCases(new SplittableRandom(1)).forEach(s -> out.add(s.value()));
		return out;
	}

	/** Greedy shrink of one sample against a failing predicate, as the engine does it. */
	private static <T> T shrink(Sample<T> sample, Predicate<T> fails) {
		Sample<T> current = sample;
		for (int guard = 0; guard < 10_000; guard++) {
			Sample<T> next = current.shrinks().filter(s -> fails.test(s.value())).findFirst().orElse(null);
			if (next == null) {
				return current.value();
			}
			current = next;
		}
		throw new AssertionError("shrinking did not terminate");
	}

	@Test
	void sameSeedSameValuesOtherSeedOtherValues() {
		assertEquals(values(Gens.responses(), 4, 20), values(Gens.responses(), 4, 20));
		assertNotEquals(values(Gens.ints(0, 1_000_000), 4, 20), values(Gens.ints(0, 1_000_000), 5, 20));
	}

	@Test
	void sampleValueIsTheGeneratedValue() {
		Gen<String> g = Gen.combine(Gens.subnetSizes(), Gens.jsonBodies(), (n, b) -> n + b.json());
		assertEquals(g.generate(new SplittableRandom(3)), g.sample(new SplittableRandom(3)).value());
	}

	@Test
	void rangesStayInRangeAndShrinkTowardZero() {
		for (int v : values(Gens.ints(-5, 5), 1, 500)) {
			assertTrue(v >= -5 && v <= 5, "in range: " + v);
		}
		assertEquals(List.of(0, -5, 5), edges(Gens.ints(-5, 5)));
		assertEquals(List.of(10, 20), edges(Gens.ints(10, 20)));
		assertEquals(List.of(0, 500, 750, 875, 938, 969, 985, 993, 997, 999), Gens.ints(0, 10_000).shrink(1000));
		int positive = shrink(Gens.ints(0, 10_000).sample(new SplittableRandom(2)), v -> v >= 37);
		assertEquals(37, positive);
		Gen<Integer> negatives = Gens.ints(-10_000, 0);
		int negative = shrink(Sample.<Integer>unfold(-9_000, negatives::shrink), v -> v <= -37);
		assertEquals(-37, negative);
	}

	@Test
	void subnetSizesAndSizesNearLimitsHaveTheirEdgeCasesFirst() {
		assertEquals(List.of(1, 4, 13, 40), edges(Gens.subnetSizes()));
		assertEquals(List.of(1_999_999L, 2_000_000L, 2_000_001L, 2_045_951L, 2_045_952L, 2_045_953L), edges(Gens.sizesNear(2_000_000, 2_045_952)));
		assertEquals(List.of(0L, 1L), edges(Gens.sizesNear(0)));
		for (long s : values(Gens.sizesNear(1000), 9, 300)) {
			assertTrue(s >= 0 && s <= 1064, "near the limit: " + s);
		}
	}

	@Test
	void sizesNearEveryLimitStartAtEachReferenceLimit() {
		assertEquals(List.of(8_191L, 8_192L, 8_193L, 49_151L, 49_152L, 49_153L, 1_999_999L, 2_000_000L, 2_000_001L, 2_097_151L, 2_097_152L,
				2_097_153L, 2_045_951L, 2_045_952L, 2_045_953L), edges(Gens.sizesNearEveryLimit()));
	}

	@Test
	void mapFilterAndCombineShrinkThroughTheTree() {
		Gen<Integer> evens = Gens.ints(0, 10_000).map(i -> i * 2);
		Gen<Integer> ints = Gens.ints(0, 10_000);
		int shrunk = shrink(Sample.<Integer>unfold(5_000, ints::shrink).map(i -> i * 2), v -> v >= 200);
		assertEquals(200, shrunk);
		assertTrue(values(evens.filter(v -> v % 4 == 0), 3, 50).stream().allMatch(v -> v % 4 == 0));
		Gen<int[]> pairs = Gen.combine(Gens.ints(0, 100), Gens.ints(0, 100), (a, b) -> new int[] { a, b });
		int[] min = shrink(pairs.sample(new SplittableRandom(8)).filter(p -> true), p -> p[0] + p[1] >= 50);
		assertEquals(50, min[0] + min[1], "the smallest failing sum");
	}

	@Test
	void aFilterThatRejectsEverythingFailsLoudly() {
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> Gens.ints(0, 10).filter(x -> x > 100).generate(new SplittableRandom(1)));
		assertTrue(e.getMessage().startsWith("Gen.filter rejected 1000 values in a row"), e.getMessage());
	}

	@Test
	void listsShrinkByDroppingElementsFirst() {
		List<Integer> min = shrink(Gens.lists(Gens.ints(0, 100), 0, 20).sample(new SplittableRandom(4)), l -> l.stream().anyMatch(v -> v >= 10));
		assertEquals(List.of(10), min);
		assertEquals(List.of(List.of()), edges(Gens.lists(Gens.ints(0, 1), 0, 3)));
	}

	@Test
	void faultyReplicaSetsStayWithinTheSubnetAndShrinkToFewerReplicas() {
		for (SortedSet<Integer> s : values(Gens.faultyReplicaSets(13, 4), 2, 200)) {
			assertTrue(s.size() <= 4 && (s.isEmpty() || s.last() < 13 && s.first() >= 0), s.toString());
		}
		SortedSet<Integer> min = shrink(Gens.faultyReplicaSets(13, 13).sample(new SplittableRandom(6)).filter(s -> true), s -> s.size() >= 3);
		assertEquals(3, min.size());
		assertEquals(List.of(SortedSetOf(), SortedSetOf(0, 1, 2, 3)), edges(Gens.faultyReplicaSets(13, 4)));
	}

	private static SortedSet<Integer> SortedSetOf(Integer... v) {
		return new java.util.TreeSet<>(List.of(v));
	}

	@Test
	void jsonBodiesAreValidJsonWithTheDeclaredPointers() throws Exception {
		ObjectMapper json = new ObjectMapper();
		for (JsonBody b : values(Gens.jsonBodies(), 12, 100)) {
			JsonNode root = json.readTree(b.json());
			assertFalse(b.volatilePointers().isEmpty(), b.json());
			for (String p : b.volatilePointers()) {
				assertTrue(root.at(p).isValueNode(), p + " in " + b.json());
				assertTrue(root.at(p).isTextual() || root.at(p).asLong() >= 1_000_000_000L, "a value a jitter always changes: " + b.json());
			}
			for (String p : b.stablePointers()) {
				assertTrue(root.at(p).isValueNode(), p + " in " + b.json());
			}
		}
	}

	@Test
	void responsesHaveTheirEdgeCasesAndLowercaseVolatileHeaders() {
		List<VolatileResponse> e = edges(Gens.responses());
		assertEquals(0, e.get(0).response().bodyLength());
		assertEquals(63, e.get(1).response().headers().size());
		for (VolatileResponse r : values(Gens.responses(), 3, 50)) {
			for (String h : r.volatileHeaders()) {
				assertTrue(r.response().header(h).isPresent(), h);
			}
		}
	}

	@Test
	void requestShapesCoverTheHeaderLimitAndStayValid() {
		List<RequestShape> e = edges(Gens.requestShapes());
		assertEquals(64, e.get(2).headers().size());
		assertEquals(0, e.get(1).bodyBytes());
		for (RequestShape s : values(Gens.requestShapes(), 5, 200)) {
			assertTrue(s.headers().size() <= 64);
			long headerBytes = 0;
			for (HttpHeader h : s.headers()) {
				headerBytes += h.name().length() + h.value().length();
			}
			assertTrue(headerBytes <= 48 * 1024, "dfinity/ic rs/types/types/src/canister_http.rs; docs/limits-and-profiles.md: all headers ≤ 49,152 bytes");
			assertTrue(s.maxResponseBytes() == null || s.maxResponseBytes() <= 2_000_000);
		}
	}

	@Test
	void perturbationPlansOnlyPickExistingReplicasAndShrinkToOneRule() {
		Gen<PerturbationPlan> plans = Gens.perturbationPlans(4, List.of("date"), List.of("/ts"));
		for (PerturbationPlan p : values(plans, 1, 100)) {
			assertTrue(p.rules().size() >= 1 && p.rules().size() <= 3);
			p.rules().forEach(r -> r.selector().select(4, new SplittableRandom(0))); // throws for a replica >= 4
		}
		PerturbationPlan min = shrink(plans.sample(new SplittableRandom(2)), p -> true);
		assertEquals(1, min.rules().size());
		assertEquals(1, min.rules().get(0).perturbations().size());
	}
}
