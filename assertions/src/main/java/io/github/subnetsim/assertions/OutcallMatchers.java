package io.github.subnetsim.assertions;

import io.github.subnetsim.trace.Decision;
import java.util.Objects;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;

import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.trace.ReplicaTrace;

/**
 * Hamcrest matchers on an {@link OutcallResult}. Every mismatch description ends with the {@link DivergenceReport}
 * of the outcall, so a failing test says which replicas differed, how, and which transform would fix it.
 *
 * <pre>{@code
 * OutcallResult result = subnet.httpRequest(args);
 * assertThat(result, reachesConsensus());
 * assertThat(result, repliesWith(jsonAt("/price", is(12.34))));
 * assertThat(result, agreedBy(13));
 * assertThat(result, costsExactly(20_849_238_800L));
 * }</pre>
 *
 * <p>Use {@link OutcallAssertions#assertThat} instead of Hamcrest's to get an opentest4j
 * {@code AssertionFailedError} with expected and actual values, which IDEs show as a diff.
 */
public final class OutcallMatchers {

	private OutcallMatchers() {
	}

	/**
	 * Consensus agreed: n − f replicas signed the same thing. That is usually a response; it is also an agreed
	 * reject when every replica hit the same error (for example the same size limit). Use
	 * {@link #repliesWith(Matcher)} to require a response.
	 */
	public static Matcher<OutcallResult> reachesConsensus() {
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to reach consensus";
			}

			@Override
			Mismatch check(OutcallResult r) {
				return r.trace().consensus().decision() == Decision.AGREED ? null : Mismatch.of(happened(r), summary(r));
			}
		};
	}

	/** Consensus delivered a response, and the response matches. */
	public static Matcher<OutcallResult> repliesWith(Matcher<? super HttpResponse> response) {
		Objects.requireNonNull(response, "response matcher");
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to reply with a response " + stripArticle(StringDescription.toString(response));
			}

			@Override
			Mismatch check(OutcallResult r) {
				if (!(r instanceof OutcallResult.Reply reply)) {
					return Mismatch.of(happened(r), summary(r));
				}
				if (response.matches(reply.response())) {
					return null;
				}
				if (response instanceof ResponseMatcher rm) {
					Mismatch inner = rm.check(reply.response());
					return new Mismatch(inner.but(), inner.details(), inner.expected(), inner.actual());
				}
				Description d = new StringDescription();
				response.describeMismatch(reply.response(), d);
				return Mismatch.of("the agreed response did not match: " + d, ResponseMatcher.summary(reply.response()));
			}
		};
	}

	/** Consensus delivered a response, whatever it is (what {@link OutcallAssertions#assertAgreed} checks). */
	static OutcallMatcher replies() {
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to reply with an agreed response";
			}

			@Override
			Mismatch check(OutcallResult r) {
				return r instanceof OutcallResult.Reply ? null : Mismatch.of(happened(r), summary(r));
			}
		};
	}

	/** Consensus agreed, and exactly {@code k} replicas signed the agreed hash (including late shares). */
	public static Matcher<OutcallResult> agreedBy(int k) {
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to be agreed by " + Text.replicas(k);
			}

			@Override
			Mismatch check(OutcallResult r) {
				if (r.trace().consensus().decision() != Decision.AGREED) {
					return Mismatch.of(happened(r), summary(r));
				}
				int agreement = agreement(r);
				return agreement == k ? null
						: Mismatch.comparing("it was agreed by " + agreement, summary(r), k, agreement);
			}
		};
	}

	/** No consensus: more than f replicas signed something other than the largest group (SysTransient). */
	public static Matcher<OutcallResult> diverges() {
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to diverge";
			}

			@Override
			Mismatch check(OutcallResult r) {
				return r.trace().consensus().decision() == Decision.DIVERGED ? null : Mismatch.of(happened(r), summary(r));
			}
		};
	}

	/** Rejected with this code and a message that matches. */
	public static Matcher<OutcallResult> rejectedWith(RejectCode code, Matcher<? super String> message) {
		Objects.requireNonNull(code, "code");
		Objects.requireNonNull(message, "message matcher");
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to be rejected with " + code.displayName() + " (" + code.code() + ") and message " + StringDescription.toString(message);
			}

			@Override
			Mismatch check(OutcallResult r) {
				if (!(r instanceof OutcallResult.Reject reject)) {
					return Mismatch.of(happened(r), summary(r));
				}
				if (reject.code() == code && message.matches(reject.message())) {
					return null;
				}
				Description d = new StringDescription();
				if (reject.code() != code) {
					d.appendText("it was rejected with " + reject.code().displayName() + " (" + reject.code().code() + ")");
				}
				else {
					d.appendText("the message ");
					message.describeMismatch(reject.message(), d);
				}
				return Mismatch.of(d.toString(), summary(r));
			}
		};
	}

	/** Rejected with this code and exactly this message. */
	public static Matcher<OutcallResult> rejectedWith(RejectCode code, String message) {
		Objects.requireNonNull(code, "code");
		Objects.requireNonNull(message, "message");
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to be rejected with " + code.displayName() + " (" + code.code() + ") and message " + Text.quote(message);
			}

			@Override
			Mismatch check(OutcallResult r) {
				String expected = code.displayName() + " (" + code.code() + "): " + message;
				if (!(r instanceof OutcallResult.Reject reject)) {
					return Mismatch.comparing(happened(r), summary(r), expected, summary(r));
				}
				String actual = summary(r);
				return expected.equals(actual) ? null : Mismatch.comparing("it was rejected differently", actual, expected, actual);
			}
		};
	}

	/** The outcall was charged exactly this many cycles. */
	public static Matcher<OutcallResult> costsExactly(long cycles) {
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to cost exactly " + Text.cycles(cycles) + " cycles";
			}

			@Override
			Mismatch check(OutcallResult r) {
				long total = r.cost().total();
				return total == cycles ? null
						: Mismatch.comparing("it cost " + Text.cycles(total) + " cycles (" + signed(total - cycles) + ")", r.cost().describe(),
								cycles, total);
			}
		};
	}

	/** The outcall was charged at most this many cycles. */
	public static Matcher<OutcallResult> costsAtMost(long cycles) {
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to cost at most " + Text.cycles(cycles) + " cycles";
			}

			@Override
			Mismatch check(OutcallResult r) {
				long total = r.cost().total();
				return total <= cycles ? null
						: Mismatch.of("it cost " + Text.cycles(total) + " cycles (" + signed(total - cycles) + ")", r.cost().describe());
			}
		};
	}

	/** Exactly this many cycles came back to the canister. */
	public static Matcher<OutcallResult> refundIs(long cycles) {
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to refund " + Text.cycles(cycles) + " cycles";
			}

			@Override
			Mismatch check(OutcallResult r) {
				return r.refund() == cycles ? null
						: Mismatch.comparing("it refunded " + Text.cycles(r.refund()) + " cycles", "charged " + r.cost().describe(), cycles,
								r.refund());
			}
		};
	}

	/** Replicas that signed the agreed hash: the reply's agreement, or the size of an agreed reject's group. */
	static int agreement(OutcallResult r) {
		if (r instanceof OutcallResult.Reply reply) {
			return reply.agreement();
		}
		java.util.Map<String, Integer> counts = new java.util.HashMap<>();
		int best = 0;
		for (ReplicaTrace t : r.trace().replicas()) {
			if (t.shareHash() != null) {
				best = Math.max(best, counts.merge(t.shareHash(), 1, Integer::sum));
			}
		}
		return best;
	}

	private static String signed(long delta) {
		return (delta > 0 ? "+" : "-") + Text.cycles(Math.abs(delta)) + " from expected";
	}

	private static String stripArticle(String description) {
		return description.startsWith("a response ") ? description.substring("a response ".length()) : "that is " + description;
	}

	private static String happened(OutcallResult r) {
		return OutcallMatcher.happened(r);
	}

	private static String summary(OutcallResult r) {
		return OutcallMatcher.summary(r);
	}
}
