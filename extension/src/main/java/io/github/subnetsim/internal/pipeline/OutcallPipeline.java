package io.github.subnetsim.internal.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.subnetsim.Finding;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.cost.Cost;
import io.github.subnetsim.cost.PricingVersion;
import io.github.subnetsim.cost.Receipt;
import io.github.subnetsim.internal.charge.CyclesFormula;
import io.github.subnetsim.internal.charge.OutcallPricing;
import io.github.subnetsim.internal.charge.PaygBudget;
import io.github.subnetsim.internal.consensus.ConsensusDecision;
import io.github.subnetsim.internal.consensus.ConsensusRound;
import io.github.subnetsim.internal.consensus.Share;
import io.github.subnetsim.internal.fetch.Destination;
import io.github.subnetsim.internal.fetch.FetchOutcome;
import io.github.subnetsim.internal.fetch.ParsedUrl;
import io.github.subnetsim.internal.fetch.ReplicaClient;
import io.github.subnetsim.internal.fetch.ReplicaFetcher;
import io.github.subnetsim.internal.text.RejectTexts;
import io.github.subnetsim.internal.text.Rejection;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.trace.ConsensusTrace;
import io.github.subnetsim.trace.Decision;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.trace.ReplicaTrace;
import io.github.subnetsim.trace.Stage;
import io.github.subnetsim.trace.Trace;

/**
 * The path of one outcall, top to bottom: validate → charge → fan out → each replica fetches for real → perturb →
 * transform → consensus → deliver.
 */
public final class OutcallPipeline {

	private final SubnetConfig config;
	private final List<? extends ReplicaFetcher> replicas;
	private final ExecutorService executor;
	private final OutcallPricing pricing;
	private final TransformRunner transforms;
	private volatile ParsedUrlCache lastUrl;

	public OutcallPipeline(SubnetConfig config, List<? extends ReplicaFetcher> replicas, ExecutorService executor, TransformRunner transforms) {
		this.config = config;
		this.replicas = replicas;
		this.executor = executor;
		this.transforms = transforms;
		this.pricing = OutcallPricing.of(config.profile(), config.replicas(), !config.charged());
	}

	public OutcallPricing pricing() {
		return pricing;
	}

	public OutcallResult run(HttpRequestArgs args, PerturbationPlan extra, long requestId) {
		ReplicaProfile profile = config.profile();
		RejectTexts texts = RejectTexts.of(profile);
		Cost fee = pricing.upFront(args);

		// 1. validate (dfinity/ic rs/types/types/src/canister_http.rs generate_from_args; docs/limits-and-profiles.md), then 2. charge: a failure of either refunds everything.
		Optional<Rejection> invalid = Preparation.validateAndCharge(args, profile, Optional.empty(), fee.total());
		if (invalid.isPresent()) {
			Rejection why = invalid.get();
			return new OutcallResult.Reject(why.code(), why.message(), why.reason(), fee.nothingCharged(), args.cycles(),
					Preparation.notReached(config, args, args.replicated(), why, requestId));
		}

		// 3. fan out: the whole subnet, or one replica chosen by the seed.
		int n = config.replicas();
		List<Integer> committee = new ArrayList<>();
		if (args.replicated()) {
			for (int i = 0; i < n; i++) {
				committee.add(i);
			}
		}
		else {
			committee.add(ReplicaPlan.outcallChoices(config.seed(), requestId).nextInt(n));
		}
		Preparation prepared = Preparation.of(config, args, extra, requestId);
		List<ReplicaPlan> plans = prepared.plans();
		long maxResponseBytes = prepared.maxResponseBytes();

		// 4-7. every replica fetches for real, in parallel; then perturb, transform, sign. Under pay-as-you-go what is
		// attached beyond the base fee is withheld and split into the committee's allowances, which cap each node's
		// download, deadline and transform (dfinity/ic rs/https_outcalls/pricing/src/payg.rs and fees.rs; docs/cost.md; dfinity/ic rs/https_outcalls/pricing/src/payg.rs).
		boolean payg = fee.pricing() == PricingVersion.PAY_AS_YOU_GO && config.charged();
		PaygBudget.Shape shape = pricing.shape(args);
		long paygMax = OutcallPricing.maxResponseBytes(args);
		PaygBudget.Withholding held = payg ? pricing.withhold(shape, paygMax, args.cycles(), fee.total()) : null;
		ReplicaBudget.Terms terms = new ReplicaBudget.Terms(payg, payg ? held.allowance() : 0, payg ? paygMax : maxResponseBytes, n,
				!args.replicated(), profile, config.canisterId());
		List<ReplicaVote> votes = fetchAndVote(args, committee, plans, terms.downloadCap(maxResponseBytes), terms.nodeAllowance());
		ReplicaBudget.Settled budget = ReplicaBudget.apply(args, votes, terms);
		votes = budget.votes();

		// 8. consensus over the shares in virtual arrival order.
		List<Share> shares = new ArrayList<>();
		for (ReplicaVote v : votes) {
			if (!v.silent) {
				shares.add(new Share(v.replica, v.hash, v.arrivalMillis));
			}
		}
		ConsensusDecision decision = ConsensusRound.decide(committee.size(), shares, Limits.CONSENSUS_TIMEOUT.toMillis());

		// 9. deliver (under v2 only once the allowances can pay for it), settle the fee, refund the rest.
		HttpResponse delivered = null;
		RejectCode code;
		RejectReason reason;
		String message;
		long deliveredBytes = 0;
		int agreement = 0;
		Decision verdict;
		long decidedAt = decision.atMillis();
		int sharesSeen = decision.sharesSeen();
		if (decision instanceof ConsensusDecision.Agreed a) {
			ReplicaVote winner = byHash(votes, a.hash());
			// Everyone in the committee who signed the delivered hash, including shares after the decision.
			for (ReplicaVote v : votes) {
				agreement += a.hash().equals(v.hash) ? 1 : 0;
			}
			deliveredBytes = winner.contentBytes;
			code = winner.rejectCode;
			reason = winner.rejectReason;
			message = winner.rejectMessage;
			verdict = Decision.AGREED;
			delivered = winner.response;
			if (payg) {
				int threshold = args.replicated() ? Limits.threshold(committee.size()) : 1;
				PaygDelivery.Outcome funded = PaygDelivery.agreed(votes, budget, a.hash(), threshold, committee.size(), held.allowance(),
						CyclesFormula.v2ConsensusFee(n, deliveredBytes));
				if (funded instanceof PaygDelivery.Delivered d) {
					decidedAt = Math.max(decidedAt, d.atMillis());
					sharesSeen = Math.max(sharesSeen, d.sharesSeen());
				}
				else {
					delivered = null;
					code = RejectCode.SYS_TRANSIENT;
					if (funded instanceof PaygDelivery.OutOfCycles o) {
						code = RejectCode.CANISTER_REJECT;
						reason = RejectReason.OUT_OF_CYCLES;
						message = texts.outOfCycles(o.sharesSeen(), o.spent(), o.unspent(), o.minCost());
						verdict = Decision.OUT_OF_CYCLES;
						decidedAt = o.atMillis();
						sharesSeen = o.sharesSeen();
					}
					else {
						reason = RejectReason.CONSENSUS_TIMEOUT;
						message = texts.consensusTimeout();
						verdict = Decision.TIMED_OUT;
						decidedAt = Limits.CONSENSUS_TIMEOUT.toMillis();
						sharesSeen = ((PaygDelivery.TimedOut) funded).sharesSeen();
					}
				}
			}
		}
		else if (decision instanceof ConsensusDecision.Diverged d) {
			code = RejectCode.SYS_TRANSIENT;
			reason = RejectReason.NO_CONSENSUS;
			message = texts.noConsensus(requestId, d.renderedHashes());
			verdict = Decision.DIVERGED;
		}
		else {
			code = RejectCode.SYS_TRANSIENT;
			reason = RejectReason.CONSENSUS_TIMEOUT;
			message = texts.consensusTimeout();
			verdict = Decision.TIMED_OUT;
		}
		Cost charged = settle(args, fee, votes, budget, payg, held, verdict, deliveredBytes);
		long refund = args.cycles() - charged.total();
		Trace trace = new Trace(requestId, config.seed(), profile.name(), args.method().name(), args.url(), args.replicated(),
				Stage.CONSENSUS, traces(votes), consensusTrace(committee, verdict, shares, decidedAt, sharesSeen));
		List<Finding> findings = FanOutFindings.of(args, trace, config.idempotencyKeyHeader());
		if (delivered != null) {
			return new OutcallResult.Reply(delivered, agreement, charged, refund, trace, findings);
		}
		return new OutcallResult.Reject(code, message, reason, charged, refund, trace, findings);
	}

	/**
	 * The final charge (dfinity/ic {@code rs/https_outcalls/consensus/src/payload_builder.rs} {@code into_messages};
	 * {@code rs/https_outcalls/pricing/src/fees.rs} {@code non_flexible_initial_spent}). v1: the up-front fee. v2:
	 * base + the receipts of every member that reported (the proof's signers at delivery, the others as asynchronous
	 * receipts, {@code find_async_receipts}), each capped at its allowance, + consensus_fee(actual delivered size)
	 * when a result was delivered; no consensus fee on divergence or out of cycles; the base alone on a timeout.
	 */
	private Cost settle(HttpRequestArgs args, Cost fee, List<ReplicaVote> votes, ReplicaBudget.Settled budget, boolean payg,
			PaygBudget.Withholding held, Decision verdict, long deliveredBytes) {
		if (!payg) {
			return pricing.settle(args, List.of(), deliveredBytes);
		}
		if (verdict == Decision.TIMED_OUT) {
			return fee.settled(List.of(), 0, 0, held.withheld());
		}
		List<Receipt> receipts = budget.receiptsOf(votes);
		if (verdict == Decision.AGREED) {
			return fee.settled(receipts, CyclesFormula.v2ConsensusFee(config.replicas(), deliveredBytes), deliveredBytes, held.withheld());
		}
		return fee.settled(receipts, 0, 0, held.withheld());
	}

	/**
	 * Steps 4-7 for the given committee: each replica fetches for real, in parallel through its own client; then
	 * each perturbs what it got, runs the transform and signs. The URL is parsed and its host resolved once for the
	 * whole committee, and a host off loopback is refused before any connection unless the subnet allows it.
	 *
	 * @throws io.github.subnetsim.RemoteHostRefusedException for a host off loopback without the opt-in
	 */
	public List<ReplicaVote> fetchAndVote(HttpRequestArgs args, List<Integer> committee, List<ReplicaPlan> plans, long maxResponseBytes,
			long nodeAllowance) {
		RejectTexts texts = RejectTexts.of(config.profile());
		AdapterSettings adapter = config.adapter();
		ParsedUrl parsed = parse(args.url(), texts);
		Destination.Resolved resolved = null;
		boolean network = replicas.stream().anyMatch(ReplicaFetcher::usesNetwork);
		if (parsed instanceof Destination d && network && fetchesAtAll(committee, plans)) {
			resolved = d.resolve(adapter.resolver());
			if (!adapter.allowRemoteHosts()) {
				d.requireLoopback(resolved, committee.size());
			}
		}
		ShareHashes hashes = new ShareHashes();
		Map<Integer, Fetch> inFlight = new LinkedHashMap<>();
		for (int r : committee) {
			if (!plans.get(r).skipsFetch()) {
				ReplicaFetcher client = replicas.get(r);
				HttpRequestArgs sent = plans.get(r).requestAsSent(args); // a faulty replica may send another request
				Fetch fetch = new Fetch();
				if (parsed instanceof Destination.Refused refused) {
					fetch.done = client.refuse(refused, sent);
				}
				else {
					Destination d = (Destination) parsed;
					Destination.Resolved addresses = resolved;
					ReplicaPlan plan = plans.get(r);
					// Fetch, then perturb, transform and sign on the same worker: the replicas' transforms run in parallel.
					fetch.future = executor.submit(() -> {
						fetch.startedNanos = System.nanoTime();
						FetchOutcome outcome = client.fetch(sent, d, addresses, maxResponseBytes, texts);
						return ReplicaVote.of(plan, outcome, client.sourceAddress(), args, config.profile(), config.canisterId(), adapter, transforms,
								hashes, nodeAllowance);
					});
				}
				inFlight.put(r, fetch);
			}
		}
		Map<Integer, Object> fetched = collect(inFlight, texts);
		List<ReplicaVote> votes = new ArrayList<>();
		for (int r : committee) {
			Object f = fetched.get(r);
			votes.add(f instanceof ReplicaVote v ? v : ReplicaVote.of(plans.get(r), (FetchOutcome) f, replicas.get(r).sourceAddress(), args,
					config.profile(), config.canisterId(), adapter, transforms, hashes, nodeAllowance));
		}
		return votes;
	}

	/**
	 * The URL as the adapter reads it, parsed once for a run of outcalls to the same URL: a property test or a
	 * benchmark makes thousands, and parsing cost more than an in-memory replica's whole vote. The result depends
	 * only on the URL and this subnet's profile (its texts).
	 */
	private ParsedUrl parse(String url, RejectTexts texts) {
		ParsedUrlCache last = lastUrl;
		if (last != null && last.url().equals(url)) {
			return last.parsed();
		}
		ParsedUrl parsed = Destination.parse(url, texts);
		lastUrl = new ParsedUrlCache(url, parsed);
		return parsed;
	}

	/** The last URL parsed and how it read. */
	private record ParsedUrlCache(String url, ParsedUrl parsed) {
	}

	private static boolean fetchesAtAll(List<Integer> committee, List<ReplicaPlan> plans) {
		for (int r : committee) {
			if (!plans.get(r).skipsFetch()) {
				return true;
			}
		}
		return false;
	}

	/** One replica's fetch: done at once (a refused URL), or fetching and voting on the executor since {@code startedNanos}. */
	private static final class Fetch {
		FetchOutcome done;
		Future<ReplicaVote> future;
		volatile long startedNanos;
	}

	/**
	 * Waits for every fetch. Each client ends its own exchange at the request timeout, so this bound is only a safety
	 * net, and it runs per replica from when that replica's fetch started: with more replicas than worker threads some
	 * start late, and none may be cut off while its server is still within the adapter's time.
	 */
	private Map<Integer, Object> collect(Map<Integer, Fetch> inFlight, RejectTexts texts) {
		AdapterSettings adapter = config.adapter();
		long bound = adapter.requestTimeout().toNanos() + adapter.connectTimeout().toNanos() + adapter.transformTimeout().toNanos()
				+ TimeUnit.SECONDS.toNanos(5);
		Map<Integer, Object> out = new LinkedHashMap<>();
		for (Map.Entry<Integer, Fetch> e : inFlight.entrySet()) {
			int r = e.getKey();
			Fetch fetch = e.getValue();
			if (fetch.done != null) {
				out.put(r, fetch.done);
				continue;
			}
			out.put(r, await(r, fetch, bound, texts));
		}
		return out;
	}

	/** The replica's vote, or the adapter's timeout when the safety net fired (voted on by the caller). */
	private Object await(int r, Fetch fetch, long bound, RejectTexts texts) {
		while (true) {
			try {
				long started = fetch.startedNanos;
				if (started == 0) {
					// Not started yet: queued behind other replicas on the worker threads.
					return fetch.future.get(bound, TimeUnit.NANOSECONDS);
				}
				long left = started + bound - System.nanoTime();
				return fetch.future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				long started = fetch.startedNanos;
				if (started != 0 && System.nanoTime() - (started + bound) >= 0) {
					fetch.future.cancel(true);
					return new FetchOutcome.Failed(RejectReason.TIMEOUT, RejectCode.SYS_FATAL, texts.adapterTimeout(), List.of(),
							replicas.get(r).sourceAddress(), 0, (System.nanoTime() - started) / 1_000_000,
							ReplicaClient.timeoutNotes(config.adapter().requestTimeout()));
				}
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof Error e) {
					throw e; // for example an assertion inside a transform: the test sees it as it was
				}
				if (ex.getCause() instanceof RuntimeException e) {
					throw e;
				}
				throw new IllegalStateException("replica " + r + " failed unexpectedly: " + ex.getCause(), ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while replicas were fetching", ex);
			}
		}
	}

	private static ReplicaVote byHash(List<ReplicaVote> votes, String hash) {
		for (ReplicaVote v : votes) {
			if (hash.equals(v.hash)) {
				return v;
			}
		}
		throw new IllegalStateException("no vote with the agreed hash " + hash);
	}

	private static List<ReplicaTrace> traces(List<ReplicaVote> votes) {
		List<ReplicaTrace> out = new ArrayList<>(votes.size());
		for (ReplicaVote v : votes) {
			out.add(v.trace);
		}
		return out;
	}

	/** The committee, f, the threshold, and the groups among the shares the block maker had seen when it decided. */
	private static ConsensusTrace consensusTrace(List<Integer> committee, Decision verdict, List<Share> shares, long decidedAt, int sharesSeen) {
		List<Share> seen = new ArrayList<>(shares);
		seen.sort(ConsensusRound.ARRIVAL_ORDER);
		seen = seen.subList(0, Math.min(sharesSeen, seen.size()));
		int f = Limits.faultsTolerated(committee.size());
		return new ConsensusTrace(committee, f, committee.size() - f, ConsensusRound.groupsInMessageOrder(seen), verdict, decidedAt, sharesSeen);
	}
}
