package io.github.subnetsim.assertions;

import java.util.Objects;

import io.github.subnetsim.perturb.PerturbationPlan;

/**
 * Hamcrest matchers on a canister's transform, checked by running it on a real simulated subnet.
 *
 * <pre>{@code
 * HttpResponse sample = HttpResponse.of(200, List.of(HttpHeader.of("x-request-id", "r-1")), "{\"price\":1.5,\"ts\":1700000000}");
 * assertThat(Transforms.compose(Transforms.dropAllHeaders(), Transforms.dropJson("/ts")),
 *         convergesUnder(PerturbationPlan.on(Replicas.all(), Perturbation.jitterHeader("x-request-id"), Perturbation.jitterJson("/ts")))
 *                 .serving(sample));
 * }</pre>
 */
public final class TransformMatchers {

	private TransformMatchers() {
	}

	/**
	 * The transform (a {@code Transform} or a {@code TransformFunction}) makes every replica sign the same response
	 * under these perturbations, and that response is what the unperturbed replicas agree on. Say what the replicas
	 * fetch with {@link ConvergenceMatcher#serving} or {@link ConvergenceMatcher#against}.
	 *
	 * @param perturbations what each replica sees differently, for example a jittered {@code date} header
	 * @return a matcher of a transform; say what to fetch before using it
	 */
	public static ConvergenceMatcher convergesUnder(PerturbationPlan perturbations) {
		return new ConvergenceMatcher(Objects.requireNonNull(perturbations, "perturbations (use PerturbationPlan.none())"));
	}
}
