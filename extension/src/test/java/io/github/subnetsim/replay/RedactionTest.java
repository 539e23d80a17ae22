package io.github.subnetsim.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;

/** Issue 15: secrets never reach a fixture unless asked, each kind tested; replay still matches a redacted URL. */
class RedactionTest {

	private static final long CYCLES = 100_000_000_000L;
	private static final Responder WITH_COOKIE = (i, r, s) -> HttpResponse.of(200,
			List.of(HttpHeader.of("Set-Cookie", "session=s3cret-session"), HttpHeader.of("X-Kept", "visible")), "{\"ok\":true}");

	private static String record(Recorder recorder, HttpRequestArgs args) {
		try (Subnet s = Subnet.builder().replicas(4).responder(WITH_COOKIE).record(recorder).build()) {
			s.httpRequest(args);
		}
		return recorder.toJson();
	}

	private static HttpRequestArgs.Builder get(String url) {
		return HttpRequestArgs.get(url).cycles(CYCLES);
	}

	@Test
	void requestCredentialHeadersAreRedacted() {
		String json = record(Recorder.create(), get("https://api.example.com/x").header("Authorization", "Bearer s3cret-token")
				.header("Cookie", "sid=s3cret-cookie").header("Proxy-Authorization", "Basic s3cret-proxy").header("Accept", "application/json").build());
		assertFalse(json.contains("s3cret"), json);
		assertTrue(json.contains("\"value\" : \"[redacted]\""), json);
		assertTrue(json.contains("\"value\" : \"application/json\""), "other headers are kept: " + json);
		assertTrue(json.contains("request header authorization"), json);
		assertTrue(json.contains("request header cookie"), json);
		assertTrue(json.contains("request header proxy-authorization"), json);
	}

	@Test
	void setCookieIsRedacted() {
		String json = record(Recorder.create(), get("https://api.example.com/x").build());
		assertFalse(json.contains("s3cret-session"), json);
		assertTrue(json.contains("\"value\" : \"visible\""), json);
		assertTrue(json.contains("response header set-cookie"), json);
	}

	@Test
	void apiKeyLikeQueryParametersAreRedacted() {
		for (String name : List.of("api_key", "apikey", "key", "token", "access_token", "secret", "API_KEY")) {
			String json = record(Recorder.create(), get("https://api.example.com/x?base=USD&" + name + "=s3cret&n=1").build());
			assertFalse(json.contains("s3cret"), name + ": " + json);
			assertTrue(json.contains("https://api.example.com/x?base=USD&" + name + "=REDACTED&n=1"), name + ": " + json);
			assertTrue(json.contains("query parameter " + name.toLowerCase()), json);
		}
	}

	@Test
	void rulesAreConfigurable() {
		String json = record(Recorder.create(Redaction.defaults().requestHeader("X-Api-Key").queryParameter("sig").responseHeader("X-Kept")),
				get("https://api.example.com/x?sig=s3cret").header("X-Api-Key", "s3cret").build());
		assertFalse(json.contains("s3cret"), json);
		assertFalse(json.contains("visible"), json);
		String none = record(Recorder.create(Redaction.none()), get("https://api.example.com/x?api_key=s3cret").header("Authorization", "s3cret").build());
		assertTrue(none.contains("api_key=s3cret"), none);
		assertTrue(none.contains("\"redacted\" : \"nothing found to redact"), none);
	}

	@Test
	void aRedactedQueryValueMatchesAnyValueOnReplay(@TempDir Path dir) {
		Recorder recorder = Recorder.create();
		record(recorder, get("https://api.example.com/x?api_key=recorded-key").build());
		Path fixture = recorder.write(dir.resolve("x.json"));
		try (Subnet s = Subnet.builder().replicas(4).replay(fixture).build()) {
			OutcallResult r = s.httpRequest(get("https://api.example.com/x?api_key=ci-key").build());
			assertInstanceOf(OutcallResult.Reply.class, r);
			assertEquals("[redacted]", r.trace().replicas().get(0).responseHeaders().get(0).value(), "what the fixture holds is replayed");
		}
	}
}
