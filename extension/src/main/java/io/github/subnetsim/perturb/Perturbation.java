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

	/**
	 * Whether this perturbation edits the response (as opposed to timing, network or vote).
	 *
	 * @return true for edits to status, headers or body before the transform; false for latency, failures, rejects, silence and request edits
	 */
	default boolean editsResponse() {
		return true;
	}

	/**
	 * Whether this perturbation edits the request the replica sends (a faulty replica), before it is sent.
	 *
	 * @return true only for the faulty-replica request edits ({@link SetRequestHeader}, {@link ReplaceRequestBody})
	 */
	default boolean editsRequest() {
		return false;
	}

	/**
	 * Sets a header (replacing every header of that name) to a fixed value.
	 *
	 * @param name the header name
	 * @param value the value every replica so perturbed reports
	 */
	record SetHeader(String name, String value) implements Perturbation {
		/**
		 * Checks that name and value are present.
		 *
		 * @param name the header name
		 * @param value the value every replica so perturbed reports
		 */
		public SetHeader {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(value, "value");
		}
	}

	/**
	 * Removes every header of that name.
	 *
	 * @param name the header name
	 */
	record RemoveHeader(String name) implements Perturbation {
		/**
		 * Checks that the name is present.
		 *
		 * @param name the header name
		 */
		public RemoveHeader {
			Objects.requireNonNull(name, "name");
		}
	}

	/**
	 * Gives a header a value of this replica's own: an HTTP date is shifted by seconds, anything else gets a random id.
	 *
	 * @param name the header name, for example {@code date}
	 */
	record JitterHeader(String name) implements Perturbation {
		/**
		 * Checks that the name is present.
		 *
		 * @param name the header name, for example {@code date}
		 */
		public JitterHeader {
			Objects.requireNonNull(name, "name");
		}
	}

	/**
	 * Changes the JSON value at a JSON pointer (RFC 6901): a number drifts (a timestamp moves on, a price moves a
	 * little), a string becomes a fresh id, a boolean flips. A body that is not JSON, or a pointer that is absent, is
	 * left alone (the trace says so).
	 *
	 * @param pointer where the value sits, for example {@code /data/timestamp}; empty for the whole body
	 */
	record JitterJson(String pointer) implements Perturbation {
		/**
		 * Checks the pointer.
		 *
		 * @param pointer where the value sits, for example {@code /data/timestamp}; empty for the whole body
		 * @throws IllegalArgumentException if a non-empty pointer does not start with {@code /}
		 */
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

	/**
	 * Replaces the status code.
	 *
	 * @param status the status code the replica reports, 100..999
	 */
	record SetStatus(int status) implements Perturbation {
		/**
		 * Checks the status.
		 *
		 * @param status the status code the replica reports, 100..999
		 * @throws IllegalArgumentException if the status is outside 100..999
		 */
		public SetStatus {
			if (status < 100 || status > 999) {
				throw new IllegalArgumentException("status must be 100..999, got " + status);
			}
		}
	}

	/**
	 * Replaces the body: a faulty replica that reports something else.
	 *
	 * @param body the bytes the faulty replica reports instead (copied)
	 */
	record ReplaceBody(byte[] body) implements Perturbation {
		/**
		 * Copies the body, so later changes to the array do not leak in.
		 *
		 * @param body the bytes the faulty replica reports instead (copied)
		 */
		public ReplaceBody {
			body = Objects.requireNonNull(body, "body").clone();
		}

		/**
		 * Returns the body the faulty replica reports.
		 *
		 * @return a copy of the body
		 */
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

	/**
	 * Keeps only the first {@code length} bytes of the body.
	 *
	 * @param length how many bytes to keep, at least 0
	 */
	record TruncateBody(int length) implements Perturbation {
		/**
		 * Checks the length.
		 *
		 * @param length how many bytes to keep, at least 0
		 * @throws IllegalArgumentException if the length is negative
		 */
		public TruncateBody {
			if (length < 0) {
				throw new IllegalArgumentException("truncate length must be >= 0, got " + length);
			}
		}
	}

	/**
	 * Adds virtual latency to the replica's round trip: it decides arrival order; past 30 s the adapter times out.
	 *
	 * @param delay the extra virtual round-trip time, not negative
	 */
	record Latency(Duration delay) implements Perturbation {
		/**
		 * Checks the delay.
		 *
		 * @param delay the extra virtual round-trip time, not negative
		 * @throws IllegalArgumentException if the delay is negative
		 */
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

	/**
	 * The replica reports this reject instead of a response (no request reaches the server).
	 *
	 * @param code the reject code, for example {@link RejectCode#SYS_TRANSIENT}
	 * @param message the reject message the replica signs
	 */
	record Reject(RejectCode code, String message) implements Perturbation {
		/**
		 * Checks that code and message are present.
		 *
		 * @param code the reject code, for example {@link RejectCode#SYS_TRANSIENT}
		 * @param message the reject message the replica signs
		 */
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
	 *
	 * @param name the request header name (matched case-insensitively)
	 * @param value the value the faulty replica sends
	 */
	record SetRequestHeader(String name, String value) implements Perturbation {
		/**
		 * Checks that name and value are present.
		 *
		 * @param name the request header name (matched case-insensitively)
		 * @param value the value the faulty replica sends
		 */
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
	 *
	 * @param body the request body the faulty replica sends instead (copied)
	 */
	record ReplaceRequestBody(byte[] body) implements Perturbation {
		/**
		 * Copies the body, so later changes to the array do not leak in.
		 *
		 * @param body the request body the faulty replica sends instead (copied)
		 */
		public ReplaceRequestBody {
			body = Objects.requireNonNull(body, "body").clone();
		}

		/**
		 * Returns the request body the faulty replica sends.
		 *
		 * @return a copy of the body
		 */
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

	/**
	 * Sets a response header to a fixed value.
	 *
	 * @param name the header name
	 * @param value the value
	 * @return a {@link SetHeader}
	 */
	static Perturbation setHeader(String name, String value) {
		return new SetHeader(name, value);
	}

	/**
	 * Removes a response header.
	 *
	 * @param name the header name
	 * @return a {@link RemoveHeader}
	 */
	static Perturbation removeHeader(String name) {
		return new RemoveHeader(name);
	}

	/**
	 * Gives each perturbed replica its own value of a response header (a shifted date, a fresh id).
	 *
	 * @param name the header name, for example {@code date}
	 * @return a {@link JitterHeader}
	 */
	static Perturbation jitterHeader(String name) {
		return new JitterHeader(name);
	}

	/**
	 * Changes the JSON value at a pointer, differently on each perturbed replica.
	 *
	 * @param pointer a JSON pointer (RFC 6901), for example {@code /data/timestamp}
	 * @return a {@link JitterJson}
	 * @throws IllegalArgumentException if a non-empty pointer does not start with {@code /}
	 */
	static Perturbation jitterJson(String pointer) {
		return new JitterJson(pointer);
	}

	/**
	 * Reorders the fields of every JSON object in the body.
	 *
	 * @return a {@link ReorderJsonFields}
	 */
	static Perturbation reorderJsonFields() {
		return new ReorderJsonFields();
	}

	/**
	 * Re-serialises a JSON body with other whitespace.
	 *
	 * @return a {@link ChangeJsonWhitespace}
	 */
	static Perturbation changeJsonWhitespace() {
		return new ChangeJsonWhitespace();
	}

	/**
	 * Replaces the response status.
	 *
	 * @param status the status code, 100..999
	 * @return a {@link SetStatus}
	 */
	static Perturbation status(int status) {
		return new SetStatus(status);
	}

	/**
	 * Replaces the response body (a faulty replica).
	 *
	 * @param body the bytes to report instead
	 * @return a {@link ReplaceBody}
	 */
	static Perturbation replaceBody(byte[] body) {
		return new ReplaceBody(body);
	}

	/**
	 * Replaces the response body with UTF-8 text (a faulty replica).
	 *
	 * @param body the text to report instead
	 * @return a {@link ReplaceBody}
	 */
	static Perturbation replaceBody(String body) {
		return new ReplaceBody(body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Keeps only the first bytes of the response body.
	 *
	 * @param length how many bytes to keep
	 * @return a {@link TruncateBody}
	 */
	static Perturbation truncateBody(int length) {
		return new TruncateBody(length);
	}

	/**
	 * Adds virtual latency to the replica's round trip; past 30 s the adapter times out.
	 *
	 * @param delay the extra delay, not negative
	 * @return a {@link Latency}
	 */
	static Perturbation latency(Duration delay) {
		return new Latency(delay);
	}

	/**
	 * Makes the replica fail to connect (no request reaches the server).
	 *
	 * @return a {@link ConnectionFailure}
	 */
	static Perturbation connectionFailure() {
		return new ConnectionFailure();
	}

	/**
	 * Makes the replica report a reject instead of a response.
	 *
	 * @param code the reject code
	 * @param message the reject message
	 * @return a {@link Reject}
	 */
	static Perturbation reject(RejectCode code, String message) {
		return new Reject(code, message);
	}

	/**
	 * Makes the replica deliver no share at all.
	 *
	 * @return a {@link Silent}
	 */
	static Perturbation silent() {
		return new Silent();
	}

	/**
	 * Makes a faulty replica send another value for a request header.
	 *
	 * @param name the request header name
	 * @param value the value to send instead
	 * @return a {@link SetRequestHeader}
	 */
	static Perturbation setRequestHeader(String name, String value) {
		return new SetRequestHeader(name, value);
	}

	/**
	 * Makes a faulty replica send another request body.
	 *
	 * @param body the bytes to send instead
	 * @return a {@link ReplaceRequestBody}
	 */
	static Perturbation replaceRequestBody(byte[] body) {
		return new ReplaceRequestBody(body);
	}

	/**
	 * Makes a faulty replica send another request body, as UTF-8 text.
	 *
	 * @param body the text to send instead
	 * @return a {@link ReplaceRequestBody}
	 */
	static Perturbation replaceRequestBody(String body) {
		return new ReplaceRequestBody(body.getBytes(StandardCharsets.UTF_8));
	}
}
