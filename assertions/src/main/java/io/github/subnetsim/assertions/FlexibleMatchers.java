package io.github.subnetsim.assertions;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;

import io.github.subnetsim.FlexibleOutcallResult;
import io.github.subnetsim.internal.text.RejectTexts;

/**
 * Hamcrest matchers for flexible outcalls ({@code subnet.flexibleHttpRequest}): how many responses came back, from
 * which replicas, the error arm, and the cost. Non-replicated outcalls are ordinary results: use
 * {@link OutcallMatchers} ({@code agreedBy(1)}, {@code costsExactly(…)}).
 *
 * <pre>{@code
 * FlexibleOutcallResult r = subnet.flexibleHttpRequest(args, new FlexibleReplication(5, 2, 3));
 * assertThat(r, deliversResponses(3));
 * assertThat(r, deliversResponsesFromCommitteeOnly());
 * assertThat(r, flexibleCostsAtMost(200_000_000L));
 * }</pre>
 */
public final class FlexibleMatchers {

	private FlexibleMatchers() {
	}

	/** The {@code ok} arm with exactly this many responses. */
	public static Matcher<FlexibleOutcallResult> deliversResponses(int count) {
		return new Base("a flexible outcall delivering " + count + (count == 1 ? " response" : " responses")) {
			@Override
			boolean check(FlexibleOutcallResult r, Description mismatch) {
				if (r instanceof FlexibleOutcallResult.Responses ok) {
					if (ok.responses().size() == count) {
						return true;
					}
					mismatch.appendText("\nExpecting a flexible outcall to deliver:\n  " + count + " responses\nbut it delivered:\n  "
							+ ok.responses().size() + " (from replicas " + replicas(ok) + ")");
					return false;
				}
				mismatch.appendText("\nExpecting a flexible outcall to deliver:\n  " + count + " responses\nbut it " + describe(r));
				return false;
			}
		};
	}

	/** The {@code ok} arm whose responses come from exactly these replicas (in any order). */
	public static Matcher<FlexibleOutcallResult> deliversResponsesFrom(Integer... expected) {
		SortedSet<Integer> want = new TreeSet<>(List.of(expected));
		return new Base("a flexible outcall with responses from replicas " + want) {
			@Override
			boolean check(FlexibleOutcallResult r, Description mismatch) {
				if (r instanceof FlexibleOutcallResult.Responses ok && replicas(ok).equals(want)) {
					return true;
				}
				mismatch.appendText("\nExpecting responses from replicas:\n  " + want + "\nbut " + (r instanceof FlexibleOutcallResult.Responses ok
						? "they came from:\n  " + replicas(ok) : "it " + describe(r)));
				return false;
			}
		};
	}

	/** Every response comes from a member of the committee the trace lists. */
	public static Matcher<FlexibleOutcallResult> deliversResponsesFromCommitteeOnly() {
		return new Base("a flexible outcall whose responses all come from its committee") {
			@Override
			boolean check(FlexibleOutcallResult r, Description mismatch) {
				if (!(r instanceof FlexibleOutcallResult.Responses ok)) {
					mismatch.appendText("\nExpecting responses from the committee, but it " + describe(r));
					return false;
				}
				List<Integer> committee = r.trace().consensus().committee();
				List<Integer> outside = new ArrayList<>();
				for (Integer x : replicas(ok)) {
					if (!committee.contains(x)) {
						outside.add(x);
					}
				}
				if (outside.isEmpty()) {
					return true;
				}
				mismatch.appendText("\nExpecting every response to come from the committee:\n  " + committee
						+ "\nbut these replicas are outside it:\n  " + outside);
				return false;
			}
		};
	}

	/** The {@code err} arm with this global error. */
	public static Matcher<FlexibleOutcallResult> failsWith(FlexibleOutcallResult.FlexibleError error) {
		return new Base("a flexible outcall failing with " + error) {
			@Override
			boolean check(FlexibleOutcallResult r, Description mismatch) {
				if (r instanceof FlexibleOutcallResult.Error e && e.globalError() == error) {
					return true;
				}
				mismatch.appendText("\nExpecting a flexible outcall to fail with:\n  " + error + "\nbut it " + describe(r));
				return false;
			}
		};
	}

	/** Charged exactly this many cycles. */
	public static Matcher<FlexibleOutcallResult> flexibleCostsExactly(long cycles) {
		return new Base("a flexible outcall costing " + RejectTexts.underscores(cycles) + " cycles") {
			@Override
			boolean check(FlexibleOutcallResult r, Description mismatch) {
				if (r.cost().total() == cycles) {
					return true;
				}
				mismatch.appendText("\nExpecting the cost to be:\n  " + RejectTexts.underscores(cycles) + " cycles\nbut it was:\n  "
						+ r.cost().describe().replace("\n", "\n  "));
				return false;
			}
		};
	}

	/** Charged at most this many cycles. */
	public static Matcher<FlexibleOutcallResult> flexibleCostsAtMost(long cycles) {
		return new Base("a flexible outcall costing at most " + RejectTexts.underscores(cycles) + " cycles") {
			@Override
			boolean check(FlexibleOutcallResult r, Description mismatch) {
				if (r.cost().total() <= cycles) {
					return true;
				}
				mismatch.appendText("\nExpecting the cost to be at most:\n  " + RejectTexts.underscores(cycles) + " cycles\nbut it was:\n  "
						+ r.cost().describe().replace("\n", "\n  "));
				return false;
			}
		};
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
			return "failed with " + e.globalError() + ":\n  " + e.message();
		}
		FlexibleOutcallResult.Reject j = (FlexibleOutcallResult.Reject) r;
		return "was rejected (" + j.code().displayName() + "):\n  " + j.message();
	}

	private abstract static class Base extends TypeSafeDiagnosingMatcher<FlexibleOutcallResult> {
		private final String description;

		Base(String description) {
			this.description = description;
		}

		abstract boolean check(FlexibleOutcallResult r, Description mismatch);

		@Override
		protected boolean matchesSafely(FlexibleOutcallResult r, Description mismatch) {
			return check(r, mismatch);
		}

		@Override
		public void describeTo(Description d) {
			d.appendText(description);
		}
	}
}
