package io.github.subnetsim.internal.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpMethod;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.RejectCode;
import io.github.subnetsim.internal.fetch.FetchOutcome;
import io.github.subnetsim.replay.FixtureException;
import io.github.subnetsim.replay.Redaction;
import io.github.subnetsim.trace.RejectReason;

/**
 * Writes and reads fixtures ({@code "format": "subnet-sim-fixture", "version": 1}). Indented, fields in a fixed
 * order and bodies in base64 with their length and SHA-256, so a fixture diffs well in review and a truncated or
 * edited body is caught rather than replayed.
 *
 * <pre>{@code
 * String json = FixtureJson.write(exchanges, Redaction.defaults(), "SEED_DOCUMENTED", 7, 13, "2026-01-01T00:00:00Z");
 * Fixture f = FixtureJson.read(Path.of("rates.json"));
 * }</pre>
 */
public final class FixtureJson {

	private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

	private static final String RERECORD = "re-record it (Recorder, or ./subnet-sim probe URL --record FILE; see docs/record-and-replay.md)";

	private FixtureJson() {
	}

	/**
	 * The fixture of one outcall.
	 *
	 * @param exchanges one per recorded replica, by index; the first gives the fixture's request
	 * @param rules what to redact
	 * @param profile the profile's name
	 * @param seed the subnet's seed
	 * @param n the subnet's size
	 * @param recordedAt when, ISO-8601
	 * @return indented JSON, ending in a newline
	 */
	public static String write(List<Exchange> exchanges, Redaction rules, String profile, long seed, int n, String recordedAt) {
		Redactor redactor = new Redactor(rules);
		Exchange first = exchanges.get(0);
		ObjectNode root = JSON.createObjectNode();
		root.put("format", Fixture.FORMAT);
		root.put("version", Fixture.VERSION);
		root.put("about", "One outcall's raw responses as each replica received them, recorded by subnet-sim; replay with "
				+ "Subnet.builder().replay(path) or @SimulatedSubnet(replay = ...). See docs/record-and-replay.md.");
		root.put("recordedAt", recordedAt);
		root.put("profile", profile);
		root.put("seed", seed);
		root.put("n", n);
		ObjectNode request = root.putObject("request");
		putRequest(request, first, redactor);
		ArrayNode replicas = root.putArray("replicas");
		for (Exchange e : exchanges) {
			ObjectNode r = replicas.addObject();
			r.put("replica", e.replica());
			r.put("source", e.outcome().source());
			r.put("fetchMillis", e.fetchMillis());
			// The route, only when there was one, so fixtures of offline replicas keep their layout.
			io.github.subnetsim.internal.fetch.PathTaken path = e.outcome().path();
			if (path.path() != null || !path.fallbacks().isEmpty()) {
				ObjectNode p = r.putObject("path");
				p.put("via", path.path() == null ? null : path.path().name());
				if (path.proxy() != null) {
					p.put("proxy", path.proxy());
				}
				ArrayNode fb = p.putArray("fallbacks");
				path.fallbacks().forEach(fb::add);
			}
			if (!e.outcome().notes().isEmpty()) {
				ArrayNode notes = r.putArray("notes");
				e.outcome().notes().forEach(notes::add);
			}
			if (e.method() != first.method() || !e.url().equals(first.url()) || !java.util.Arrays.equals(e.body(), first.body())) {
				putRequest(r.putObject("request"), e, redactor); // a request perturbation made this replica send another request
			}
			putHeaders(r.putArray("sentHeaders"), redactor.requestHeaders(e.sentHeaders()));
			if (e.outcome() instanceof FetchOutcome.Fetched f) {
				HttpResponse raw = f.response();
				ObjectNode resp = r.putObject("response");
				resp.put("status", raw.status());
				putHeaders(resp.putArray("headers"), redactor.responseHeaders(raw.headers()));
				resp.put("bodyLength", raw.bodyLength());
				resp.put("bodySha256", Sha256.hex(raw.body()));
				resp.put("body", Base64.getEncoder().encodeToString(raw.body()));
			}
			else {
				FetchOutcome.Failed failed = (FetchOutcome.Failed) e.outcome();
				ObjectNode fail = r.putObject("failure");
				fail.put("reason", failed.reason().name());
				fail.put("code", failed.code().code());
				fail.put("message", failed.message());
				fail.put("downloadedBytes", failed.downloadedBytes());
			}
		}
		// Written last, once every value has been through the redactor, then moved up for the reader's eye.
		ObjectNode ordered = JSON.createObjectNode();
		ordered.set("format", root.get("format"));
		ordered.set("version", root.get("version"));
		ordered.set("about", root.get("about"));
		ordered.put("redacted", redactor.summary());
		root.fields().forEachRemaining(f -> ordered.set(f.getKey(), f.getValue()));
		try {
			return JSON.writeValueAsString(ordered) + "\n";
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("a tree of plain nodes always writes", e);
		}
	}

	private static void putRequest(ObjectNode n, Exchange e, Redactor redactor) {
		n.put("method", e.method().name());
		n.put("url", redactor.url(e.url()));
		n.put("body", Base64.getEncoder().encodeToString(e.body()));
	}

	private static void putHeaders(ArrayNode array, List<HttpHeader> headers) {
		for (HttpHeader h : headers) {
			array.addObject().put("name", h.name()).put("value", h.value());
		}
	}

	/**
	 * Reads and checks a fixture.
	 *
	 * @param file the fixture
	 * @return what it holds
	 * @throws FixtureException naming the file, the problem and the fix
	 */
	public static Fixture read(Path file) {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		}
		catch (NoSuchFileException e) {
			throw new FixtureException(file, "does not exist (working directory " + Path.of("").toAbsolutePath() + ")",
					"give a path relative to the working directory or an absolute one, or record it first");
		}
		catch (IOException e) {
			throw new FixtureException(file, "cannot be read (" + e + ")", "check the file's permissions", e);
		}
		JsonNode root;
		try {
			root = JSON.readTree(bytes);
		}
		catch (IOException e) {
			String where = e instanceof JsonProcessingException j && j.getLocation() != null
					? " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() : "";
			throw new FixtureException(file, "is not complete JSON" + where + " (" + firstLine(e.getMessage()) + "): it was truncated or edited by hand",
					RERECORD, e);
		}
		return new Reader(file, root).fixture();
	}

	private static String firstLine(String s) {
		if (s == null) {
			return "no detail";
		}
		int nl = s.indexOf('\n');
		return nl < 0 ? s : s.substring(0, nl);
	}

	/** Reads one tree, naming the JSON path of anything missing or wrong. */
	private static final class Reader {
		private final Path file;
		private final JsonNode root;

		Reader(Path file, JsonNode root) {
			this.file = file;
			this.root = root;
		}

		Fixture fixture() {
			if (root == null || !root.isObject()) {
				throw bad("is not a JSON object", RERECORD);
			}
			JsonNode format = root.get("format");
			if (format == null || !Fixture.FORMAT.equals(format.asText())) {
				throw bad("is not a subnet-sim fixture (\"format\" is " + format + ", expected \"" + Fixture.FORMAT + "\")",
						"replay a file written by Recorder or ./subnet-sim probe --record");
			}
			JsonNode version = root.get("version");
			if (version == null || !version.canConvertToInt()) {
				throw bad("has no integer \"version\"", RERECORD);
			}
			if (version.asInt() > Fixture.VERSION) {
				throw bad("is fixture format version " + version.asInt() + ", written by a newer subnet-sim; this one reads version " + Fixture.VERSION,
						"upgrade subnet-sim, or re-record the fixture with this version");
			}
			if (version.asInt() < 1) {
				throw bad("has \"version\": " + version.asInt() + ", which no subnet-sim wrote", RERECORD);
			}
			String profile = text(root, "profile");
			long seed = number(root, "seed");
			int n = (int) number(root, "n");
			String redacted = root.has("redacted") ? root.get("redacted").asText() : "unknown";
			JsonNode request = object(root, "request", "request");
			JsonNode replicas = root.get("replicas");
			if (replicas == null || !replicas.isArray() || replicas.isEmpty()) {
				throw bad("has no \"replicas\" (or an empty list): it was truncated or edited by hand", RERECORD);
			}
			List<Fixture.Entry> entries = new ArrayList<>();
			for (int i = 0; i < replicas.size(); i++) {
				entries.add(entry(replicas.get(i), "replicas[" + i + "]", request));
				if (i > 0 && entries.get(i).replica() <= entries.get(i - 1).replica()) {
					throw bad("lists replica " + entries.get(i).replica() + " after replica " + entries.get(i - 1).replica()
							+ " (replicas must be in index order without duplicates)", RERECORD);
				}
			}
			return new Fixture(file, profile, seed, n, redacted, entries);
		}

		private Fixture.Entry entry(JsonNode e, String at, JsonNode topRequest) {
			if (!e.isObject()) {
				throw bad(at + " is not an object", RERECORD);
			}
			int replica = (int) number(e, "replica", at);
			JsonNode req = e.has("request") ? object(e, "request", at + ".request") : topRequest;
			String reqAt = e.has("request") ? at + ".request" : "request";
			HttpMethod method;
			try {
				method = HttpMethod.valueOf(text(req, "method", reqAt));
			}
			catch (IllegalArgumentException x) {
				throw bad(reqAt + ".method is " + req.get("method") + ", not an HTTP method", RERECORD);
			}
			String url = text(req, "url", reqAt);
			byte[] body = base64(req, "body", reqAt);
			List<HttpHeader> sent = headers(e, "sentHeaders", at);
			long millis = e.has("fetchMillis") ? number(e, "fetchMillis", at) : 0;
			String source = text(e, "source", at);
			io.github.subnetsim.internal.fetch.PathTaken path = path(e, at);
			List<String> notes = new java.util.ArrayList<>();
			if (e.has("notes") && e.get("notes").isArray()) {
				e.get("notes").forEach(n -> notes.add(n.asText()));
			}
			if (e.has("response")) {
				return new Fixture.Entry(replica, source, method, url, body, sent, millis, response(object(e, "response", at + ".response"),
						at + ".response", replica), null, path, notes);
			}
			if (e.has("failure")) {
				JsonNode f = object(e, "failure", at + ".failure");
				String fAt = at + ".failure";
				RejectReason reason;
				RejectCode code;
				try {
					reason = RejectReason.valueOf(text(f, "reason", fAt));
					code = RejectCode.of((int) number(f, "code", fAt));
				}
				catch (IllegalArgumentException x) {
					throw bad(fAt + " has an unknown reason or code (" + x.getMessage() + ")", RERECORD);
				}
				return new Fixture.Entry(replica, source, method, url, body, sent, millis, null,
						new Fixture.Failure(reason, code, text(f, "message", fAt), number(f, "downloadedBytes", fAt)), path, notes);
			}
			throw bad(at + " has neither \"response\" nor \"failure\": it was truncated or edited by hand", RERECORD);
		}

		private io.github.subnetsim.internal.fetch.PathTaken path(JsonNode e, String at) {
			if (!e.has("path")) {
				return io.github.subnetsim.internal.fetch.PathTaken.NONE;
			}
			JsonNode p = object(e, "path", at + ".path");
			io.github.subnetsim.trace.NetworkPath via = null;
			if (p.hasNonNull("via")) {
				try {
					via = io.github.subnetsim.trace.NetworkPath.valueOf(p.get("via").asText());
				}
				catch (IllegalArgumentException x) {
					throw bad(at + ".path.via is " + p.get("via") + ", not DIRECT_IPV6, DIRECT_IPV4 or SOCKS_PROXY", RERECORD);
				}
			}
			List<String> fallbacks = new java.util.ArrayList<>();
			if (p.has("fallbacks")) {
				p.get("fallbacks").forEach(n -> fallbacks.add(n.asText()));
			}
			return new io.github.subnetsim.internal.fetch.PathTaken(via, p.hasNonNull("proxy") ? p.get("proxy").asInt() : null, fallbacks);
		}

		private HttpResponse response(JsonNode r, String at, int replica) {
			int status = (int) number(r, "status", at);
			List<HttpHeader> headers = headers(r, "headers", at);
			byte[] body = base64(r, "body", at);
			if (r.has("bodyLength") && number(r, "bodyLength", at) != body.length) {
				throw bad(at + ".body is " + body.length + " bytes but bodyLength says " + r.get("bodyLength") + ": the body was truncated or edited",
						RERECORD + ", or if the edit is intended, update or delete \"bodyLength\" and \"bodySha256\"");
			}
			if (r.has("bodySha256") && !Sha256.hex(body).equals(r.get("bodySha256").asText())) {
				throw bad(at + ".body does not match its bodySha256 (replica " + replica + "): the body was edited",
						RERECORD + ", or if the edit is intended, delete \"bodySha256\" (and fix \"bodyLength\")");
			}
			try {
				return new HttpResponse(status, headers, body);
			}
			catch (IllegalArgumentException x) {
				throw bad(at + ": " + x.getMessage(), RERECORD);
			}
		}

		private List<HttpHeader> headers(JsonNode n, String field, String at) {
			JsonNode a = n.get(field);
			if (a == null || !a.isArray()) {
				throw bad(at + "." + field + " is missing or not a list: it was truncated or edited by hand", RERECORD);
			}
			List<HttpHeader> out = new ArrayList<>(a.size());
			for (int i = 0; i < a.size(); i++) {
				String hAt = at + "." + field + "[" + i + "]";
				out.add(new HttpHeader(text(a.get(i), "name", hAt), text(a.get(i), "value", hAt)));
			}
			return out;
		}

		private byte[] base64(JsonNode n, String field, String at) {
			String s = text(n, field, at);
			try {
				return Base64.getDecoder().decode(s);
			}
			catch (IllegalArgumentException x) {
				throw bad(at + "." + field + " is not base64 (" + x.getMessage() + ")", RERECORD + "; bodies are stored as base64");
			}
		}

		private String text(JsonNode n, String field) {
			return text(n, field, null);
		}

		private String text(JsonNode n, String field, String at) {
			JsonNode v = n == null ? null : n.get(field);
			if (v == null || !v.isTextual()) {
				throw bad(name(at, field) + " is missing or not a string: it was truncated or edited by hand", RERECORD);
			}
			return v.asText();
		}

		private long number(JsonNode n, String field) {
			return number(n, field, null);
		}

		private long number(JsonNode n, String field, String at) {
			JsonNode v = n.get(field);
			if (v == null || !v.isIntegralNumber()) {
				throw bad(name(at, field) + " is missing or not an integer: it was truncated or edited by hand", RERECORD);
			}
			return v.asLong();
		}

		private JsonNode object(JsonNode n, String field, String at) {
			JsonNode v = n.get(field);
			if (v == null || !v.isObject()) {
				throw bad(at + " is missing or not an object: it was truncated or edited by hand", RERECORD);
			}
			return v;
		}

		private static String name(String at, String field) {
			return "\"" + (at == null ? field : at + "." + field) + "\"";
		}

		private FixtureException bad(String problem, String fix) {
			return new FixtureException(file, problem, fix);
		}
	}
}
