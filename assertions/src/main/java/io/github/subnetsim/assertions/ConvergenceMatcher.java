package io.github.subnetsim.assertions;

import java.util.Objects;

import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.opentest4j.AssertionFailedError;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.TransformFunction;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.PerturbationRule;
import io.github.subnetsim.server.MockServers;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Checks that a transform converges: two real outcalls through a simulated subnet, one unperturbed and one with the
 * perturbations, and every replica of the second signs the response the first agreed on. Immutable: each setter
 * returns a new matcher.
 *
 * <pre>{@code
 * assertThat(transform, convergesUnder(plan).serving(sampleResponse));            // its own TLS server, 13 replicas
 * assertThat(transform, convergesUnder(plan).against(server.url("/price").toString()).on(subnet));
 * }</pre>
 *
 * <p>With {@link #serving} the matcher starts its own TLS MockWebServer for the check and stops it after. With
 * {@link #on} the given subnet is used and left open; otherwise one of {@link #replicas} replicas with {@link #seed}
 * is built and closed. The attached cycles are exactly the fee.
 */
public final class ConvergenceMatcher extends BaseMatcher<Object> implements FailureSource {

	private final PerturbationPlan plan;
	private final HttpResponse sample;
	private final String url;
	private final Subnet subnet;
	private final int replicas;
	private final long seed;
	private Verdict last; // matches() then describeMismatch(): the second must not run the outcalls again

	ConvergenceMatcher(PerturbationPlan plan) {
		this(plan, null, null, null, 13, 0);
	}

	private ConvergenceMatcher(PerturbationPlan plan, HttpResponse sample, String url, Subnet subnet, int replicas, long seed) {
		this.plan = plan;
		this.sample = sample;
		this.url = url;
		this.subnet = subnet;
		this.replicas = replicas;
		this.seed = seed;
	}

	/** Every replica fetches this response from a TLS server the matcher starts (header names are lowercased on the way). */
	public ConvergenceMatcher serving(HttpResponse response) {
		return new ConvergenceMatcher(plan, Objects.requireNonNull(response, "response"), null, subnet, replicas, seed);
	}

	/** Every replica fetches this URL (a server the subnet trusts, such as one from {@code MockServers.startTls()}). */
	public ConvergenceMatcher against(String httpsUrl) {
		return new ConvergenceMatcher(plan, null, Objects.requireNonNull(httpsUrl, "url"), subnet, replicas, seed);
	}

	/** Runs on this subnet, which stays open (its own perturbations apply too). */
	public ConvergenceMatcher on(Subnet value) {
		return new ConvergenceMatcher(plan, sample, url, Objects.requireNonNull(value, "subnet"), replicas, seed);
	}

	/** Builds a subnet of n replicas for the check (default 13); ignored with {@link #on}. */
	public ConvergenceMatcher replicas(int n) {
		if (n < 1) {
			throw new IllegalArgumentException("a subnet has at least 1 replica, got " + n);
		}
		return new ConvergenceMatcher(plan, sample, url, subnet, n, seed);
	}

	/** The seed of the subnet built for the check (default 0); ignored with {@link #on}. */
	public ConvergenceMatcher seed(long value) {
		return new ConvergenceMatcher(plan, sample, url, subnet, replicas, value);
	}

	@Override
	public void describeTo(Description description) {
		description.appendText("a transform that converges under ").appendText(planText());
	}

	@Override
	public boolean matches(Object actual) {
		last = run(actual);
		return last.mismatch == null;
	}

	@Override
	public void describeMismatch(Object actual, Description description) {
		Verdict v = verdict(actual);
		description.appendText(v.mismatch.but()).appendText(":\n").appendText(Text.indent(v.mismatch.details(), 2));
		if (v.report != null) {
			description.appendText("\n").appendText(v.report.render());
		}
	}

	@Override
	public AssertionFailedError failure(Object actual) {
		Verdict v = verdict(actual);
		String message = "Expecting transform " + actual + " to converge under " + planText() + ", but " + v.mismatch.but() + ":\n"
				+ Text.indent(v.mismatch.details(), 2) + (v.report == null ? "" : "\n" + v.report.render());
		return v.mismatch.compares() ? new AssertionFailedError(message, v.mismatch.expected(), v.mismatch.actual())
				: new AssertionFailedError(message);
	}

	private Verdict verdict(Object actual) {
		Verdict v = last != null && last.subject == actual ? last : run(actual);
		if (v.mismatch == null) {
			throw new IllegalStateException("the transform converges; there is no mismatch to describe");
		}
		return v;
	}

	private String planText() {
		if (plan.isEmpty()) {
			return "no perturbation";
		}
		StringBuilder s = new StringBuilder();
		for (PerturbationRule r : plan.rules()) {
			s.append(s.length() == 0 ? "" : "; ").append(r);
		}
		return s.toString();
	}

	/** One run: what was checked, and the mismatch (null when it converged). */
	private record Verdict(Object subject, Mismatch mismatch, DivergenceReport report) {
	}

	private Verdict run(Object actual) {
		Transform transform;
		if (actual instanceof Transform t) {
			transform = t;
		}
		else if (actual instanceof TransformFunction f) {
			transform = Transform.of("transform", f);
		}
		else {
			return new Verdict(actual, Mismatch.of("it is not a Transform or a TransformFunction", String.valueOf(actual)), null);
		}
		if (sample == null && url == null) {
			throw new IllegalStateException("say what the replicas fetch: convergesUnder(plan).serving(response) or .against(url)");
		}
		MockWebServer server = sample == null ? null : serve(sample);
		Subnet s = subnet != null ? subnet : Subnet.builder().replicas(replicas).seed(seed).build();
		try {
			String target = server == null ? url : server.url("/").toString();
			HttpRequestArgs unpaid = HttpRequestArgs.get(target).transform(transform).build();
			HttpRequestArgs args = unpaid.toBuilder().cycles(s.cost(unpaid).total()).build();
			return judge(actual, s.httpRequest(args), s.httpRequest(args, plan));
		}
		finally {
			if (subnet == null) {
				s.close();
			}
			if (server != null) {
				server.close();
			}
		}
	}

	private static Verdict judge(Object actual, OutcallResult unperturbed, OutcallResult perturbed) {
		DivergenceReport before = DivergenceReport.of(unperturbed);
		if (!(unperturbed instanceof OutcallResult.Reply baseline) || before.diverged()) {
			return new Verdict(actual, Mismatch.of("even without perturbations " + OutcallMatcher.happened(unperturbed)
					+ (before.diverged() ? " and the replicas differed" : ""), OutcallMatcher.summary(unperturbed)), before);
		}
		DivergenceReport after = DivergenceReport.of(perturbed);
		if (after.diverged()) {
			return new Verdict(actual, Mismatch.of(Text.replicas(after.differingReplicas().size()) + " signed another transformed response ("
					+ OutcallMatcher.happened(perturbed) + ")", OutcallMatcher.summary(perturbed)), after);
		}
		if (!(perturbed instanceof OutcallResult.Reply reply)) {
			return new Verdict(actual, Mismatch.of(OutcallMatcher.happened(perturbed), OutcallMatcher.summary(perturbed)), after);
		}
		if (!reply.response().equals(baseline.response())) {
			String expected = ResponseMatcher.summary(baseline.response());
			String got = ResponseMatcher.summary(reply.response());
			return new Verdict(actual, Mismatch.comparing("every replica agreed on another response than without perturbations",
					"without perturbations:\n" + Text.indent(expected, 2) + "\nwith them:\n" + Text.indent(got, 2), expected, got), after);
		}
		return new Verdict(actual, null, after);
	}

	private static MockWebServer serve(HttpResponse response) {
		MockResponse.Builder b = new MockResponse.Builder().code(response.status());
		for (HttpHeader h : response.headers()) {
			b.addHeader(h.name(), h.value());
		}
		MockResponse mock = b.body(new okio.Buffer().write(response.body())).build();
		MockWebServer server = MockServers.startTls();
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return mock;
			}
		});
		return server;
	}
}
