package io.github.subnetsim.internal.explain;

import java.util.ServiceLoader;

import io.github.subnetsim.OutcallResult;

/**
 * Explains an outcall for the run report. Found with {@link ServiceLoader}: the assertions module registers one built
 * on its divergence report, so report.html, failure messages and the probe say the same thing; without it
 * {@link #byHash()} groups the replicas by share hash from the trace alone.
 */
public interface OutcallExplainer {

	/**
	 * The explanation of one outcall.
	 *
	 * @param result the outcall's result, with its trace
	 * @return what the report shows of it
	 */
	Explanation explain(OutcallResult result);

	/**
	 * The registered explainer, or {@link #byHash()} when none is on the class path or it cannot be loaded.
	 *
	 * @return the explainer to use
	 */
	static OutcallExplainer load() {
		try {
			for (OutcallExplainer e : ServiceLoader.load(OutcallExplainer.class, OutcallExplainer.class.getClassLoader())) {
				return e;
			}
		}
		catch (java.util.ServiceConfigurationError e) {
			// A broken provider must not cost the run its report: fall back to what the trace alone says.
		}
		return byHash();
	}

	/**
	 * Groups by share hash from the trace, without differences.
	 *
	 * @return the explainer
	 */
	static OutcallExplainer byHash() {
		return HashGroups::explain;
	}
}
