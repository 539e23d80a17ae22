package io.github.subnetsim.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.ReplicaNetwork;
import io.github.subnetsim.assertions.DivergenceReport;
import io.github.subnetsim.internal.text.RejectTexts;
import io.github.subnetsim.trace.Decision;
import io.github.subnetsim.trace.RejectReason;

/** What the probe found, as text for people and as one JSON document for scripts. */
final class ProbeReport {

	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private final ProbeOptions options;
	private final String url;
	private final boolean demo;
	private OutcallResult first;
	private DivergenceReport firstReport;
	private OutcallResult second;
	private String transformCode;
	private long largest;
	private long recommended;
	private final Map<Integer, long[]> costs = new LinkedHashMap<>();
	private int exit;

	ProbeReport(ProbeOptions options, String url, boolean demo) {
		this.options = options;
		this.url = url;
		this.demo = demo;
	}

	void first(OutcallResult r, DivergenceReport report) {
		this.first = r;
		this.firstReport = report;
	}

	void second(OutcallResult r, String code) {
		this.second = r;
		this.transformCode = code;
	}

	void sizing(long largestSeen, long recommendedBytes) {
		this.largest = largestSeen;
		this.recommended = recommendedBytes;
	}

	void cost(int n, long unset, long withRecommended) {
		costs.put(n, new long[] { unset, withRecommended });
	}

	void exit(int code) {
		this.exit = code;
	}

	private static String outcome(OutcallResult r) {
		if (r instanceof OutcallResult.Reply reply) {
			return "agreed by " + reply.agreement() + " of " + r.trace().consensus().committee().size() + " replicas: status "
					+ reply.response().status() + ", " + reply.response().byteSize() + " bytes";
		}
		OutcallResult.Reject j = (OutcallResult.Reject) r;
		String m = j.message().length() > 140 ? j.message().substring(0, 137) + "..." : j.message();
		// "agreed" alone reads like success; an agreed reject is consensus on an error, and says so.
		String decision = agreedReject(r) ? "agreed reject (" + agreement(r) + " replicas signed the same error)" : r.trace().consensus().decision().label();
		return decision + ": " + j.code().displayName() + " (" + j.code().code() + ") " + m;
	}

	/** Consensus reached on a reject: every replica (enough of them) hit the same error. */
	static boolean agreedReject(OutcallResult r) {
		return !r.isReply() && r.trace().consensus().decision() == Decision.AGREED;
	}

	/** Every replica that signed the agreed reject, including shares that arrived after the decision. */
	private static long agreement(OutcallResult r) {
		String agreed = r.trace().consensus().groups().keySet().stream().findFirst().orElse("");
		return r.trace().replicas().stream().filter(t -> agreed.equals(t.shareHash())).count();
	}

	/**
	 * Whether the replicas could not verify the server's certificate: the replica's text then says {@code kind: Other}
	 * or {@code Tls}, with the JDK's reason, and nothing about the flag that fixes it.
	 */
	static boolean untrustedCertificate(OutcallResult r) {
		if (!(r instanceof OutcallResult.Reject j) || j.reason() != RejectReason.CONNECT_FAILED) {
			return false;
		}
		String m = j.message();
		// The words of the adapter's connect text for a certificate the replica cannot verify (rustls' InvalidCertificate,
		// as subnet-sim renders it), and the JDK's: no path to a trusted CA, a CA of the same name but another key.
		for (String sign : new String[] { "InvalidCertificate", "PKIX", "certification path", "Signature does not match", "certificate", "kind: Tls" }) {
			if (m.contains(sign)) {
				return true;
			}
		}
		return false;
	}

	private ReplicaNetwork network() {
		return options.network() != null ? options.network() : ReplicaNetwork.of(options.profile());
	}

	/** Every replica failed to connect on an IPv6-only network: the server does not accept IPv6, or has no IPv6 address. */
	private boolean noIpv6(OutcallResult r) {
		return network() == ReplicaNetwork.IPV6_ONLY && r instanceof OutcallResult.Reject j && j.reason() == RejectReason.CONNECT_FAILED;
	}

	private String ipv6Hint() {
		return "   No replica could connect over IPv6: the server does not accept IPv6 connections, or its name has no IPv6\n"
				+ "   address. Mainnet replicas connect over IPv6 only (seed-documented profile), so this is what a canister sees.\n"
				+ "   Make the server listen on IPv6 too (for example on ::), or see how today's replica reaches it through its\n"
				+ "   SOCKS proxies: ./subnet-sim probe " + url + " --profile current-replica  (docs/network.md)\n";
	}

	private String cacertHint() {
		return "   The replicas do not trust the server's TLS certificate. Pass the CA (or the self-signed certificate) that\n"
				+ "   signed it, in PEM: ./subnet-sim probe " + url + " --cacert ca.pem\n";
	}

	String toText() {
		StringBuilder b = new StringBuilder();
		b.append("subnet-sim probe: ").append(options.method()).append(' ').append(url).append(demo ? "  (embedded demo API)" : "").append('\n');
		b.append(options.replicas()).append(" replicas, profile ").append(options.profile()).append(", network ").append(network().label())
				.append(", seed ").append(options.seed()).append("\n\n");
		b.append("1. The outcall as given").append(options.transform() == null ? " (no transform)" : " (transform " + options.transform() + ")")
				.append("\n   ").append(outcome(first)).append('\n');
		if (untrustedCertificate(first)) {
			b.append(cacertHint());
		}
		else if (noIpv6(first)) {
			b.append(ipv6Hint());
		}
		else if (firstReport.diverged()) {
			b.append(summary(firstReport));
		}
		String seen = firstReport.renderNetwork();
		if (!seen.isEmpty()) {
			b.append(seen.indent(3));
		}
		b.append("\n2. Suggested transform\n   ");
		if (second != null) {
			b.append(transformCode).append('\n');
		}
		else if (first.isReply()) {
			b.append("none needed: the replicas already agree\n");
		}
		else if (agreedReject(first)) {
			b.append("none: the replicas agree, on a reject; a transform only sees responses, so none can help\n");
		}
		else {
			b.append("none: no transform helper removes these differences (see above)\n");
		}
		b.append("\n3. The outcall with the suggested transform\n   ");
		if (second != null) {
			b.append(outcome(second)).append('\n');
		}
		else {
			b.append("not run: ").append(first.isReply() ? "the outcall as given already reached consensus"
					: untrustedCertificate(first) ? "no replica got a response to transform (the TLS certificate is not trusted: see --cacert above)"
					: agreedReject(first) ? "no replica got a response to transform (an agreed reject)"
					: "there is no transform to try").append('\n');
		}
		b.append("\n4. Size\n   largest response seen: ").append(RejectTexts.underscores(largest)).append(" bytes (header names and values + body)\n")
				.append("   recommended max_response_bytes: ").append(RejectTexts.underscores(recommended))
				.append(" (largest + 25 %, at least 1 KiB, rounded up to a KiB)\n");
		b.append("\n5. Cycles per outcall (").append(options.profile()).append(", pricing v1)\n");
		b.append(String.format(java.util.Locale.ROOT, "   %-9s %-30s %s%n", "replicas", "max_response_bytes unset", "max_response_bytes " + RejectTexts.underscores(recommended)));
		for (Map.Entry<Integer, long[]> e : costs.entrySet()) {
			b.append(String.format(java.util.Locale.ROOT, "   %-9d %-30s %s%n", e.getKey(), RejectTexts.underscores(e.getValue()[0]),
					RejectTexts.underscores(e.getValue()[1])));
		}
		OutcallResult last = second != null ? second : first;
		b.append('\n').append(exit == 0 ? "Result: consensus reached" + (second != null ? " with the suggested transform." : ".")
				: agreedReject(last) ? "Result: agreed reject: consensus on an error, no response delivered" + (untrustedCertificate(last) ? " (use --cacert)." : ".")
				: "Result: no consensus.").append(" (exit ").append(exit).append(")\n");
		return b.toString();
	}

	String toJson() {
		ObjectNode root = JSON.createObjectNode();
		root.put("url", url);
		root.put("demo", demo);
		root.put("method", options.method().name());
		root.put("replicas", options.replicas());
		root.put("requestsPerOutcall", options.replicas());
		root.put("profile", options.profile().name());
		root.put("network", network().name());
		root.put("seed", options.seed());
		root.set("first", outcall(first));
		ObjectNode seen = root.putObject("serverAddresses");
		first.trace().serverAddresses().forEach((address, rs) -> {
			com.fasterxml.jackson.databind.node.ArrayNode a = seen.putArray(address);
			rs.forEach(a::add);
		});
		com.fasterxml.jackson.databind.node.ArrayNode limited = root.putArray("rateLimitedReplicas");
		firstReport.rateLimitedReplicas().forEach(limited::add);
		root.set("divergence", parse(firstReport.toJson()));
		root.put("suggestedTransform", second == null ? firstReport.suggestedTransformCode() : transformCode);
		if (second != null) {
			root.set("withSuggestedTransform", outcall(second));
		}
		root.put("largestResponseBytes", largest);
		root.put("recommendedMaxResponseBytes", recommended);
		ObjectNode cost = root.putObject("cycles");
		for (Map.Entry<Integer, long[]> e : costs.entrySet()) {
			ObjectNode c = cost.putObject(Integer.toString(e.getKey()));
			c.put("maxResponseBytesUnset", e.getValue()[0]);
			c.put("withRecommendedMaxResponseBytes", e.getValue()[1]);
		}
		root.put("consensus", exit == 0);
		root.put("exitCode", exit);
		try {
			return JSON.writeValueAsString(root) + "\n";
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}

	private static ObjectNode outcall(OutcallResult r) {
		ObjectNode n = JSON.createObjectNode();
		n.put("outcome", r.isReply() ? "reply" : "reject");
		n.put("decision", r.trace().consensus().decision().label());
		if (r instanceof OutcallResult.Reply reply) {
			n.put("agreement", reply.agreement());
			n.put("status", reply.response().status());
			n.put("responseBytes", reply.response().byteSize());
		}
		else {
			OutcallResult.Reject j = (OutcallResult.Reject) r;
			n.put("rejectCode", j.code().code());
			n.put("message", j.message());
		}
		n.put("cost", r.cost().total());
		return n;
	}

	private static JsonNode parse(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * What varied, the fix and the groups: the divergence report's lead block, the text failing matchers and
	 * report.html show too, indented under its section.
	 */
	static String summary(DivergenceReport report) {
		return report.renderSummary().indent(3);
	}

}
