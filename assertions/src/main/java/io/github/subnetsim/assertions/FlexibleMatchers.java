package io.github.subnetsim.assertions;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import org.hamcrest.Description;
import org.hamcrest.Matcher;

import io.github.subnetsim.FlexibleOutcallResult;
import io.github.subnetsim.assertions.SubnetMatcher.Failure;
import io.github.subnetsim.internal.text.RejectTexts;

/**
 * Hamcrest matchers for flexible outcalls ({@code subnet.flexibleHttpRequest}): how many responses came back, from
 * which replicas, the error arm, and the cost. Non-replicated outcalls are ordinary results: use
 * {@link OutcallMatchers} ({@code agreedBy(1)}, {@code costsExactly(…)}).
 *
 * <pre>{@code
 * FlexibleOutcallResult r = subnet.flexibleHttpRequest(args, FlexibleReplication.builder().minResponses(2).maxResponses(3).totalRequests(5).build());
 * assertThat(r, deliversResponses(3));
 * assertThat(r, deliversResponsesFromCommitteeOnly());
 * assertThat(r, flexibleCostsAtMost(200_000_000L));
 * }</pre>
 */
public final class FlexibleMatchers {

	private FlexibleMatchers() {
	}

	/**
	 * The {@code ok} arm with exactly this many responses.
	 *
	 * @param count how many responses
	 * @return a matcher of a flexible outcall's result
	 */
	public static Matcher<FlexibleOutcallResult> deliversResponses(int count) {
		String expected = responses(count);
		return new Base("a flexible outcall delivering " + expected) {
			@Override
			Failure check(FlexibleOutcallResult r) {
				if (r instanceof FlexibleOutcallResult.Responses ok) {
					if (ok.responses().size() == count) {
						return null;
					}
					return Failure.of("Delivered " + responses(ok.responses().size()) + ", expected " + count + ".", expected,
							responses(ok.responses().size())).values(count, ok.responses().size()).details("from replicas " + replicas(ok));
				}
				return other(r, "Delivered no responses, expected " + count + ": ", expected);
			}
		};
	}

	/**
	 * The {@code ok} arm whose responses come from exactly these replicas (in any order).
	 *
	 * @param expected the replica indices, from 0
	 * @return a matcher of a flexible outcall's result
	 */
	public static Matcher<FlexibleOutcallResult> deliversResponsesFrom(Integer... expected) {
		SortedSet<Integer> want = new TreeSet<>(List.of(expected));
		return new Base("a flexible outcall with responses from replicas " + want) {
			@Override
			Failure check(FlexibleOutcallResult r) {
				if (!(r instanceof FlexibleOutcallResult.Responses ok)) {
					return other(r, "Delivered no responses, expected them from replicas " + want + ": ", "responses from replicas " + want);
				}
				if (replicas(ok).equals(want)) {
					return null;
				}
				return Failure.of("The responses came from replicas " + replicas(ok) + ", expected " + want + ".", "responses from replicas " + want,
						"responses from replicas " + replicas(ok));
			}
		};
	}

	/**
	 * Every response comes from a member of the committee the trace lists.
	 *
	 * @return a matcher of a flexible outcall's result
	 */
	public static Matcher<FlexibleOutcallResult> deliversResponsesFromCommitteeOnly() {
		return new Base("a flexible outcall whose responses all come from its committee") {
			@Override
			Failure check(FlexibleOutcallResult r) {
				List<Integer> committee = r.trace().consensus().committee();
				if (!(r instanceof FlexibleOutcallResult.Responses ok)) {
					return other(r, "Delivered no responses, expected them from the committee: ", "responses from replicas " + committee);
				}
				List<Integer> outside = new ArrayList<>();
				for (Integer x : replicas(ok)) {
					if (!committee.contains(x)) {
						outside.add(x);
					}
				}
				if (outside.isEmpty()) {
					return null;
				}
				return Failure.of("Replicas " + outside + " responded from outside the committee " + committee + ".",
						"responses from replicas " + committee, "responses from replicas " + replicas(ok));
			}
		};
	}

	/**
	 * The {@code err} arm with this global error.
	 *
	 * @param error the global error
	 * @return a matcher of a flexible outcall's result
	 */
	public static Matcher<FlexibleOutcallResult> failsWith(FlexibleOutcallResult.FlexibleError error) {
		return new Base("a flexible outcall failing with " + error) {
			@Override
			Failure check(FlexibleOutcallResult r) {
				if (r instanceof FlexibleOutcallResult.Error e && e.globalError() == error) {
					return null;
				}
				return other(r, "Did not fail with " + error + ": ", "error " + error);
			}
		};
	}

	/**
	 * Charged exactly this many cycles.
	 *
	 * @param cycles the exact charge
	 * @return a matcher of a flexible outcall's result
	 */
	public static Matcher<FlexibleOutcallResult> flexibleCostsExactly(long cycles) {
		return new Base("a flexible outcall costing " + RejectTexts.underscores(cycles) + " cycles") {
			@Override
			Failure check(FlexibleOutcallResult r) {
				long total = r.cost().total();
				if (total == cycles) {
					return null;
				}
				return Failure.of("The flexible outcall cost " + Text.cycles(total) + " cycles, expected " + Text.cycles(cycles) + ".",
						Text.cycles(cycles) + " cycles", Text.cycles(total) + " cycles").values(cycles, total).details(r.cost().describe());
			}
		};
	}

	/**
	 * Charged at most this many cycles.
	 *
	 * @param cycles the most the call may cost
	 * @return a matcher of a flexible outcall's result
	 */
	public static Matcher<FlexibleOutcallResult> flexibleCostsAtMost(long cycles) {
		return new Base("a flexible outcall costing at most " + RejectTexts.underscores(cycles) + " cycles") {
			@Override
			Failure check(FlexibleOutcallResult r) {
				long total = r.cost().total();
				if (total <= cycles) {
					return null;
				}
				return Failure.of("The flexible outcall cost " + Text.cycles(total) + " cycles, " + Text.cycles(total - cycles)
						+ " over the limit of " + Text.cycles(cycles) + ".", "at most " + Text.cycles(cycles) + " cycles", Text.cycles(total) + " cycles")
						.details(r.cost().describe());
			}
		};
	}

	/** A result of another arm than the matcher wanted: the answer says which, the details what it carried. */
	private static Failure other(FlexibleOutcallResult r, String answer, String expected) {
		return Failure.of(answer + Text.clip(describe(r), 160) + (describe(r).endsWith(".") ? "" : "."), expected, shortly(r)).details(describe(r));
	}

	/** The result short enough for {@code Actual:}. */
	private static String shortly(FlexibleOutcallResult r) {
		if (r instanceof FlexibleOutcallResult.Responses ok) {
			return responses(ok.responses().size()) + " from replicas " + replicas(ok);
		}
		if (r instanceof FlexibleOutcallResult.Error e) {
			return "error " + e.globalError();
		}
		FlexibleOutcallResult.Reject j = (FlexibleOutcallResult.Reject) r;
		return "reject " + j.code().displayName() + " (" + j.code().code() + ")";
	}

	private static String responses(int n) {
		return n + (n == 1 ? " response" : " responses");
	}

	private static SortedSet<Integer> replicas(FlexibleOutcallResult.Responses ok) {
		SortedSet<Integer> s = new TreeSet<>();
		for (FlexibleOutcallResult.ReplicaResponse x : ok.responses()) {
			s.add(x.replica());
		}
		return s;
	}

	private static String describe(FlexibleOutcallResult r) {
		if (r instanceof FlexibleOutcallResult.Responses ok) {
			return "delivered " + ok.responses().size() + " responses from replicas " + replicas(ok);
		}
		if (r instanceof FlexibleOutcallResult.Error e) {
			return "failed with " + e.globalError() + ": " + e.message();
		}
		FlexibleOutcallResult.Reject j = (FlexibleOutcallResult.Reject) r;
		return "was rejected (" + j.code().displayName() + "): " + j.message();
	}

	/** Every flexible matcher: a description, and a check whose failure the base ends with the seed. */
	private abstract static class Base extends SubnetMatcher<FlexibleOutcallResult> {
		private final String description;

		Base(String description) {
			super(FlexibleOutcallResult.class);
			this.description = description;
		}

		/** Null when the result matches. */
		abstract Failure check(FlexibleOutcallResult r);

		@Override
		protected Failure explain(FlexibleOutcallResult r) {
			Failure f = check(r);
			if (f == null) {
				return null;
			}
			return (f.detailsText().isEmpty() ? f : f.details("Details:\n" + Text.indent(f.detailsText(), 2))).seed(r.trace().seed());
		}

		@Override
		public void describeTo(Description d) {
			d.appendText(description);
		}
	}
}
