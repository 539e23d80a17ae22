package io.github.subnetsim.internal.replay;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.subnetsim.replay.Redaction;

/**
 * What a {@code Recorder} holds: every fetch of every replica of one subnet, in order, and that subnet's settings.
 * Thread-safe: replicas fetch in parallel.
 *
 * <pre>{@code
 * RecordingSink sink = new RecordingSink(Redaction.defaults());
 * sink.attach(13, 7, "SEED_DOCUMENTED");
 * String json = sink.firstOutcallJson();
 * }</pre>
 */
public final class RecordingSink {

	private final Redaction rules;
	private final Map<Integer, List<Exchange>> byReplica = new TreeMap<>();
	private boolean attached;
	private int n;
	private long seed;
	private String profile;

	/**
	 * @param rules what to redact when writing
	 */
	public RecordingSink(Redaction rules) {
		this.rules = rules;
	}

	/**
	 * Ties the sink to the subnet being built.
	 *
	 * @param replicas the subnet's n
	 * @param seed the subnet's seed
	 * @param profileName the profile's name
	 */
	public synchronized void attach(int replicas, long seed, String profileName) {
		if (attached) {
			throw new IllegalStateException("this Recorder already records a subnet; create one Recorder per subnet (Recorder.create())");
		}
		this.attached = true;
		this.n = replicas;
		this.seed = seed;
		this.profile = profileName;
	}

	/**
	 * Keeps one fetch.
	 *
	 * @param e the exchange
	 */
	public synchronized void add(Exchange e) {
		byReplica.computeIfAbsent(e.replica(), k -> new ArrayList<>()).add(e);
	}

	/**
	 * How many fetches were kept, over all replicas and outcalls.
	 *
	 * @return the count
	 */
	public synchronized int size() {
		int total = 0;
		for (List<Exchange> l : byReplica.values()) {
			total += l.size();
		}
		return total;
	}

	/**
	 * The fixture of the first outcall: each replica's first fetch.
	 *
	 * @return the fixture's JSON
	 * @throws IllegalStateException when nothing was recorded, or the replicas' first fetches were of different
	 *         outcalls
	 */
	public synchronized String firstOutcallJson() {
		if (!attached || byReplica.isEmpty()) {
			throw new IllegalStateException("nothing recorded yet: pass the Recorder to Subnet.builder().record(recorder) and make an outcall "
					+ "before writing the fixture");
		}
		List<Exchange> first = new ArrayList<>();
		for (List<Exchange> l : byReplica.values()) {
			first.add(l.get(0));
		}
		return FixtureJson.write(first, rules, profile, seed, n, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
	}
}
