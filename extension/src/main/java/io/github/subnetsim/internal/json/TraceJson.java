package io.github.subnetsim.internal.json;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.trace.ConsensusTrace;
import io.github.subnetsim.trace.ReplicaTrace;
import io.github.subnetsim.trace.Trace;

/**
 * Writes a {@link Trace} as JSON, field by field in the records' order, so the public trace types carry no Jackson
 * annotations and the bytes stay stable: the same outcall gives the same text.
 */
public final class TraceJson {

	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private TraceJson() {
	}

	/**
	 * The trace as indented JSON.
	 *
	 * @param t the trace
	 * @return the JSON text
	 */
	public static String write(Trace t) {
		ObjectNode o = JSON.createObjectNode();
		o.put("requestId", t.requestId());
		o.put("seed", t.seed());
		o.put("profile", t.profile());
		o.put("method", t.method());
		o.put("url", t.url());
		o.put("replicated", t.replicated());
		o.put("stage", t.stage().label());
		ArrayNode replicas = o.putArray("replicas");
		for (ReplicaTrace r : t.replicas()) {
			replicas.add(replica(r));
		}
		o.set("consensus", consensus(t.consensus()));
		try {
			return JSON.writeValueAsString(o);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("trace could not be serialised", e);
		}
	}

	private static ObjectNode replica(ReplicaTrace r) {
		ObjectNode o = JSON.createObjectNode();
		o.put("replica", r.replica());
		o.put("source", r.source());
		headers(o.putArray("requestHeaders"), r.requestHeaders());
		if (r.status() == null) {
			o.putNull("status");
		}
		else {
			o.put("status", r.status());
		}
		headers(o.putArray("responseHeaders"), r.responseHeaders());
		o.put("responseBodyBytes", r.responseBodyBytes());
		o.put("responseBodySha256", r.responseBodySha256());
		ArrayNode p = o.putArray("perturbations");
		r.perturbations().forEach(p::add);
		o.put("outcome", r.outcome());
		o.put("rejectReason", r.rejectReason() == null ? null : r.rejectReason().name());
		o.put("shareHash", r.shareHash());
		if (r.transformedBytes() == null) {
			o.putNull("transformedBytes");
		}
		else {
			o.put("transformedBytes", r.transformedBytes());
		}
		o.put("arrivalMillis", r.arrivalMillis());
		nullable(o, "realMillis", r.realMillis());
		nullable(o, "realArrivalMillis", r.realArrivalMillis());
		nullable(o, "loweredTimeoutMillis", r.loweredTimeoutMillis());
		nullable(o, "transformInstructions", r.transformInstructions());
		o.put("path", r.path() == null ? null : r.path().name());
		if (r.proxy() == null) {
			o.putNull("proxy");
		}
		else {
			o.put("proxy", r.proxy());
		}
		ArrayNode fb = o.putArray("fallbacks");
		r.fallbacks().forEach(fb::add);
		return o;
	}

	private static void nullable(ObjectNode o, String field, Long value) {
		if (value == null) {
			o.putNull(field);
		}
		else {
			o.put(field, value);
		}
	}

	private static void headers(ArrayNode into, List<HttpHeader> headers) {
		for (HttpHeader h : headers) {
			into.addObject().put("name", h.name()).put("value", h.value());
		}
	}

	private static ObjectNode consensus(ConsensusTrace c) {
		ObjectNode o = JSON.createObjectNode();
		ArrayNode committee = o.putArray("committee");
		c.committee().forEach(committee::add);
		o.put("faultsTolerated", c.faultsTolerated());
		o.put("threshold", c.threshold());
		ObjectNode groups = o.putObject("groups");
		for (Map.Entry<String, List<Integer>> g : c.groups().entrySet()) {
			ArrayNode members = groups.putArray(g.getKey());
			g.getValue().forEach(members::add);
		}
		o.put("decision", c.decision().label());
		o.put("decidedAtMillis", c.decidedAtMillis());
		o.put("sharesSeen", c.sharesSeen());
		return o;
	}
}
