package io.github.subnetsim.internal.wire;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Shared request and client builders for the wire tests. */
final class WireTesting {

	static final long CAP = 2_000_000;

	private WireTesting() {
	}

	static WireClient client(Duration requestTimeout) {
		return new WireClient(ScriptedTlsServer.trustingClient(), null, Duration.ofSeconds(2), requestTimeout);
	}

	static WireClient client() {
		return client(Duration.ofSeconds(5));
	}

	static WireRequest get(ScriptedTlsServer server) {
		return new WireRequest("GET", "localhost", server.port(), "/", List.of(), new byte[0]);
	}

	static WireRequest request(String method, int port, List<WireHeader> headers, String body) {
		return new WireRequest(method, "localhost", port, "/p?q=1", headers, body.getBytes(StandardCharsets.UTF_8));
	}

	static String utf8(byte[] b) {
		return new String(b, StandardCharsets.UTF_8);
	}

	/** A script that reads the request and answers with the given raw bytes, then closes. */
	static ScriptedTlsServer.Script answer(String raw) {
		return c -> {
			c.readRequest();
			c.write(raw);
		};
	}

	/** A script that answers every request on the connection with the given raw bytes until the client closes. */
	static ScriptedTlsServer.Script keepAnswering(String raw) {
		return c -> {
			while (c.readRequest() != null) {
				c.write(raw);
			}
		};
	}
}
