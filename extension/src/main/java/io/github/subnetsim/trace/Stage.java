package io.github.subnetsim.trace;

import java.util.Locale;

/**
 * A step of the outcall path, in order: where an outcall ended ({@link Trace#stage()}) or where a replica's reject
 * came from ({@link RejectReason#stage()}). See {@code docs/how-a-subnet-processes-an-outcall.md}.
 *
 * <pre>{@code
 * if (result.trace().stage() == Stage.CHARGE) { ... } // rejected for too few cycles, nothing fetched
 * }</pre>
 */
public enum Stage {
	/** The request's own checks, before anything is charged ({@code validate_http_headers_and_body} and friends). */
	VALIDATION,
	/** The fee against the attached cycles. */
	CHARGE,
	/** One replica's adapter on the network. */
	FETCH,
	/** One replica's transform and the transformed-size check. */
	TRANSFORM,
	/** Consensus over the replicas' shares. */
	CONSENSUS,
	/** A flexible outcall's delivery of individual responses (no consensus on content). */
	DELIVERY;

	/**
	 * The lowercase name used in traces and reports.
	 *
	 * @return for example {@code "validation"}
	 */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}
}
