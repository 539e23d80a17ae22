package io.github.subnetsim.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One header line: a name and a value. Request values are Java strings sent as UTF-8; response names are lowercased
 * (as hyper's {@code HeaderName} does) and response values are visible ASCII by the time they reach a
 * {@link WireOutcome.Response}.
 *
 * @param name the header name
 * @param value the header value
 */
public record WireHeader(String name, String value) {

	/** Checks both parts are present. */
	public WireHeader {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(value, "value");
	}

	/**
	 * Bytes of name plus value in UTF-8, the unit the adapter counts against the cap (dfinity/ic
	 * {@code rs/https_outcalls/adapter/src/rpc_server.rs}: {@code name.len() + v.len()}, no per-line overhead).
	 */
	public long byteSize() {
		return name.getBytes(StandardCharsets.UTF_8).length + (long) value.getBytes(StandardCharsets.UTF_8).length;
	}
}
