package io.github.subnetsim.assertions;

import java.util.Objects;

import org.hamcrest.Description;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

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
public final class ConvergenceMatcher extends SubnetMatcher<Object> {

	private final PerturbationPlan plan;
	private final HttpResponse sample;
	private final String url;
	private final Subnet subnet;
	private final int replicas;
	private final long seed;
	private Verdict last;

	ConvergenceMatcher(PerturbationPlan plan) {
		this(plan, null, null, null, 13, 0);
	}

	private ConvergenceMatcher(PerturbationPlan plan, HttpResponse sample, String url, Subnet subnet, int replicas, long seed) {
		super(Object.class);
		this.plan = plan;
		this.sample = sample;
		this.url = url;
		this.subnet = subnet;
		this.replicas = replicas;
		this.seed = seed;
	}

	/**
	 * Every replica fetches this response from a TLS server the matcher starts (header names are lowercased on the way).
	 *
	 * @param response the response the server sends every replica, before perturbation
	 * @return a copy of this matcher
	 */
	public ConvergenceMatcher serving(HttpResponse response) {
		return new ConvergenceMatcher(plan, Objects.requireNonNull(response, "response"), null, subnet, replicas, seed);
	}

	/**
	 * Every replica fetches this URL (a server the subnet trusts, such as one from {@code MockServers.startTls()}).
	 *
	 * @param httpsUrl the URL every replica fetches
	 * @return a copy of this matcher
	 */
	public ConvergenceMatcher against(String httpsUrl) {
		return new ConvergenceMatcher(plan, null, Objects.requireNonNull(httpsUrl, "url"), subnet, replicas, seed);
	}

	/**
	 * Runs on this subnet, which stays open (its own perturbations apply too).
	 *
	 * @param value the subnet to run the outcalls on
	 * @return a copy of this matcher
	 */
	public ConvergenceMatcher on(Subnet value) {
		return new ConvergenceMatcher(plan, sample, url, Objects.requireNonNull(value, "subnet"), replicas, seed);
	}

	/**
	 * Builds a subnet of n replicas for the check (default 13); ignored with {@link #on}.
	 *
	 * @param n the subnet size, at least 1
	 * @return a copy of this matcher
	 * @throws IllegalArgumentException if {@code n} is less than 1
	 */
	public ConvergenceMatcher replicas(int n) {
		if (n < 1) {
			throw new IllegalArgumentException("a subnet has at least 1 replica, got " + n);
		}
		return new ConvergenceMatcher(plan, sample, url, subnet, n, seed);
	}

	/**
	 * The seed of the subnet built for the check (default 0); ignored with {@link #on}.
	 *
	 * @param value the seed
	 * @return a copy of this matcher
	 */
	public ConvergenceMatcher seed(long value) {
		return new ConvergenceMatcher(plan, sample, url, subnet, replicas, value);
	}

	@Override
	public void describeTo(Description description) {
		description.appendText("a transform that converges under ").appendText(planText());
	}

	@Override
	protected Failure explain(Object actual) {
		// Hamcrest asks twice, matches() then describeMismatch(): the second must not run the outcalls again.
		Verdict v = last != null && last.subject == actual ? last : run(actual);
		last = v;
		return v.failure;
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

	/** One run: what was checked, and why it did not converge (null when it did). */
	private record Verdict(Object subject, Failure failure) {
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
			return new Verdict(actual, Failure.of("Expected a Transform or a TransformFunction, got " + (actual == null ? "null" : "a "
					+ actual.getClass().getSimpleName()) + ".", "a Transform or a TransformFunction", String.valueOf(actual)));
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
			return new Verdict(actual, judge(actual, s.httpRequest(args), s.httpRequest(args, plan)));
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

	private Failure judge(Object transform, OutcallResult unperturbed, OutcallResult perturbed) {
		int n = unperturbed.trace().consensus().committee().size();
		String expected = "all " + n + " sign the unperturbed response";
		DivergenceReport before = DivergenceReport.of(unperturbed);
		if (!(unperturbed instanceof OutcallResult.Reply) || before.diverged()) {
			String answer = "Even without perturbations the replicas did not all agree: " + OutcallMatcher.lowered(OutcallMatcher.answer(unperturbed));
			return OutcallMatcher.withReport(Failure.of(answer, expected, "without perturbations: " + OutcallMatcher.actual(unperturbed))
					.details(OutcallMatcher.summary(unperturbed)), unperturbed);
		}
		String subject = transform + " does not converge under " + planText() + ": ";
		DivergenceReport after = DivergenceReport.of(perturbed);
		if (after.diverged()) {
			int differing = after.differingReplicas().size();
			String fix = ReportText.fixInOneLine(after, " No Transforms helper removes what varied: see below.");
			return OutcallMatcher.withReport(Failure.of(subject + Text.replicas(differing) + " signed another transformed response, which varies in "
					+ ReportText.fieldNames(after) + "." + fix, expected, differing + " of " + n + " signed another response")
					.details(OutcallMatcher.summary(perturbed)), perturbed);
		}
		if (!(perturbed instanceof OutcallResult.Reply reply)) {
			return OutcallMatcher.withReport(Failure.of(subject + OutcallMatcher.lowered(OutcallMatcher.answer(perturbed)), expected,
					OutcallMatcher.actual(perturbed)).details(OutcallMatcher.summary(perturbed)), perturbed);
		}
		HttpResponse baseline = ((OutcallResult.Reply) unperturbed).response();
		if (!reply.response().equals(baseline)) {
			String want = ResponseMatcher.summary(baseline);
			String got = ResponseMatcher.summary(reply.response());
			return OutcallMatcher.withReport(Failure.of(subject + "every replica agreed on another response than without perturbations.", want, got)
					.details("without perturbations:\n" + Text.indent(want, 2) + "\nwith them:\n" + Text.indent(got, 2)), perturbed);
		}
		return null;
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
