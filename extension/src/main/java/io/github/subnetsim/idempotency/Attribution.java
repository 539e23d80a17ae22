package io.github.subnetsim.idempotency;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who sent a request: the connection's peer, or, when the peer is a trusted reverse proxy, the client that proxy
 * names in its forwarded-address header.
 */
final class Attribution {

	/** The peer, always: forwarded-address headers are ignored, because any client can send them. */
	static final Attribution PEER = new Attribution(null, Set.of());

	private final ForwardedHeader header;
	private final Set<String> proxies;

	Attribution(ForwardedHeader header, Set<String> proxies) {
		this.header = header;
		this.proxies = Set.copyOf(proxies);
	}

	static Attribution trusting(ForwardedHeader header, Set<String> proxies) {
		Objects.requireNonNull(header, "header");
		if (proxies.isEmpty()) {
			throw new IllegalArgumentException("name the proxy addresses to trust " + header.headerName() + " from, for example 127.0.0.1");
		}
		return new Attribution(header, proxies);
	}

	/** The source address to record for this request. */
	String source(LedgerRequest request) {
		String peer = request.source();
		if (header == null || !proxies.contains(ForwardedHeader.bare(peer))) {
			return peer;
		}
		List<String> chain = header.chain(request.headerValues(header.headerName()));
		// From the right: the nearest entries were appended by our own trusted proxies; the first address that is not
		// one of them is where the request entered our proxies. Entries further left could have been sent by anyone.
		for (int i = chain.size() - 1; i >= 0; i--) {
			if (!proxies.contains(chain.get(i))) {
				return chain.get(i);
			}
		}
		return chain.isEmpty() ? peer : chain.get(0);
	}

	@Override
	public String toString() {
		return header == null ? "peer" : header.headerName() + " from " + proxies;
	}
}
