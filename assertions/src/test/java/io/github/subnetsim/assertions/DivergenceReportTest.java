package io.github.subnetsim.assertions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.TransformFunction;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.transform.Transforms;

/** The divergence report of real outcalls: every kind of difference, the suggestion, and its data form. */
class DivergenceReportTest {

	private static final long CYCLES = 100_000_000_000L;
	private static MockWebServer server;

	/** Five replicas each differ in their own way from the eight that agree. */
	private static final PerturbationPlan FIVE_WAYS = PerturbationPlan.on(Replicas.of(3), Perturbation.jitterHeader("x-trace"))
			.and(Replicas.of(7), Perturbation.jitterJson("/data/ts"), Perturbation.removeHeader("content-type"))
			.and(Replicas.of(9), Perturbation.status(503))
			.and(Replicas.of(11), Perturbation.reject(RejectCode.SYS_FATAL, "boom"))
			.and(Replicas.of(12), Perturbation.reorderJsonFields());

	@BeforeAll
	static void start() {
		server = PriceServer.steady("{\"symbol\":\"ICP\",\"data\":{\"price\":12.34,\"ts\":1700000000}}");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	private static OutcallResult call(Transform transform, PerturbationPlan plan) {
		try (Subnet subnet = Subnet.builder().replicas(13).seed(7).build()) {
			return subnet.httpRequest(HttpRequestArgs.get(server.url("/").toString()).transform(transform).cycles(CYCLES).build(), plan);
		}
	}

	@Test
	void everyKindOfDifferenceIsNamedAgainstTheLargestGroup() {
		DivergenceReport report = DivergenceReport.of(call(null, FIVE_WAYS));

		assertTrue(report.diverged());
		assertEquals(List.of(0, 1, 2, 4, 5, 6, 8, 10), report.groups().get(0).replicas());
		assertEquals(Set.of(3, 7, 9, 11, 12), report.differingReplicas());
		assertEquals(Set.of("content-type", "x-trace"), report.variedHeaders());
		assertEquals(Set.of("/data/ts"), report.variedJsonPointers());
		assertEquals(6, report.groups().size());

		String text = report.render();
		// Labels follow the replica's message order (size, then hash), so which letter a replica gets depends on hashes.
		assertTrue(text.matches("(?s).*\n  group [B-F] \\(replica 3\\):\n    header x-trace: added \"[0-9a-f]{16}\"\n.*"), text);
		assertTrue(text.matches("(?s).*\n  group [B-F] \\(replica 7\\):\n    header content-type: removed \\(was \"application/json\"\\)\n"
				+ "    body /data/ts: 1700000000 -> 17000\\d+\n.*"), text);
		assertTrue(text.contains("(replica 9):\n    status: 200 -> 503\n"), text);
		assertTrue(text.contains("(replica 11):\n    outcome: response -> reject 1: boom\n"), text);
		assertTrue(text.contains("(replica 12):\n    body: the same JSON data, other bytes (field order or whitespace)\n"), text);
		assertTrue(text.contains("\nFix: add this transform:\n"
				+ "  Transforms.compose(Transforms.dropHeaders(\"content-type\", \"x-trace\"), Transforms.dropJson(\"/data/ts\"), Transforms.canonicalJson())\n"),
				text);
		assertTrue(text.contains("\n  // the status differs (200 vs 503): the replicas got different answers; a transform can only hide that by "
				+ "dropping the status\n"), text);
		assertTrue(text.contains("\n  // some replicas rejected instead of responding: a transform cannot fix that, the cause is upstream or in the "
				+ "limits\n"), text);
		assertTrue(text.contains("hash ") && text.contains("reject 1: boom"), "the reject group shows its outcome: " + text);
	}

	@Test
	void theSuggestedTransformIsTheCodeOfATransformThatMakesTheReplicasAgree() {
		PerturbationPlan fixable = PerturbationPlan.on(Replicas.of(3), Perturbation.jitterHeader("x-trace"))
				.and(Replicas.of(7), Perturbation.jitterJson("/data/ts"), Perturbation.removeHeader("content-type"))
				.and(Replicas.of(2, 12), Perturbation.reorderJsonFields(), Perturbation.jitterJson("/data/ts"));
		DivergenceReport before = DivergenceReport.of(call(null, fixable));
		TransformFunction suggested = Transforms.compose(
				Transforms.dropHeaders(before.variedHeaders().toArray(String[]::new)),
				Transforms.dropJson(before.variedJsonPointers().toArray(String[]::new)),
				Transforms.canonicalJson());
		assertEquals(suggested.toString(), before.suggestedTransformCode());

		OutcallResult after = call(Transform.of("transform", suggested), fixable);
		assertInstanceOf(OutcallResult.Reply.class, after);
		assertFalse(DivergenceReport.of(after).diverged(), DivergenceReport.of(after).render());
		assertEquals(13, ((OutcallResult.Reply) after).agreement());
	}

	@Test
	void aBodyThatIsNotJsonIsComparedByteByByteWithContext() {
		TransformFunction text = (r, ctx) -> r.withHeaders(List.of()).withBody("hello world, the time is 12:00 and all is well");
		PerturbationPlan plan = PerturbationPlan.on(Replicas.of(5), Perturbation.truncateBody(30));
		DivergenceReport report = DivergenceReport.of(call(Transform.of("t", text), PerturbationPlan.none()));
		assertFalse(report.diverged());

		OutcallResult r = call(Transform.of("t", (resp, ctx) -> text.apply(resp, ctx).withBody(resp.bodyLength() < 40 ? "hello world, the time is 12:07 and all is well"
				: "hello world, the time is 12:00 and all is well")), plan);
		DivergenceReport diff = DivergenceReport.of(r);
		Difference d = diff.differences().get(0).differences().get(0);
		Difference.BodyBytesChanged bytes = assertInstanceOf(Difference.BodyBytesChanged.class, d);
		assertEquals(29, bytes.offset());
		assertEquals("body differs from byte 29 (46 vs 46 bytes): …\"the time is 12:00 and all is wel\"… -> …\"the time is 12:07 and all is wel\"…",
				d.line());
		assertEquals("", diff.suggestedTransformCode(), "no helper removes a difference inside text");
		assertTrue(diff.render().contains("// a body that is not JSON differs from byte 29"), diff.render());
	}

	@Test
	void theDataFormHasGroupsDifferencesAndTheSuggestion() throws Exception {
		DivergenceReport report = DivergenceReport.of(call(null, FIVE_WAYS));
		JsonNode json = new ObjectMapper().readTree(report.toJson());
		assertEquals(7, json.get("seed").asLong());
		assertEquals("diverged", json.get("decision").asText());
		assertEquals(9, json.get("threshold").asInt());
		assertEquals(6, json.get("groups").size());
		assertEquals(8, json.get("groups").get(0).get("replicas").size());
		assertEquals("[3,7,9,11,12]", json.get("differingReplicas").toString());
		assertEquals("[\"/data/ts\"]", json.get("variedJsonPointers").toString());
		assertEquals(report.suggestedTransformCode(), json.get("suggestedTransform").asText());
		assertTrue(json.get("reject").asText().startsWith("SysTransient (2): No consensus could be reached."));
		JsonNode entry = json.get("differences").get(0).get("entries").get(0);
		assertTrue(entry.has("kind") && entry.has("line"), entry.toString());
	}

	@Test
	void labelsRunFromAToZThenAA() {
		assertEquals("A", DivergenceReport.label(0));
		assertEquals("Z", DivergenceReport.label(25));
		assertEquals("AA", DivergenceReport.label(26));
		assertEquals("AB", DivergenceReport.label(27));
	}
}
