package io.github.subnetsim.assertions;

import java.util.Objects;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;

import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.assertions.SubnetMatcher.Failure;
import io.github.subnetsim.trace.Decision;
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
 * {@code AssertionFailedError} with expected and actual values, which IDEs show as a diff. Every failure leads
 * with the answer (what failed, and the fix), then {@code Expected:} and {@code Actual:} (see {@link SubnetMatcher}).
 */
public final class OutcallMatchers {

	private OutcallMatchers() {
	}

	/**
	 * Consensus agreed: n − f replicas signed the same thing. That is usually a response; it is also an agreed
	 * reject when every replica hit the same error (for example the same size limit), and the description and
	 * mismatch description say so. Use {@link #repliesWith(Matcher)} to require a response.
	 *
	 * @return a matcher of outcall results
	 */
	public static Matcher<OutcallResult> reachesConsensus() {
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to reach consensus (on a response, or on a reject every replica agreed on)";
			}

			@Override
			Failure check(OutcallResult r) {
				return r.trace().consensus().decision() == Decision.AGREED ? null : outcome(r, threshold(r));
			}

			@Override
			protected String noteOnMatch(OutcallResult r) {
				return r instanceof OutcallResult.Reject ? "consensus on a reject (" + OutcallMatcher.reject(r)
						+ "), not a response: use repliesWith(...) to require a response" : null;
			}
		};
	}

	/**
	 * Consensus delivered a response, and the response matches.
	 *
	 * @param response the matcher the agreed response must satisfy
	 * @return a matcher of outcall results
	 */
	public static Matcher<OutcallResult> repliesWith(Matcher<? super HttpResponse> response) {
		Objects.requireNonNull(response, "response matcher");
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to reply with a response " + stripArticle(StringDescription.toString(response));
			}

			@Override
			Failure check(OutcallResult r) {
				if (!(r instanceof OutcallResult.Reply reply)) {
					return outcome(r, StringDescription.toString(response));
				}
				if (response.matches(reply.response())) {
					return null;
				}
				if (response instanceof ResponseMatcher rm) {
					return rm.check(reply.response());
				}
				Description d = new StringDescription();
				response.describeMismatch(reply.response(), d);
				String first = d.toString().lines().findFirst().orElse("");
				return Failure.of("The agreed response does not match: " + first, StringDescription.toString(response), first)
						.details(ResponseMatcher.summary(reply.response()));
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
			Failure check(OutcallResult r) {
				return r instanceof OutcallResult.Reply ? null : outcome(r, "an agreed response");
			}
		};
	}

	/**
	 * Consensus agreed, and exactly {@code k} replicas signed the agreed hash (including late shares).
	 *
	 * @param k the number of replicas that signed the agreed hash, at least n − f
	 * @return a matcher of outcall results
	 */
	public static Matcher<OutcallResult> agreedBy(int k) {
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to be agreed by " + Text.replicas(k);
			}

			@Override
			Failure check(OutcallResult r) {
				if (r.trace().consensus().decision() != Decision.AGREED) {
					return outcome(r, "agreed by " + Text.replicas(k)).values(k, OutcallMatcher.actual(r));
				}
				int agreement = agreement(r);
				return agreement == k ? null
						: Failure.of("Agreed by " + Text.replicas(agreement) + ", expected exactly " + k + ".", "agreed by " + Text.replicas(k),
								"agreed by " + Text.replicas(agreement)).values(k, agreement).details(summary(r));
			}
		};
	}

	/**
	 * No consensus: more than f replicas signed something other than the largest group (SysTransient).
	 *
	 * @return a matcher of outcall results; its mismatch description is the divergence report
	 */
	public static Matcher<OutcallResult> diverges() {
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to diverge";
			}

			@Override
			Failure check(OutcallResult r) {
				if (r.trace().consensus().decision() == Decision.DIVERGED) {
					return null;
				}
				Failure f = outcome(r, "no " + threshold(r).substring("agreed by ≥ ".length()) + " agree");
				return Failure.of("Did not diverge: " + lowered(f.answer()), f.expected(), f.actual()).details(f.detailsText());
			}
		};
	}

	/**
	 * Rejected with this code and a message that matches.
	 *
	 * @param code the reject code the canister gets
	 * @param message the matcher the reject message must satisfy
	 * @return a matcher of outcall results
	 */
	public static Matcher<OutcallResult> rejectedWith(RejectCode code, Matcher<? super String> message) {
		Objects.requireNonNull(code, "code");
		Objects.requireNonNull(message, "message matcher");
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to be rejected with " + label(code) + " and message " + StringDescription.toString(message);
			}

			@Override
			Failure check(OutcallResult r) {
				String expected = label(code) + ": message " + StringDescription.toString(message);
				if (!(r instanceof OutcallResult.Reject reject)) {
					Failure f = outcome(r, expected);
					return Failure.of("Not rejected: " + lowered(f.answer()), expected, f.actual()).details(f.detailsText());
				}
				if (reject.code() == code && message.matches(reject.message())) {
					return null;
				}
				String actual = label(reject.code()) + ": " + Text.clip(reject.message(), 80);
				if (reject.code() != code) {
					return Failure.of("Rejected with " + label(reject.code()) + ", expected " + label(code) + ".", expected, actual).details(summary(r));
				}
				Description d = new StringDescription();
				message.describeMismatch(reject.message(), d);
				return Failure.of("Rejected with " + label(code) + " as expected, but the message " + d + ".", expected, actual).details(summary(r));
			}
		};
	}

	/**
	 * Rejected with this code and exactly this message.
	 *
	 * @param code the reject code the canister gets
	 * @param message the reject message, as the replica words it
	 * @return a matcher of outcall results
	 */
	public static Matcher<OutcallResult> rejectedWith(RejectCode code, String message) {
		Objects.requireNonNull(code, "code");
		Objects.requireNonNull(message, "message");
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to be rejected with " + label(code) + " and message " + Text.quote(message);
			}

			@Override
			Failure check(OutcallResult r) {
				String expected = label(code) + ": " + message;
				if (!(r instanceof OutcallResult.Reject reject)) {
					Failure f = outcome(r, expected);
					return Failure.of("Not rejected: " + lowered(f.answer()), expected, summary(r)).details(f.detailsText());
				}
				String actual = summary(r);
				if (expected.equals(actual)) {
					return null;
				}
				String answer = reject.code() != code ? "Rejected with " + label(reject.code()) + ", expected " + label(code) + "."
						: "Rejected with " + label(code) + " as expected, but with another message.";
				return Failure.of(answer, expected, actual).details(actual);
			}
		};
	}

	/**
	 * The outcall was charged exactly this many cycles.
	 *
	 * @param cycles the expected fee, in cycles
	 * @return a matcher of outcall results
	 */
	public static Matcher<OutcallResult> costsExactly(long cycles) {
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to cost exactly " + Text.cycles(cycles) + " cycles";
			}

			@Override
			Failure check(OutcallResult r) {
				long total = r.cost().total();
				return total == cycles ? null
						: Failure.of("The outcall cost " + Text.cycles(total) + " cycles (" + signed(total - cycles) + " " + Text.cycles(cycles) + ").",
								Text.cycles(cycles) + " cycles", Text.cycles(total) + " cycles").values(cycles, total).details(r.cost().describe());
			}
		};
	}

	/**
	 * The outcall was charged at most this many cycles.
	 *
	 * @param cycles the largest acceptable fee, in cycles
	 * @return a matcher of outcall results
	 */
	public static Matcher<OutcallResult> costsAtMost(long cycles) {
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to cost at most " + Text.cycles(cycles) + " cycles";
			}

			@Override
			Failure check(OutcallResult r) {
				long total = r.cost().total();
				return total <= cycles ? null
						: Failure.of("The outcall cost " + Text.cycles(total) + " cycles, " + Text.cycles(total - cycles) + " over the limit of "
								+ Text.cycles(cycles) + ".", "at most " + Text.cycles(cycles) + " cycles", Text.cycles(total) + " cycles")
								.details(r.cost().describe());
			}
		};
	}

	/**
	 * Exactly this many cycles came back to the canister.
	 *
	 * @param cycles the expected refund, in cycles
	 * @return a matcher of outcall results
	 */
	public static Matcher<OutcallResult> refundIs(long cycles) {
		return new OutcallMatcher() {
			@Override
			String expectation() {
				return "to refund " + Text.cycles(cycles) + " cycles";
			}

			@Override
			Failure check(OutcallResult r) {
				return r.refund() == cycles ? null
						: Failure.of("The refund was " + Text.cycles(r.refund()) + " cycles, expected " + Text.cycles(cycles) + ".",
								Text.cycles(cycles) + " cycles", Text.cycles(r.refund()) + " cycles").values(cycles, r.refund())
								.details("charged " + r.cost().describe());
			}
		};
	}

	/**
	 * No {@link io.github.subnetsim.Finding.NonIdempotentFanOut}: the request did not reach the server from several
	 * replicas without an idempotency key (it carried the key, or it was a GET or HEAD, or not replicated). A test of a
	 * replicated POST that should be safe asserts this; the failure says how many times the server got it.
	 *
	 * <pre>{@code
	 * assertThat(subnet.httpRequest(HttpRequestArgs.post(url, order).header("Idempotency-Key", "order-42")...build()),
	 *         noNonIdempotentFanOut());
	 * }</pre>
	 *
	 * @return a matcher of outcall results
	 */
	public static Matcher<OutcallResult> noNonIdempotentFanOut() {
		return FanOutMatcher.none();
	}

	/**
	 * A {@link io.github.subnetsim.Finding.NonIdempotentFanOut}: the request reached the server {@code times} times
	 * without an idempotency key (13 on an application subnet whose replicas all reached it).
	 *
	 * @param times how many times the request reached the server without a key
	 * @return a matcher of outcall results
	 */
	public static Matcher<OutcallResult> nonIdempotentFanOut(int times) {
		return FanOutMatcher.times(times);
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
		return (delta > 0 ? "+" : "-") + Text.cycles(Math.abs(delta)) + " from the expected";
	}

	/** {@code agreed by ≥ 9 of 13}: what consensus needs on this result's committee. */
	private static String threshold(OutcallResult r) {
		return "agreed by ≥ " + r.trace().consensus().threshold() + " of " + r.trace().consensus().committee().size();
	}

	private static String label(RejectCode code) {
		return code.displayName() + " (" + code.code() + ")";
	}

	private static String stripArticle(String description) {
		return description.startsWith("a response ") ? description.substring("a response ".length()) : "that is " + description;
	}

	private static String summary(OutcallResult r) {
		return OutcallMatcher.summary(r);
	}

	private static SubnetMatcher.Failure outcome(OutcallResult r, String expected) {
		return OutcallMatcher.outcome(r, expected);
	}

	private static String lowered(String sentence) {
		return OutcallMatcher.lowered(sentence);
	}
}
