package io.github.subnetsim.internal.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.internal.explain.Explanation;
import io.github.subnetsim.server.MockServers;
import io.github.subnetsim.trace.ConsensusTrace;
import io.github.subnetsim.trace.Decision;
import io.github.subnetsim.trace.ReplicaTrace;

/**
 * What report.html shows of one outcall, taken from its result when it completes: the gate's record, the consensus
 * numbers, one cell per replica, the cost breakdown and the explanation. Only strings and numbers are kept, so a run
 * of thousands of outcalls does not hold their responses until it ends.
 *
 * @param record the row of report.json
 * @param verdict {@code agreed}, {@code agreed reject}, {@code no consensus}, {@code timed out} or {@code not reached}
 * @param faultsTolerated f
 * @param threshold n − f
 * @param decidedAtMillis virtual time of the decision
 * @param replicas one cell per replica of the committee, by index
 * @param cost the cost breakdown, as {@code Cost.describe()} prints it
 * @param explanation the groups and what differed
 * @param emptyQueue how many replicas got the injected MockWebServer's empty-queue answer
 */
record OutcallView(OutcallRecord record, String verdict, int faultsTolerated, int threshold, long decidedAtMillis, List<Cell> replicas,
		String cost, Explanation explanation, int emptyQueue) {

	OutcallView {
		replicas = List.copyOf(replicas);
	}

	/**
	 * One replica in the grid.
	 *
	 * @param replica its index
	 * @param group the index of its group in the explanation, or -1 when it signed nothing
	 * @param arrivalMillis when its share arrived (virtual ms), or -1 when it never made the request
	 * @param late whether its share arrived after consensus decided
	 * @param title what it did, for the cell's tooltip
	 */
	record Cell(int replica, int group, long arrivalMillis, boolean late, String title) {
		boolean silent() {
			return group < 0;
		}
	}

	static OutcallView of(OutcallRecord record, OutcallResult result, Explanation explanation) {
		ConsensusTrace consensus = result.trace().consensus();
		Map<Integer, Integer> groupOf = new HashMap<>();
		for (int g = 0; g < explanation.groups().size(); g++) {
			for (int r : explanation.groups().get(g).replicas()) {
				groupOf.put(r, g);
			}
		}
		Map<Integer, ReplicaTrace> traced = new HashMap<>();
		result.trace().replicas().forEach(t -> traced.put(t.replica(), t));
		List<Cell> cells = new ArrayList<>();
		int emptyQueue = 0;
		for (int replica : consensus.committee()) {
			ReplicaTrace t = traced.get(replica);
			if (t == null) {
				cells.add(new Cell(replica, -1, -1, false, "did not make the request"));
				continue;
			}
			if (MockServers.isEmptyQueueAnswer(t.responseHeaders())) {
				emptyQueue++;
			}
			boolean late = t.shareHash() != null && t.arrivalMillis() > consensus.decidedAtMillis();
			// Short: a thousand outcalls carry thirteen of these each; the trace in the result has the rest.
			String title = t.outcome() + (t.status() == null ? "" : " " + t.status()) + (t.shareHash() == null ? "" : ", " + t.arrivalMillis() + " ms")
					+ (late ? ", after the decision" : "");
			cells.add(new Cell(replica, groupOf.getOrDefault(replica, -1), t.shareHash() == null ? -1 : t.arrivalMillis(), late, title));
		}
		return new OutcallView(record, verdict(result), consensus.faultsTolerated(), consensus.threshold(), consensus.decidedAtMillis(), cells,
				result.cost().describe(), explanation, emptyQueue);
	}

	private static String verdict(OutcallResult result) {
		if (result.isReply()) {
			return "agreed";
		}
		Decision d = result.trace().consensus().decision();
		return switch (d) {
			case AGREED -> "agreed reject";
			case DIVERGED -> "no consensus";
			case TIMED_OUT -> "timed out";
			case NOT_REACHED -> "not reached";
			default -> d.label();
		};
	}

	/** Whether the outcall delivered a response. */
	boolean agreed() {
		return record.agreed();
	}

	/** The size of the largest group: how close the outcall came to the threshold. */
	int largestGroup() {
		return explanation.groups().isEmpty() ? 0 : explanation.groups().get(0).replicas().size();
	}
}
