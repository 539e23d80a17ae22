package io.github.subnetsim.internal.report;

import java.util.ArrayList;
import java.util.List;

import io.github.subnetsim.Finding;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.cost.RequestSize;
import io.github.subnetsim.trace.Decision;

/**
 * One outcall of a test run, as the CI gate records and compares it.
 *
 * <pre>{@code
 * OutcallRecord r = OutcallRecord.of("[engine:junit-jupiter]/[class:PriceFeedTest]/[method:agrees()]", "agrees()", 0, args, result);
 * r.key(); // testId#0
 * }</pre>
 *
 * @param testId the JUnit unique id of the test that made the outcall
 * @param testName its display name
 * @param sequence the outcall's position within that test (0, 1, …)
 * @param method the HTTP method
 * @param url the URL
 * @param replicas the committee size
 * @param profile the replica profile
 * @param outcome {@code reply}, or {@code reject:<code>} (for example {@code reject:2})
 * @param status the agreed status, or 0 for a reject
 * @param agreement how many replicas signed the delivered result (0 when none was delivered by consensus)
 * @param cost cycles charged
 * @param requestBytes the priced request size
 * @param maxResponseBytes the request's max_response_bytes, or -1 when unset
 * @param responseBytes the delivered response's size (header names and values plus body), 0 for a reject
 * @param message the reject message, or empty
 * @param findings each {@link io.github.subnetsim.Finding} of the outcall as {@code message. fix}, most important first;
 *        empty when there are none (and in reports written before findings existed)
 */
public record OutcallRecord(String testId, String testName, int sequence, String method, String url, int replicas, String profile,
		String outcome, int status, int agreement, long cost, long requestBytes, long maxResponseBytes, long responseBytes, String message,
		List<String> findings, String network, int serverAddresses) {

	/** Copies the findings; an older report has none. */
	public OutcallRecord {
		findings = findings == null ? List.of() : List.copyOf(findings);
		network = network == null ? "" : network;
	}

	/** A record from before the network model: network and addresses unknown. */
	public OutcallRecord(String testId, String testName, int sequence, String method, String url, int replicas, String profile,
			String outcome, int status, int agreement, long cost, long requestBytes, long maxResponseBytes, long responseBytes, String message,
			List<String> findings) {
		this(testId, testName, sequence, method, url, replicas, profile, outcome, status, agreement, cost, requestBytes, maxResponseBytes,
				responseBytes, message, findings, "", 0);
	}

	/** A record without findings. */
	public OutcallRecord(String testId, String testName, int sequence, String method, String url, int replicas, String profile,
			String outcome, int status, int agreement, long cost, long requestBytes, long maxResponseBytes, long responseBytes, String message) {
		this(testId, testName, sequence, method, url, replicas, profile, outcome, status, agreement, cost, requestBytes, maxResponseBytes,
				responseBytes, message, List.of());
	}

	/** The record of one outcall. */
	public static OutcallRecord of(String testId, String testName, int sequence, HttpRequestArgs args, OutcallResult result) {
		int committee = result.trace().consensus().committee().size();
		String outcome;
		int status = 0;
		int agreement = 0;
		long responseBytes = 0;
		String message = "";
		if (result instanceof OutcallResult.Reply r) {
			outcome = "reply";
			status = r.response().status();
			agreement = r.agreement();
			responseBytes = r.response().byteSize();
		}
		else {
			OutcallResult.Reject j = (OutcallResult.Reject) result;
			outcome = "reject:" + j.code().code();
			message = j.message();
			var groups = result.trace().consensus().groups();
			if (result.trace().consensus().decision() == Decision.AGREED && !groups.isEmpty()) {
				// Every replica that signed the agreed reject, including shares after the decision.
				String agreed = groups.keySet().iterator().next();
				agreement = (int) result.trace().replicas().stream().filter(t -> agreed.equals(t.shareHash())).count();
			}
		}
		return new OutcallRecord(testId, testName, sequence, args.method().name(), withoutLoopbackPort(args.url()), committee, result.trace().profile(),
				outcome, status, agreement, result.cost().total(), RequestSize.of(args).total(),
				args.maxResponseBytes() == null ? -1 : args.maxResponseBytes(), responseBytes, message, findings(result), network(result),
				result.trace().serverAddresses().size());
	}

	/** How the replicas reached the server, from the trace: the paths taken, or empty when none reached it. */
	private static String network(OutcallResult result) {
		java.util.TreeSet<String> paths = new java.util.TreeSet<>();
		for (io.github.subnetsim.trace.ReplicaTrace t : result.trace().replicas()) {
			if (t.path() != null) {
				paths.add(t.path().label());
			}
		}
		return String.join(", ", paths);
	}

	private static List<String> findings(OutcallResult result) {
		List<String> out = new ArrayList<>();
		for (Finding f : result.findings()) {
			out.add(f.message() + ". " + f.fix());
		}
		return out;
	}

	private static final java.util.regex.Pattern LOOPBACK_PORT = java.util.regex.Pattern
			.compile("^([A-Za-z][A-Za-z0-9+.-]*://)(localhost|127(?:\\.[0-9]{1,3}){3}|\\[::1\\])(:[0-9]+)(?=[/?#]|$)");

	/**
	 * The URL with a loopback server's port replaced by {@code {port}}: test servers take an ephemeral port, and a
	 * baseline that stored it would differ on every run.
	 */
	static String withoutLoopbackPort(String url) {
		return LOOPBACK_PORT.matcher(url).replaceFirst("$1$2:{port}");
	}

	/** Identifies the outcall across runs: the test and the outcall's position in it. */
	public String key() {
		return testId + "#" + sequence;
	}

	/** Whether the outcall delivered a response. */
	public boolean agreed() {
		return outcome.equals("reply");
	}
}
