package io.github.subnetsim.internal.replay;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each task on the calling thread at submission. In-memory replicas do no I/O, so handing 13 tiny tasks to a
 * pool costs more than the tasks; inline, one outcall is one thread and replicas run in index order, deterministically.
 *
 * <pre>{@code
 * Future<FetchOutcome> done = new InlineExecutor().submit(() -> fetcher.fetch(args, max, texts));
 * }</pre>
 */
public final class InlineExecutor extends AbstractExecutorService {

	private volatile boolean shutdown;

	@Override
	public void execute(Runnable command) {
		if (shutdown) {
			throw new java.util.concurrent.RejectedExecutionException("the subnet is closed");
		}
		command.run();
	}

	@Override
	public void shutdown() {
		shutdown = true;
	}

	@Override
	public List<Runnable> shutdownNow() {
		shutdown = true;
		return List.of();
	}

	@Override
	public boolean isShutdown() {
		return shutdown;
	}

	@Override
	public boolean isTerminated() {
		return shutdown;
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) {
		return shutdown;
	}
}
