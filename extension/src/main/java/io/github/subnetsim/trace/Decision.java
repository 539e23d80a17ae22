package io.github.subnetsim.trace;

/**
 * How an outcall's round ended ({@link ConsensusTrace#decision()}).
 *
 * <pre>{@code
 * assertEquals(Decision.DIVERGED, result.trace().consensus().decision());
 * }</pre>
 */
public enum Decision {
	/** n − f replicas signed the same share: a response, or a reject every one of them hit. */
	AGREED("agreed"),
	/** No share can reach n − f any more: "No consensus could be reached". */
	DIVERGED("diverged"),
	/** The consensus timeout passed before n − f agreed. */
	TIMED_OUT("timed out"),
	/** Pay-as-you-go: the committee's allowances could not pay for delivering the result. */
	OUT_OF_CYCLES("out of cycles"),
	/** Rejected before the fan-out (validation or charge). */
	NOT_REACHED("not reached"),
	/** A flexible outcall delivered between min and max responses. */
	DELIVERED("delivered"),
	/** A flexible outcall ended in its error arm. */
	FLEXIBLE_ERROR("flexible error");

	private final String label;

	Decision(String label) {
		this.label = label;
	}

	/**
	 * The words used in traces, reports and messages.
	 *
	 * @return for example {@code "timed out"}
	 */
	public String label() {
		return label;
	}
}
