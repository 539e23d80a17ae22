package io.github.subnetsim.perturb;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import io.github.subnetsim.RejectCode;

/**
 * One change to what a replica sees or does: its response before the transform, its network, its vote, or (a faulty
 * replica) the request it sends. The set is closed; each variant carries only its own parameters. Random variants draw from the replica's own generator,
 * derived from the subnet seed, so the same seed perturbs the same way.
 *
 * <pre>{@code
 * Perturbation.jitterHeader("date")            // a different Date per replica
 * Perturbation.jitterJson("/data/timestamp")   // a drifting number, a fresh id
 * Perturbation.replaceBody("garbage")          // a faulty replica
 * Perturbation.latency(Duration.ofSeconds(31)) // past the adapter's 30 s: "Timeout expired"
 * Perturbation.setRequestHeader("Idempotency-Key", "evil") // a faulty replica sends another key
 * }</pre>
 */
public sealed interface Perturbation {

	/** Whether this perturbation edits the response (as opposed to timing, network or vote). */
	default boolean editsResponse() {
		return true;
	}

	/** Whether this perturbation edits the request the replica sends (a faulty replica), before it is sent. */
	default boolean editsRequest() {
		return false;
	}

	/** Sets a header (replacing every header of that name) to a fixed value. */
	record SetHeader(String name, String value) implements Perturbation {
		public SetHeader {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(value, "value");
		}
	}

	/** Removes every header of that name. */
	record RemoveHeader(String name) implements Perturbation {
		public RemoveHeader {
			Objects.requireNonNull(name, "name");
		}
	}

	/** Gives a header a value of this replica's own: an HTTP date is shifted by seconds, anything else gets a random id. */
	record JitterHeader(String name) implements Perturbation {
		public JitterHeader {
			Objects.requireNonNull(name, "name");
		}
	}

	/**
	 * Changes the JSON value at a JSON pointer (RFC 6901): a number drifts (a timestamp moves on, a price moves a
	 * little), a string becomes a fresh id, a boolean flips. A body that is not JSON, or a pointer that is absent, is
	 * left alone (the trace says so).
	 */
	record JitterJson(String pointer) implements Perturbation {
		public JitterJson {
			Objects.requireNonNull(pointer, "pointer");
			if (!pointer.isEmpty() && !pointer.startsWith("/")) {
				throw new IllegalArgumentException("a JSON pointer starts with '/', got '" + pointer + "' (try '/" + pointer + "')");
			}
		}
	}

	/** Reorders the fields of every JSON object (the same data, other bytes). */
	record ReorderJsonFields() implements Perturbation {
	}

	/** Re-serialises a JSON body with other whitespace (the same data, other bytes). */
	record ChangeJsonWhitespace() implements Perturbation {
	}

	/** Replaces the status code. */
	record SetStatus(int status) implements Perturbation {
		public SetStatus {
			if (status < 100 || status > 999) {
				throw new IllegalArgumentException("status must be 100..999, got " + status);
			}
		}
	}

	/** Replaces the body: a faulty replica that reports something else. */
	record ReplaceBody(byte[] body) implements Perturbation {
		public ReplaceBody {
			body = Objects.requireNonNull(body, "body").clone();
		}

		@Override
		public byte[] body() {
			return body.clone();
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof ReplaceBody r && java.util.Arrays.equals(r.body, body);
		}

		@Override
		public int hashCode() {
			return java.util.Arrays.hashCode(body);
		}

		@Override
		public String toString() {
			return "ReplaceBody[" + body.length + " bytes]";
		}
	}

	/** Keeps only the first {@code length} bytes of the body. */
	record TruncateBody(int length) implements Perturbation {
		public TruncateBody {
			if (length < 0) {
				throw new IllegalArgumentException("truncate length must be >= 0, got " + length);
			}
		}
	}

	/** Adds virtual latency to the replica's round trip: it decides arrival order; past 30 s the adapter times out. */
	record Latency(Duration delay) implements Perturbation {
		public Latency {
			Objects.requireNonNull(delay, "delay");
			if (delay.isNegative()) {
				throw new IllegalArgumentException("latency cannot be negative: " + delay);
			}
		}

		@Override
		public boolean editsResponse() {
			return false;
		}
	}

	/** The replica cannot connect: no request reaches the server, the replica reports the adapter's connect error. */
	record ConnectionFailure() implements Perturbation {
		@Override
		public boolean editsResponse() {
			return false;
		}
	}

	/** The replica reports this reject instead of a response (no request reaches the server). */
	record Reject(RejectCode code, String message) implements Perturbation {
		public Reject {
			Objects.requireNonNull(code, "code");
			Objects.requireNonNull(message, "message");
		}

		@Override
		public boolean editsResponse() {
			return false;
		}
	}

	/** The replica never delivers a share (crashed, partitioned); with too many, consensus times out. */
	record Silent() implements Perturbation {
		@Override
		public boolean editsResponse() {
			return false;
		}
	}

	/**
	 * A faulty replica sends this request header instead of the canister's: every header of that name
	 * (case-insensitive) is replaced by this one. Honest replicas send what the canister gave.
	 *
	 * <pre>{@code
	 * PerturbationPlan.on(Replicas.of(5), Perturbation.setRequestHeader("Idempotency-Key", "forged"))
	 * }</pre>
	 */
	record SetRequestHeader(String name, String value) implements Perturbation {
		public SetRequestHeader {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(value, "value");
		}

		@Override
		public boolean editsResponse() {
			return false;
		}

		@Override
		public boolean editsRequest() {
			return true;
		}
	}

	/**
	 * A faulty replica sends this request body instead of the canister's.
	 *
	 * <pre>{@code
	 * PerturbationPlan.on(Replicas.of(5), Perturbation.replaceRequestBody("{\"qty\":200}"))
	 * }</pre>
	 */
	record ReplaceRequestBody(byte[] body) implements Perturbation {
		public ReplaceRequestBody {
			body = Objects.requireNonNull(body, "body").clone();
		}

		@Override
		public byte[] body() {
			return body.clone();
		}

		@Override
		public boolean editsResponse() {
			return false;
		}

		@Override
		public boolean editsRequest() {
			return true;
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof ReplaceRequestBody r && java.util.Arrays.equals(r.body, body);
		}

		@Override
		public int hashCode() {
			return java.util.Arrays.hashCode(body);
		}

		@Override
		public String toString() {
			return "ReplaceRequestBody[" + body.length + " bytes]";
		}
	}

	static Perturbation setHeader(String name, String value) {
		return new SetHeader(name, value);
	}

	static Perturbation removeHeader(String name) {
		return new RemoveHeader(name);
	}

	static Perturbation jitterHeader(String name) {
		return new JitterHeader(name);
	}

	static Perturbation jitterJson(String pointer) {
		return new JitterJson(pointer);
	}

	static Perturbation reorderJsonFields() {
		return new ReorderJsonFields();
	}

	static Perturbation changeJsonWhitespace() {
		return new ChangeJsonWhitespace();
	}

	static Perturbation status(int status) {
		return new SetStatus(status);
	}

	static Perturbation replaceBody(byte[] body) {
		return new ReplaceBody(body);
	}

	static Perturbation replaceBody(String body) {
		return new ReplaceBody(body.getBytes(StandardCharsets.UTF_8));
	}

	static Perturbation truncateBody(int length) {
		return new TruncateBody(length);
	}

	static Perturbation latency(Duration delay) {
		return new Latency(delay);
	}

	static Perturbation connectionFailure() {
		return new ConnectionFailure();
	}

	static Perturbation reject(RejectCode code, String message) {
		return new Reject(code, message);
	}

	static Perturbation silent() {
		return new Silent();
	}

	static Perturbation setRequestHeader(String name, String value) {
		return new SetRequestHeader(name, value);
	}

	static Perturbation replaceRequestBody(byte[] body) {
		return new ReplaceRequestBody(body);
	}

	static Perturbation replaceRequestBody(String body) {
		return new ReplaceRequestBody(body.getBytes(StandardCharsets.UTF_8));
	}
}
