package io.github.subnetsim.internal.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

import io.github.subnetsim.internal.fetch.ReplicaFetcher;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.replay.FixtureException;
import io.github.subnetsim.replay.Responder;

/**
 * Where a subnet's replicas get their raw responses, as the builder left it: the network (the default), a
 * {@link Responder}, or a fixture; optionally recorded. Immutable.
 *
 * <pre>{@code
 * ReplicaSource source = ReplicaSource.network().recording(sink);
 * List<ReplicaFetcher> fetchers = source.open(13, seed, profile, realClients);
 * }</pre>
 */
public final class ReplicaSource {

	private static final ReplicaSource NETWORK = new ReplicaSource(null, null, null);

	private final Responder responder;
	private final Path replay;
	private final RecordingSink sink;

	private ReplicaSource(Responder responder, Path replay, RecordingSink sink) {
		this.responder = responder;
		this.replay = replay;
		this.sink = sink;
	}

	/**
	 * Real HTTPS replicas.
	 *
	 * @return the default source
	 */
	public static ReplicaSource network() {
		return NETWORK;
	}

	/**
	 * In-memory replicas.
	 *
	 * @param r the responder
	 * @return a new source, recording kept
	 */
	public ReplicaSource responder(Responder r) {
		return new ReplicaSource(r, null, sink);
	}

	/**
	 * Replayed replicas.
	 *
	 * @param fixture the fixture's path
	 * @return a new source, recording kept
	 */
	public ReplicaSource replay(Path fixture) {
		return new ReplicaSource(null, fixture, sink);
	}

	/**
	 * Also records every fetch.
	 *
	 * @param to where
	 * @return a new source
	 */
	public ReplicaSource recording(RecordingSink to) {
		return new ReplicaSource(responder, replay, to);
	}

	/**
	 * Whether the replicas use the network (and so real clients and a thread pool).
	 *
	 * @return true for the default source
	 */
	public boolean needsNetwork() {
		return responder == null && replay == null;
	}

	/**
	 * An executor that runs each replica on the calling thread, for sources without the network.
	 *
	 * @return a new inline executor
	 */
	public ExecutorService inline() {
		return new InlineExecutor();
	}

	/**
	 * The fetchers of a new subnet.
	 *
	 * @param n the subnet's size
	 * @param seed its seed
	 * @param profile its profile
	 * @param network the real clients, used when {@link #needsNetwork()}
	 * @return one fetcher per replica
	 * @throws FixtureException when the fixture cannot serve this subnet
	 */
	public List<ReplicaFetcher> open(int n, long seed, ReplicaProfile profile, List<? extends ReplicaFetcher> network) {
		List<ReplicaFetcher> out = new ArrayList<>(n);
		if (responder != null) {
			for (int i = 0; i < n; i++) {
				out.add(new ResponderFetcher(i, responder, seed));
			}
		}
		else if (replay != null) {
			Fixture fixture = checked(FixtureJson.read(replay), n, profile);
			for (int i = 0; i < n; i++) {
				out.add(new ReplayFetcher(i, fixture));
			}
		}
		else {
			out.addAll(network);
		}
		if (sink != null) {
			sink.attach(n, seed, profile.name());
			for (int i = 0; i < n; i++) {
				out.set(i, new RecordingFetcher(i, out.get(i), sink));
			}
		}
		return List.copyOf(out);
	}

	/**
	 * The replay rule: replica i gets recorded response i, so a subnet may be at most as large as the recording one.
	 * Reusing responses for more replicas would invent agreement the service never showed.
	 */
	private static Fixture checked(Fixture f, int n, ReplicaProfile profile) {
		if (n > f.n()) {
			throw new FixtureException(f.file(), "recorded " + f.n() + " replicas, but the subnet has " + n + " (replica i replays recorded "
					+ "response i, and responses are not reused: that would invent agreement)", "replay on a subnet of at most " + f.n()
					+ " replicas (replicas(" + f.n() + ")), or re-record with --replicas " + n);
		}
		for (Fixture.Entry e : f.entries()) {
			if (e.response() != null && e.response().byteSize() > profile.maxResponseBytesLimit()) {
				throw new FixtureException(f.file(), "replica " + e.replica() + "'s response is " + e.response().byteSize()
						+ " bytes (headers and body), more than any replica accepts (" + profile.maxResponseBytesLimit() + " with profile " + profile
						+ "): it was edited", "re-record it, or shorten the body");
			}
		}
		return f;
	}
}
