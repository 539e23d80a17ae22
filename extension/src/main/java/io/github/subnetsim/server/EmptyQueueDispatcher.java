package io.github.subnetsim.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.MockResponse;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;

/**
 * MockWebServer's queue, except that a request finding the queue empty is answered at once with a 503 that says so,
 * instead of waiting for a response nobody will enqueue. Every replica makes its own request, so one enqueued
 * response serves one replica: the stock dispatcher would leave the others blocked until the subnet's stall timeout,
 * and the outcall would then pass or fail for a reason no message mentions.
 *
 * <p>{@code setFailFast} keeps its meaning: with a fail-fast response set, this is the stock dispatcher.
 */
final class EmptyQueueDispatcher extends QueueDispatcher {

	/** The header that marks the empty-queue answer, so reports can name it. */
	static final String HEADER = "x-subnet-sim";
	/** Its value. */
	static final String VALUE = "empty-mockwebserver-queue";

	private final AtomicInteger enqueued = new AtomicInteger();
	private final List<String> emptyHits = new CopyOnWriteArrayList<>();
	private volatile boolean failFast;

	@Override
	public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
		if (failFast) {
			return super.dispatch(request);
		}
		// poll, not take: never block a replica on a response that may never come.
		MockResponse next = getResponseQueue().poll();
		if (next != null) {
			return next;
		}
		emptyHits.add(request.getMethod() + " " + request.getTarget());
		// The same bytes for every replica that finds the queue empty, so they form one group in the report.
		return new MockResponse.Builder().code(503).addHeader(HEADER, VALUE).addHeader("content-type", "text/plain; charset=utf-8")
				.body(message(enqueued.get()) + "\n").build();
	}

	@Override
	public void enqueue(MockResponse response) {
		enqueued.incrementAndGet();
		super.enqueue(response);
	}

	@Override
	public void setFailFast(boolean failFast) {
		this.failFast = failFast;
		super.setFailFast(failFast);
	}

	@Override
	public void setFailFast(MockResponse response) {
		this.failFast = response != null;
		super.setFailFast(response);
	}

	/** How many responses were enqueued in all. */
	int enqueuedCount() {
		return enqueued.get();
	}

	/** Requests (method and target) that found the queue empty, in arrival order. */
	List<String> emptyQueueRequests() {
		return List.copyOf(emptyHits);
	}

	/** What went wrong and the two ways to fix it, for the 503 body and the test failure alike. */
	static String message(int enqueued) {
		return "subnet-sim: the MockWebServer's response queue was empty (" + enqueued + (enqueued == 1 ? " response" : " responses")
				+ " enqueued in all). Every replica sends its own request and takes one response from the queue: enqueue one "
				+ "response per replica (for example 13 for an application subnet: for (int i = 0; i < subnet.replicas(); i++) server.enqueue(response)), "
				+ "or set a dispatcher that answers every request (server.setDispatcher(...)).";
	}
}
