package io.github.subnetsim;

/**
 * Told about every outcall a {@link Subnet} completes: the JUnit extension publishes report entries with it, the CI
 * gate records outcalls with it.
 *
 * <pre>{@code
 * Subnet.builder().listener((args, result) -> System.out.println(args.url() + " -> " + result)).build();
 * }</pre>
 */
@FunctionalInterface
public interface OutcallListener {

	/**
	 * Called once per outcall, on the calling thread, after the result is complete.
	 *
	 * @param args the outcall's arguments
	 * @param result what the canister got back
	 */
	void onOutcall(HttpRequestArgs args, OutcallResult result);
}
