package io.github.subnetsim.properties;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.profile.ReplicaProfile;
import io.github.subnetsim.server.MockServers;

/**
 * One property class's fixtures: a real TLS MockWebServer whose answer each try sets, and one subnet per (n,
 * profile), reused across tries. Reuse matters: every replica of a new subnet makes its own TLS handshake, and a
 * property draws many subnet sizes. Outcalls on a reused subnet get the next request id, so a try's per-replica
 * randomness depends on the tries before it; replaying the property's seed replays the whole sequence exactly.
 */
final class Rig implements AutoCloseable {

	/** Far more than any outcall here costs (40 replicas, 2 MB responses: below 10^11). */
	static final long CYCLES = 1_000_000_000_000_000L;

	/** Subnet seed: fixed, so the property seed alone decides a run. */
	private static final long SUBNET_SEED = 1;

	private final MockWebServer server = MockServers.startTls();
	private final AtomicReference<Function<RecordedRequest, MockResponse>> answer = new AtomicReference<>();
	private final Map<String, Subnet> subnets = new HashMap<>();

	Rig() {
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				Function<RecordedRequest, MockResponse> f = answer.get();
				return f == null ? new MockResponse.Builder().code(500).body("no answer set").build() : f.apply(request);
			}
		});
	}

	/** Every request gets this response (MockWebServer adds {@code content-length}). */
	void serve(HttpResponse response) {
		MockResponse.Builder b = new MockResponse.Builder().code(response.status());
		for (HttpHeader h : response.headers()) {
			b.addHeader(h.name(), h.value());
		}
		MockResponse mock = b.body(new Buffer().write(response.body())).build();
		answer.set(r -> mock);
	}

	/** Every request is answered by this function. */
	void answer(Function<RecordedRequest, MockResponse> f) {
		answer.set(f);
	}

	/** The server's base URL, ending with '/'. */
	String baseUrl() {
		return server.url("/").toString();
	}

	HttpRequestArgs.Builder get(String path) {
		return HttpRequestArgs.get(baseUrl() + path).cycles(CYCLES);
	}

	Subnet subnet(int n) {
		return subnet(n, ReplicaProfile.SEED_DOCUMENTED);
	}

	Subnet subnet(int n, ReplicaProfile profile) {
		return subnets.computeIfAbsent(n + "/" + profile, k -> Subnet.builder().replicas(n).profile(profile).seed(SUBNET_SEED).build());
	}

	@Override
	public void close() {
		subnets.values().forEach(Subnet::close);
		server.close();
	}
}
