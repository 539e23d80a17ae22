package io.github.subnetsim.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.subnetsim.internal.replay.RecorderAccess;
import io.github.subnetsim.internal.replay.RecordingSink;

/**
 * Records what a subnet's replicas send and receive, to replay later without the network. Per replica it keeps the
 * request as sent (headers exactly as the trace's {@code requestHeaders}) and the raw response as received (status,
 * headers in wire order, body bytes, real fetch time), or the adapter's reject; the fixture adds the URL, method,
 * profile, seed and n. Secrets are redacted when the fixture is written ({@link Redaction#defaults()} unless given).
 *
 * <pre>{@code
 * Recorder recorder = Recorder.create();
 * try (Subnet subnet = Subnet.builder().replicas(13).seed(7).record(recorder).build()) {
 *     subnet.httpRequest(HttpRequestArgs.get("https://api.example.com/rates?api_key=" + key).cycles(30_000_000_000L).build());
 * }
 * recorder.write(Path.of("src/test/resources/fixtures/rates.json"));   // api_key=REDACTED
 * }</pre>
 *
 * <p>A fixture holds one outcall: the first one the subnet made (each replica's first fetch). One recorder per subnet.
 * Thread-safe.
 */
public final class Recorder {

	static {
		RecorderAccess.register(r -> r.sink);
	}

	private final RecordingSink sink;

	private Recorder(Redaction rules) {
		this.sink = new RecordingSink(rules);
	}

	/**
	 * A recorder with the default redaction.
	 *
	 * @return a new recorder
	 */
	public static Recorder create() {
		return new Recorder(Redaction.defaults());
	}

	/**
	 * A recorder with these redaction rules.
	 *
	 * @param rules what to redact, for example {@code Redaction.defaults().requestHeader("X-Api-Key")}
	 * @return a new recorder
	 */
	public static Recorder create(Redaction rules) {
		return new Recorder(java.util.Objects.requireNonNull(rules, "rules (use Redaction.none() to redact nothing)"));
	}

	/**
	 * How many fetches were recorded so far, over all replicas and outcalls.
	 *
	 * @return the count
	 */
	public int fetches() {
		return sink.size();
	}

	/**
	 * The fixture of the first outcall, as JSON ({@code "format": "subnet-sim-fixture", "version": 1}).
	 *
	 * @return the fixture's text
	 * @throws IllegalStateException when nothing was recorded yet
	 */
	public String toJson() {
		return sink.firstOutcallJson();
	}

	/**
	 * Writes the fixture of the first outcall, creating parent directories.
	 *
	 * @param file where, for example {@code src/test/resources/fixtures/rates.json}
	 * @return the file
	 * @throws UncheckedIOException when it cannot be written
	 */
	public Path write(Path file) {
		String json = toJson();
		try {
			Path parent = file.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			Files.writeString(file, json, StandardCharsets.UTF_8);
			return file;
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot write fixture " + file + ": " + e.getMessage(), e);
		}
	}
}
