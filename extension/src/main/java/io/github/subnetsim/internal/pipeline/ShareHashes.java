package io.github.subnetsim.internal.pipeline;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.internal.charge.CandidEncoding;

/**
 * The SHA-256 digests of one outcall's replicas, each distinct input hashed once. On an agreeing subnet the n
 * replicas hash the same raw body and the same transformed response; comparing bytes is several times cheaper than
 * hashing them, so an input equal to one already hashed reuses its digest. The digests are the same ones each
 * replica would compute alone: only the work is shared.
 *
 * <p>At most {@value #KEPT} distinct inputs of each kind are kept, so a subnet where every replica differs compares
 * each input with a few others, not with all n. Safe for the replicas' parallel workers.
 * <pre>{@code
 * ShareHashes hashes = new ShareHashes();              // one per outcall
 * String share = hashes.response(transformed);         // "0d1f…", as ShareHashes.hashResponse(transformed)
 * String raw = hashes.body(fetched);                   // the SHA-256 of its raw body, for the trace
 * }</pre>
 */
public final class ShareHashes {

	private static final int KEPT = 4;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	/** A digest per thread: {@code MessageDigest.getInstance} looks the provider up on every call. */
	private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every JVM has SHA-256", e);
		}
	});

	private final List<HttpResponse> responses = new ArrayList<>(KEPT);
	private final List<String> responseHashes = new ArrayList<>(KEPT);
	private final List<Object> replyOwners = new ArrayList<>(KEPT);
	private final List<byte[]> replies = new ArrayList<>(KEPT);
	private final List<String> replyHashes = new ArrayList<>(KEPT);
	private final List<HttpResponse> bodyOwners = new ArrayList<>(KEPT);
	private final List<ByteBuffer> bodies = new ArrayList<>(KEPT);
	private final List<String> bodyHashes = new ArrayList<>(KEPT);

	/**
	 * The share hash of a response, as {@link #hashResponse} computes it.
	 *
	 * @param r the (transformed) response
	 * @return the lowercase hex digest
	 */
	public String response(HttpResponse r) {
		synchronized (this) {
			for (int i = 0; i < responses.size(); i++) {
				if (responses.get(i).equals(r)) {
					return responseHashes.get(i);
				}
			}
		}
		String hash = hashResponse(r);
		synchronized (this) {
			if (responses.size() < KEPT) {
				responses.add(r);
				responseHashes.add(hash);
			}
		}
		return hash;
	}

	/**
	 * The share hash of a metered transform's raw reply bytes, as {@link ReplicaVote#hashRaw} computes it.
	 *
	 * @param owner the run the bytes came from: replicas that reuse one run (the same object) share its digest at once
	 * @param reply the reply bytes, not changed afterwards
	 * @return the lowercase hex digest
	 */
	public String reply(Object owner, byte[] reply) {
		synchronized (this) {
			for (int i = 0; i < replies.size(); i++) {
				if (replyOwners.get(i) == owner || java.util.Arrays.equals(replies.get(i), reply)) {
					return replyHashes.get(i);
				}
			}
		}
		String hash = ReplicaVote.hashRaw(reply);
		synchronized (this) {
			if (replies.size() < KEPT) {
				replyOwners.add(owner);
				replies.add(reply);
				replyHashes.add(hash);
			}
		}
		return hash;
	}

	/**
	 * The SHA-256 of a raw response's body, as {@link #sha256Hex} computes it.
	 *
	 * @param raw the response as fetched
	 * @return the lowercase hex digest
	 */
	public String body(HttpResponse raw) {
		ByteBuffer body;
		synchronized (this) {
			// In-memory replicas often hand every replica the very same response: no bytes to compare then.
			for (int i = 0; i < bodies.size(); i++) {
				if (bodyOwners.get(i) == raw) {
					return bodyHashes.get(i);
				}
			}
			body = raw.bodyBuffer();
			for (int i = 0; i < bodies.size(); i++) {
				if (bodies.get(i).equals(body)) {
					return bodyHashes.get(i);
				}
			}
		}
		String hash = sha256Hex(body.duplicate());
		synchronized (this) {
			if (bodies.size() < KEPT) {
				bodyOwners.add(raw);
				bodies.add(body);
				bodyHashes.add(hash);
			}
		}
		return hash;
	}

	/**
	 * Share hash of a response: SHA-256 over a tag byte and the response's Candid bytes.
	 *
	 * @param r the response
	 * @return the lowercase hex digest
	 */
	public static String hashResponse(HttpResponse r) {
		MessageDigest d = sha256();
		d.update((byte) 0);
		CandidEncoding.encodeTo(r, d);
		return hex(d.digest());
	}

	/**
	 * SHA-256 of the bytes left in a buffer, which it consumes.
	 *
	 * @param bytes the bytes
	 * @return the lowercase hex digest
	 */
	public static String sha256Hex(ByteBuffer bytes) {
		MessageDigest d = sha256();
		d.update(bytes);
		return hex(d.digest());
	}

	/** This thread's SHA-256, reset (a digest left half-fed by an exception must not leak into the next hash). */
	static MessageDigest sha256() {
		MessageDigest d = SHA256.get();
		d.reset();
		return d;
	}

	/** Lowercase hex, as {@code HexFormat.of().formatHex} writes it, without its per-call formatter. */
	static String hex(byte[] bytes) {
		char[] out = new char[bytes.length * 2];
		for (int i = 0; i < bytes.length; i++) {
			out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
			out[2 * i + 1] = HEX[bytes[i] & 0xf];
		}
		return new String(out);
	}
}
