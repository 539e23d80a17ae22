package io.github.subnetsim.internal.observe;

import java.util.ArrayDeque;
import java.util.Deque;

import io.github.subnetsim.OutcallListener;

/**
 * The observer of the test running on the current thread, so that every outcall made during a test is attributed to
 * it, whether the subnet came from the extension or from {@code Subnet.builder()} (see {@code docs/ci-gate.md}).
 *
 * <p>The test framework pushes an observer when a test or container starts on a thread and pops it when it ends; a
 * subnet remembers the observer current when it was built, for outcalls made on threads no test runs on. The engine
 * only reads this; it knows nothing of JUnit.
 */
public final class OutcallObservers {

	private static final ThreadLocal<Deque<OutcallListener>> AMBIENT = ThreadLocal.withInitial(ArrayDeque::new);

	private OutcallObservers() {
	}

	/**
	 * Makes {@code observer} the current one on this thread until {@link #pop(OutcallListener)}.
	 *
	 * @param observer told about outcalls made on this thread
	 */
	public static void push(OutcallListener observer) {
		AMBIENT.get().push(observer);
	}

	/**
	 * Removes {@code observer} from this thread (and anything pushed after it and not popped).
	 *
	 * @param observer the one pushed before
	 */
	public static void pop(OutcallListener observer) {
		Deque<OutcallListener> stack = AMBIENT.get();
		if (!stack.contains(observer)) {
			return;
		}
		while (!stack.isEmpty() && stack.pop() != observer) {
			// drop what a failed test left behind
		}
		if (stack.isEmpty()) {
			AMBIENT.remove();
		}
	}

	/**
	 * The observer current on this thread.
	 *
	 * @return the observer, or null when no test runs on this thread
	 */
	public static OutcallListener current() {
		Deque<OutcallListener> stack = AMBIENT.get();
		OutcallListener top = stack.peek();
		if (top == null) {
			AMBIENT.remove();
		}
		return top;
	}
}
