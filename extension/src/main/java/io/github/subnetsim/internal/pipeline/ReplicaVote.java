package io.github.subnetsim.internal.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.MeteredTransformFunction;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.Transform;
import io.github.subnetsim.TransformExecution;
import io.github.subnetsim.TransformRejectedException;
import io.github.subnetsim.internal.charge.CandidEncoding;
import io.github.subnetsim.internal.fetch.AdapterErrors;
import io.github.subnetsim.internal.fetch.Destination;
import io.github.subnetsim.internal.fetch.FetchOutcome;
import io.github.subnetsim.internal.fetch.ParsedUrl;
import io.github.subnetsim.internal.perturb.PerturbationEffects;
import io.github.subnetsim.internal.text.RejectTexts;
import io.github.subnetsim.internal.text.Rejection;
import io.github.subnetsim.internal.validate.RequestValidator;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.profile.Limits;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.trace.RejectReason;
import io.github.subnetsim.trace.ReplicaTrace;

/**
 * One replica's path from what it fetched to the share it signs: perturb → validate the response → transform →
 * check the transformed size → hash. A reject at any step is the replica's vote too; rejects go through consensus.
 */
public final class ReplicaVote {

	/** dfinity/ic {@code rs/config/src/subnet_config.rs} {@code MAX_INSTRUCTIONS_PER_QUERY_MESSAGE}: the v1 transform limit. */
	static final long TRANSFORM_INSTRUCTION_LIMIT = 5_000_000_000L;

	final int replica;
	final boolean silent;
	final long arrivalMillis;
	final HttpResponse response;   // null when the replica votes a reject or is silent
	final RejectReason rejectReason; // null when the replica votes a response
	final RejectCode rejectCode;   // null when the replica votes a response
	final String rejectMessage;
	final String hash;             // null when silent
	final long contentBytes;       // Candid bytes of the response, or bytes of the reject message
	final long downloadedBytes;
	final boolean performed;       // the request reached the network
	final boolean transformed;     // the transform ran
	final Long instructions;       // measured by a metered (Wasm) transform; null for a Java one
	final ReplicaTrace trace;
	private final ReplicaPlan plan;
	private final FetchOutcome fetchedOutcome;
	private final ShareHashes hashes;

	private ReplicaVote(Builder b) {
		this.plan = b.plan;
		this.hashes = b.hashes;
		this.fetchedOutcome = b.fetched;
		this.replica = b.plan.replica;
		this.silent = b.silent;
		this.arrivalMillis = b.arrival;
		this.response = b.response;
		this.rejectReason = b.reason;
		this.rejectCode = b.code;
		this.rejectMessage = b.message;
		this.downloadedBytes = b.fetched == null ? 0 : b.fetched.downloadedBytes();
		this.performed = b.fetched != null;
		this.transformed = b.transformRan;
		this.instructions = b.instructions;
		if (silent) {
			this.hash = null;
			this.contentBytes = 0;
		}
		else if (b.rawReply != null) {
			// A metered transform's reply bytes are hashed and measured as they are (docs/wasm-transforms.md).
			this.hash = b.hashes.reply(b.rawOwner, b.rawReply);
			this.contentBytes = b.rawReply.length;
		}
		else if (response != null) {
			this.hash = b.hashes.response(response);
			this.contentBytes = CandidEncoding.encodedLength(response);
		}
		else {
			this.hash = hashReject(rejectCode, rejectMessage);
			this.contentBytes = rejectMessage.getBytes(StandardCharsets.UTF_8).length;
		}
		FetchOutcome f = b.fetched;
		HttpResponse raw = f instanceof FetchOutcome.Fetched ok ? ok.response() : null;
		String outcome = silent ? "silent" : response != null ? "response" : "reject " + rejectCode.code() + ": " + rejectMessage;
		this.trace = new ReplicaTrace(replica, f == null ? b.source : f.source(), f == null ? List.of() : f.sentHeaders(),
				raw == null ? null : raw.status(), raw == null ? List.of() : raw.headers(), raw == null ? 0 : raw.bodyLength(),
				raw == null ? null : b.hashes.body(raw), b.notes, outcome, b.reason, hash, b.transformedBytes, arrivalMillis,
				f == null ? null : f.realMillis(), f == null ? null : f.realMillis() + b.plan.addedLatencyMillis(), b.loweredTimeoutMillis, response,
				instructions, f == null ? null : f.path().path(), f == null ? null : f.path().proxy(), f == null ? List.of() : f.path().fallbacks());
	}

	/**
	 * Works out the vote of one replica. {@code fetched} is null when the replica never made the request; transforms
	 * run through {@code transforms} under the bounds of {@code adapter}; {@code hashes} is shared by the outcall's
	 * replicas, so equal inputs are hashed once. Under pay-as-you-go {@code nodeAllowance} is each node's allowance (else
	 * -1): a metered transform runs under the node's limit, min(5·10⁹, remaining·13 + 12).
	 */
	public static ReplicaVote of(ReplicaPlan plan, FetchOutcome fetched, String source, HttpRequestArgs args, ReplicaProfile profile,
			String canisterId, AdapterSettings adapter, TransformRunner transforms, ShareHashes hashes, long nodeAllowance) {
		Builder b = new Builder(plan, fetched, source, hashes);
		RejectTexts texts = RejectTexts.of(profile);
		for (Perturbation p : plan.perturbations) {
			if (!p.editsResponse()) {
				b.notes.add(ReplicaPlan.describe(p));
			}
		}
		long arrival = plan.baseLatencyMillis + plan.addedLatencyMillis();
		if (plan.has(Perturbation.Silent.class)) {
			b.silent = true;
			b.arrival = Long.MAX_VALUE;
			return new ReplicaVote(b);
		}
		b.arrival = Math.min(arrival, Limits.ADAPTER_TIMEOUT.toMillis());
		Perturbation.Reject forced = plan.first(Perturbation.Reject.class);
		if (forced != null) {
			return b.reject(RejectReason.SIMULATED, forced.code(), forced.message());
		}
		if (plan.has(Perturbation.ConnectionFailure.class)) {
			// A simulated refusal reads like a real one: the host as the adapter's Uri::host() gives it, without the port. A
			// URL the adapter refuses before connecting keeps that reject, as on the replicas that do fetch.
			ParsedUrl url = Destination.parse(args.url(), texts);
			if (url instanceof Destination to) {
				return b.reject(RejectReason.CONNECT_FAILED, RejectCode.SYS_TRANSIENT, texts.connectFailed(to.host(), AdapterErrors.refused(), AdapterErrors.SEED_REFUSED,
						adapter.network() == io.github.subnetsim.ReplicaNetwork.IPV6_THEN_SOCKS ? AdapterErrors.socksRefused() : null));
			}
			Destination.Refused refused = (Destination.Refused) url;
			return b.reject(refused.reason(), RejectCode.SYS_FATAL, refused.message());
		}
		if (arrival > Limits.ADAPTER_TIMEOUT.toMillis()) {
			// The request went out, but the answer came after the adapter's 30 s: its timeout wins.
			return b.reject(RejectReason.TIMEOUT, RejectCode.SYS_FATAL, texts.adapterTimeout());
		}
		if (fetched != null) {
			b.notes.addAll(fetched.notes());
		}
		if (fetched instanceof FetchOutcome.Fetched && fetched.realMillis() + plan.addedLatencyMillis() > Limits.ADAPTER_TIMEOUT.toMillis()) {
			// Virtual latency adds to the real time the server took: together past the adapter's 30 s, its timeout wins.
			return b.reject(RejectReason.TIMEOUT, RejectCode.SYS_FATAL, texts.adapterTimeout());
		}
		if (fetched instanceof FetchOutcome.Failed failed) {
			if (failed.reason() == RejectReason.TIMEOUT && adapter.requestTimeout().compareTo(Limits.ADAPTER_TIMEOUT) < 0) {
				b.loweredTimeoutMillis = adapter.requestTimeout().toMillis();
			}
			return b.reject(failed.reason(), failed.code(), failed.message());
		}
		HttpResponse r = ((FetchOutcome.Fetched) fetched).response();
		for (Perturbation p : plan.perturbations) {
			if (p.editsResponse()) {
				PerturbationEffects.Applied applied = PerturbationEffects.apply(p, r, plan.rng);
				r = applied.response();
				b.notes.add(applied.note());
			}
		}
		Optional<Rejection> invalid = RequestValidator.responseViolation(r, profile);
		if (invalid.isPresent()) {
			return b.reject(invalid.get());
		}
		Transform t = args.transform();
		if (t != null && t.function() instanceof MeteredTransformFunction metered) {
			b.transformRan = true;
			// under pay-as-you-go the node's own limit, as ReplicaBudget works it out (and checks the count again)
			long limit = nodeAllowance < 0 ? MeteredTransformFunction.DEFAULT_INSTRUCTION_LIMIT
					: ReplicaBudget.transformInstructionLimit(nodeAllowance, fetched.downloadedBytes(), Math.min(b.arrival, Limits.ADAPTER_TIMEOUT.toMillis()));
			return b.executed(metered.execute(r, t.context(), canisterId, limit), profile.transformedLimit(args.maxResponseBytes()), texts);
		}
		if (t != null) {
			b.transformRan = true;
			HttpResponse out;
			TransformRunner.Outcome ran = transforms.run(t, r, adapter.transformTimeout(), adapter.transformAllocationBytes());
			if (ran instanceof TransformRunner.Exceeded exceeded) {
				// dfinity/ic rs/https_outcalls/client/src/client.rs: the query's UserError (IC0522) with its code, 5.
				b.notes.add(exceeded.why() + " (standing in for the instruction limit)");
				return b.reject(RejectReason.INSTRUCTION_LIMIT, RejectCode.CANISTER_ERROR,
						texts.transformInstructionLimit(canisterId, TRANSFORM_INSTRUCTION_LIMIT));
			}
			if (ran instanceof TransformRunner.Threw threw) {
				Throwable e = threw.thrown();
				if (e instanceof TransformRejectedException) {
					return b.reject(RejectReason.TRANSFORM_REJECTED, RejectCode.CANISTER_REJECT, String.valueOf(e.getMessage()));
				}
				if (e instanceof RuntimeException || e instanceof StackOverflowError || e instanceof OutOfMemoryError) {
					// A trap in the transform query: the replica reports the UserError text, with its ICxxxx prefix.
					return b.reject(RejectReason.TRANSFORM_TRAPPED, RejectCode.CANISTER_ERROR, "IC0503: Error from Canister " + canisterId
							+ ": Canister called `ic0.trap` with message: " + e);
				}
				if (e instanceof Error err) {
					throw err;
				}
				throw new IllegalStateException("transform '" + t.name() + "' failed", e);
			}
			out = ((TransformRunner.Returned) ran).response();
			if (out == null) {
				return b.reject(RejectReason.TRANSFORM_TRAPPED, RejectCode.CANISTER_ERROR, "IC0503: Error from Canister " + canisterId
						+ ": Canister trapped: transform '" + t.name() + "' returned null (return a response, or throw TransformRejectedException to reject)");
			}
			r = out;
		}
		if (t != null || profile.checksUntransformedResponse() || profile.measuresTransformedAsCandid()) {
			// The trace shows the encoded size even without a transform; only the seed profile then checks it.
			long size = profile.measuresTransformedAsCandid() ? CandidEncoding.encodedLength(r) : r.byteSize();
			long limit = profile.transformedLimit(args.maxResponseBytes());
			b.transformedBytes = size;
			if ((t != null || profile.checksUntransformedResponse()) && size > limit) {
				return b.reject(RejectReason.TRANSFORMED_TOO_LARGE, RejectCode.SYS_FATAL, texts.transformedTooLarge(limit));
			}
		}
		b.response = r;
		return new ReplicaVote(b);
	}

	/** What the replica used, for pay-as-you-go: bytes downloaded, virtual round trip (≤ 30 s), declared instructions. */
	public io.github.subnetsim.internal.charge.OutcallPricing.ReplicaUsage usage(HttpRequestArgs args) {
		return new io.github.subnetsim.internal.charge.OutcallPricing.ReplicaUsage(downloadedBytes, Math.min(arrivalMillis, Limits.ADAPTER_TIMEOUT.toMillis()),
				!transformed ? 0 : instructions != null ? instructions : args.transform().instructions());
	}

	/** The same replica voting a reject instead (pay-as-you-go: it ran out of its budget). */
	public ReplicaVote withReject(Rejection rejection) {
		Builder b = new Builder(plan, fetchedOutcome, trace.source(), hashes);
		b.notes.addAll(trace.perturbations());
		b.arrival = arrivalMillis;
		b.transformedBytes = trace.transformedBytes();
		b.transformRan = transformed;
		b.instructions = instructions;
		b.loweredTimeoutMillis = trace.loweredTimeoutMillis();
		return b.reject(rejection);
	}

	/** Share hash of a response: SHA-256 over a tag byte and the response's Candid bytes. */
	public static String hashResponse(HttpResponse r) {
		return ShareHashes.hashResponse(r);
	}

	/** Share hash of raw reply bytes: SHA-256 over the tag byte of {@link #hashResponse} and the bytes. */
	public static String hashRaw(byte[] reply) {
		MessageDigest d = ShareHashes.sha256();
		d.update((byte) 0);
		d.update(reply);
		return ShareHashes.hex(d.digest());
	}

	/** Share hash of a reject: SHA-256 over a tag byte, the code and the message. */
	public static String hashReject(RejectCode code, String message) {
		MessageDigest d = ShareHashes.sha256();
		d.update((byte) 1);
		d.update((byte) code.code());
		d.update(message.getBytes(StandardCharsets.UTF_8));
		return ShareHashes.hex(d.digest());
	}

	/** SHA-256 of the bytes left in a buffer, in lowercase hex. */
	public static String sha256Hex(java.nio.ByteBuffer bytes) {
		return ShareHashes.sha256Hex(bytes);
	}

	private static final class Builder {
		final ReplicaPlan plan;
		final FetchOutcome fetched;
		final String source;
		final ShareHashes hashes;
		final List<String> notes = new ArrayList<>();
		boolean silent;
		long arrival;
		HttpResponse response;
		RejectReason reason;
		RejectCode code;
		String message;
		Long transformedBytes;
		Long loweredTimeoutMillis;
		boolean transformRan;
		byte[] rawReply;
		Object rawOwner;
		Long instructions;

		Builder(ReplicaPlan plan, FetchOutcome fetched, String source, ShareHashes hashes) {
			this.plan = plan;
			this.fetched = fetched;
			this.source = source;
			this.hashes = hashes;
		}

		/**
		 * A metered transform's run: CLIENT {@code send} (dfinity/ic {@code rs/https_outcalls/client/src/client.rs})
		 * checks the reply bytes, or the reject text, against the transformed-size limit.
		 */
		ReplicaVote executed(TransformExecution run, long limit, RejectTexts texts) {
			this.instructions = run.instructions();
			long size = run.replied() ? run.replyLength() : run.rejectMessage().getBytes(StandardCharsets.UTF_8).length;
			if (run.replied()) {
				this.transformedBytes = size;
			}
			if (size > limit) {
				return reject(RejectReason.TRANSFORMED_TOO_LARGE, RejectCode.SYS_FATAL, texts.transformedTooLarge(limit));
			}
			if (!run.replied()) {
				// msg_reject is the canister's own reject (code 4); anything else the canister did wrong is code 5, the
				// instruction limit (IC0522) with a reason of its own.
				return reject(run.reason(), run.rejectCode(), run.rejectMessage());
			}
			this.rawReply = run.reply();
			this.rawOwner = run;
			this.response = run.response();
			return new ReplicaVote(this);
		}

		ReplicaVote reject(Rejection r) {
			return reject(r.reason(), r.code(), r.message());
		}

		ReplicaVote reject(RejectReason why, RejectCode c, String m) {
			this.reason = why;
			this.code = c;
			this.message = m;
			return new ReplicaVote(this);
		}
	}
}
