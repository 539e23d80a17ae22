package io.github.subnetsim.internal.replay;

import java.nio.file.Path;
import java.util.List;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpMethod;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.trace.RejectReason;

/**
 * A fixture as read: one outcall's raw responses per replica (format {@code subnet-sim-fixture}, version 1; see
 * {@code docs/record-and-replay.md}).
 *
 * <pre>{@code
 * Fixture f = FixtureJson.read(Path.of("fixtures/rates.json"));
 * f.entry(3).response().status();
 * }</pre>
 *
 * @param file where it was read from, for messages
 * @param profile the profile it was recorded with (a name of {@code ReplicaProfile})
 * @param seed the seed it was recorded with
 * @param n the size of the recording subnet
 * @param redacted the line on what was redacted
 * @param entries per recorded replica, by index
 */
public record Fixture(Path file, String profile, long seed, int n, String redacted, List<Entry> entries) {

	/** The fixture's format name. */
	public static final String FORMAT = "subnet-sim-fixture";

	/** The newest version this build reads and the one it writes. */
	public static final int VERSION = 1;

	/**
	 * @param file where it was read from
	 * @param profile the recording profile
	 * @param seed the recording seed
	 * @param n the recording subnet's size
	 * @param redacted what was redacted
	 * @param entries per replica
	 */
	public Fixture {
		entries = List.copyOf(entries);
	}

	/**
	 * The entry of replica {@code index}, or null when that replica was not recorded.
	 *
	 * @param index a replica index
	 * @return its entry, or null
	 */
	public Entry entry(int index) {
		for (Entry e : entries) {
			if (e.replica() == index) {
				return e;
			}
		}
		return null;
	}

	/**
	 * The indexes recorded, for messages.
	 *
	 * @return the replica indexes in order
	 */
	public List<Integer> recordedReplicas() {
		return entries.stream().map(Entry::replica).toList();
	}

	/**
	 * One replica's recording.
	 *
	 * @param replica its index
	 * @param source its source address
	 * @param method the method it sent
	 * @param url the URL it sent (secret query values redacted)
	 * @param body the body it sent
	 * @param sentHeaders the headers it sent (secrets redacted)
	 * @param fetchMillis real milliseconds the fetch took
	 * @param response the raw response, or null when the adapter rejected
	 * @param failure the adapter's reject, or null when there is a response
	 * @param path the route the replica's request took (direct IPv6, direct IPv4, a proxy) and the routes that failed
	 *        before it; absent in fixtures recorded before the network model
	 * @param notes where the recorded run departed from mainnet (for example a simulated missing IPv6 route)
	  */
	public record Entry(int replica, String source, HttpMethod method, String url, byte[] body, List<HttpHeader> sentHeaders, long fetchMillis,
			HttpResponse response, Failure failure, io.github.subnetsim.internal.fetch.PathTaken path, List<String> notes) {

		/** Copies the notes; no path means none was recorded. */
		public Entry {
			path = path == null ? io.github.subnetsim.internal.fetch.PathTaken.NONE : path;
			notes = List.copyOf(notes);
		}
	}

	/**
	 * The adapter's recorded reject.
	 *
	 * @param reason the typed reason
	 * @param code the reject code
	 * @param message the replica's text
	 * @param downloadedBytes bytes downloaded before the reject
	 */
	public record Failure(RejectReason reason, RejectCode code, String message, long downloadedBytes) {
	}
}
