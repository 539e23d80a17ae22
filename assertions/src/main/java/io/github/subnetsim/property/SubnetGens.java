package io.github.subnetsim.property;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.profile.Limits;

/** Generators of subnet-shaped things: perturbation plans, faulty behaviour, request shapes. */
final class SubnetGens {

	private SubnetGens() {
	}

	/** One rule of a plan: the replicas and what they see. */
	private record Rule(SortedSet<Integer> replicas, List<Perturbation> perturbations) {
	}

	static Gen<PerturbationPlan> plans(int n, List<String> headers, List<String> pointers) {
		List<Gen<Perturbation>> kinds = new ArrayList<>();
		if (!headers.isEmpty()) {
			kinds.add(Gens.elements(headers).map(Perturbation::jitterHeader));
		}
		if (!pointers.isEmpty()) {
			kinds.add(Gens.elements(pointers).map(Perturbation::jitterJson));
		}
		kinds.add(Gen.constant(Perturbation.reorderJsonFields()));
		kinds.add(Gen.constant(Perturbation.changeJsonWhitespace()));
		Gen<Perturbation> perturbation = Gens.oneOf(kinds);
		Gen<Rule> rule = Gen.combine(Basics.subsets(n, 1, n), Basics.lists(perturbation, 1, 3), Rule::new);
		return Basics.lists(rule, 1, 3).map(rules -> {
			PerturbationPlan plan = PerturbationPlan.none();
			for (Rule r : rules) {
				plan = plan.and(Replicas.of(r.replicas().stream().mapToInt(Integer::intValue).toArray()),
						r.perturbations().toArray(Perturbation[]::new));
			}
			return plan;
		});
	}

	/**
	 * What a faulty replica may do, simplest first (shrinking moves toward the first kinds): stay silent, fail to
	 * connect, reject, report another body, status or truncation, or answer too late.
	 */
	static Gen<Perturbation> faultyBehaviours() {
		Gen<RejectCode> codes = Gens.elements(List.of(RejectCode.SYS_FATAL, RejectCode.SYS_TRANSIENT, RejectCode.CANISTER_REJECT));
		return Gens.oneOf(List.of(
				Gen.constant(Perturbation.silent()),
				Gen.constant(Perturbation.connectionFailure()),
				Gen.combine(codes, Gens.ints(0, 9), (c, i) -> Perturbation.reject(c, "faulty replica says no #" + i)),
				Gens.bytes(0, 64).map(Perturbation::replaceBody),
				Gens.ints(100, 599).map(Perturbation::status),
				Gens.ints(0, 16).map(Perturbation::truncateBody),
				Gens.longs(0, 45_000).map(ms -> Perturbation.latency(Duration.ofMillis(ms)))));
	}

	static Gen<RequestShape> requestShapes() {
		Gen<String> path = Basics.lists(Gens.elements(List.of('a', 'b', 'c', 'x', '1', '2', '/', '-')), 0, 200).map(SubnetGens::text);
		Gen<HttpHeader> header = Gen.combine(Gens.ints(0, 999), Gens.ints(0, 40),
				(i, len) -> HttpHeader.of("x-h" + i, "v".repeat(len)));
		Gen<List<HttpHeader>> headers = Basics.lists(header, 0, Limits.MAX_HEADER_COUNT);
		Gen<Integer> body = Gens.oneOf(List.of(Gen.constant((Integer) null), Gens.ints(0, 4096)));
		Gen<String> transform = Gens.oneOf(List.of(Gen.constant((String) null), Gens.ints(0, 99).map(i -> "transform_" + i)));
		Gen<Long> maxResponse = Gens.oneOf(List.of(Gen.constant((Long) null), Gens.longs(0, 2_000_000)));
		Gen<Object[]> parts = Basics.tuple(List.of(path, headers, body, transform, Gens.ints(0, 64), maxResponse));
		Gen<RequestShape> random = parts.map(p -> new RequestShape((String) p[0], cast(p[1]), (Integer) p[2], (String) p[3],
				p[3] == null ? 0 : (Integer) p[4], (Long) p[5]));
		List<HttpHeader> sixtyFour = new ArrayList<>();
		for (int i = 0; i < Limits.MAX_HEADER_COUNT; i++) {
			sixtyFour.add(HttpHeader.of(String.format(Locale.ROOT, "x-h%02d", i), "v"));
		}
		return random.withEdgeCases(List.of(
				new RequestShape("", List.of(), null, null, 0, null),
				new RequestShape("", List.of(), 0, null, 0, null),
				new RequestShape("", sixtyFour, null, "transform", 0, 0L)));
	}

	@SuppressWarnings("unchecked")
	private static List<HttpHeader> cast(Object o) {
		return (List<HttpHeader>) o;
	}

	private static String text(List<Character> chars) {
		StringBuilder b = new StringBuilder(chars.size());
		for (char c : chars) {
			b.append(c);
		}
		return b.toString();
	}
}
