package io.github.subnetsim.internal.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.SplittableRandom;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.internal.perturb.PerturbationEffects;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.PerturbationRule;

/**
 * What the seed decided for one replica of one outcall: its baseline round trip (virtual), its perturbations in
 * order, and its own generator for the random ones.
 */
public final class ReplicaPlan {

	/** Virtual round trip before latency perturbations: 20 to 219 ms, drawn from the seed. */
	static final int BASE_LATENCY_MIN_MS = 20;
	static final int BASE_LATENCY_SPREAD_MS = 200;

	final int replica;
	final long baseLatencyMillis;
	final List<Perturbation> perturbations = new ArrayList<>();
	final SplittableRandom rng;

	private ReplicaPlan(int replica, long baseLatencyMillis, SplittableRandom rng) {
		this.replica = replica;
		this.baseLatencyMillis = baseLatencyMillis;
		this.rng = rng;
	}

	/** Plans for every replica of a subnet of n, for outcall {@code requestId}. */
	static List<ReplicaPlan> forOutcall(long seed, long requestId, int n, PerturbationPlan plan) {
		SplittableRandom outcall = new SplittableRandom(mix(seed, requestId));
		List<ReplicaPlan> plans = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			SplittableRandom own = outcall.split();
			plans.add(new ReplicaPlan(i, BASE_LATENCY_MIN_MS + own.nextInt(BASE_LATENCY_SPREAD_MS), own));
		}
		for (PerturbationRule rule : plan.rules()) {
			SortedSet<Integer> chosen = rule.selector().select(n, outcall.split());
			for (int r : chosen) {
				plans.get(r).perturbations.addAll(rule.perturbations());
			}
		}
		return plans;
	}

	/** A generator for choices that are not per replica (the non-replicated replica). */
	static SplittableRandom outcallChoices(long seed, long requestId) {
		return new SplittableRandom(mix(seed, requestId) ^ 0x5DEECE66DL);
	}

	long addedLatencyMillis() {
		long total = 0;
		for (Perturbation p : perturbations) {
			if (p instanceof Perturbation.Latency l) {
				total = saturatedAdd(total, l.delay().toMillis());
			}
		}
		return total;
	}

	boolean has(Class<? extends Perturbation> kind) {
		for (Perturbation p : perturbations) {
			if (kind.isInstance(p)) {
				return true;
			}
		}
		return false;
	}

	<T extends Perturbation> T first(Class<T> kind) {
		for (Perturbation p : perturbations) {
			if (kind.isInstance(p)) {
				return kind.cast(p);
			}
		}
		return null;
	}

	/** Whether the replica never makes the request (it fails or votes before connecting). */
	boolean skipsFetch() {
		return has(Perturbation.Silent.class) || has(Perturbation.Reject.class) || has(Perturbation.ConnectionFailure.class);
	}

	/** The request this replica sends: the canister's, unless a request-side perturbation (a faulty replica) edits it. */
	HttpRequestArgs requestAsSent(HttpRequestArgs args) {
		HttpRequestArgs sent = args;
		for (Perturbation p : perturbations) {
			if (p.editsRequest()) {
				sent = PerturbationEffects.applyToRequest(p, sent);
			}
		}
		return sent;
	}

	static String describe(Perturbation p) {
		if (p instanceof Perturbation.Latency l) {
			return "latency +" + Duration.ofMillis(l.delay().toMillis()).toMillis() + " ms";
		}
		if (p instanceof Perturbation.ConnectionFailure) {
			return "connectionFailure";
		}
		if (p instanceof Perturbation.Reject r) {
			return "reject " + r.code().displayName() + ": " + r.message();
		}
		if (p instanceof Perturbation.Silent) {
			return "silent";
		}
		if (p instanceof Perturbation.SetRequestHeader h) {
			return "setRequestHeader " + h.name().toLowerCase(java.util.Locale.ROOT) + ": " + h.value();
		}
		if (p instanceof Perturbation.ReplaceRequestBody b) {
			return "replaceRequestBody " + b.body().length + " bytes";
		}
		return p.toString();
	}

	private static long saturatedAdd(long a, long b) {
		long r = a + b;
		return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
	}

	/** SplitMix64 finaliser over (seed, id): nearby seeds and ids give unrelated streams. */
	static long mix(long seed, long id) {
		long z = seed * 0x9E3779B97F4A7C15L + id + 0x632BE59BD9B4E019L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
