package io.github.subnetsim.cost;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.Transform;

/**
 * The {@code request_size} the cycles fee is computed from, part by part: dfinity/ic
 * {@code rs/types/types/src/canister_http.rs} {@code CanisterHttpRequestContext::variable_parts_size()}
 * (dfinity/ic rs/cycles_account_manager/src/cycles_account_manager.rs http_request_fee; docs/cost.md). All parts are bytes; strings count in UTF-8.
 *
 * <p>The Candid encoding of the argument is not what is counted, and neither is the {@code user-agent} header the
 * adapter adds (it is never in the arguments).
 * <pre>{@code
 * RequestSize size = RequestSize.of(HttpRequestArgs.get("https://example.com").build());
 * size.total(); // 19
 * }</pre>
 *
 * @param url the URL's UTF-8 bytes
 * @param headers Σ(name + value) over the request headers
 * @param body the body's bytes, 0 without a body
 * @param transformName the transform method name's bytes, 0 without a transform
 * @param transformContext the transform context's bytes, 0 without a transform
 */
public record RequestSize(long url, long headers, long body, long transformName, long transformContext) {

	/**
	 * Checks that no part is negative.
	 *
	 * @param url the URL's UTF-8 bytes
	 * @param headers Σ(name + value) over the request headers
	 * @param body the body's bytes, 0 without a body
	 * @param transformName the transform method name's bytes, 0 without a transform
	 * @param transformContext the transform context's bytes, 0 without a transform
	 */
	public RequestSize {
		if (url < 0 || headers < 0 || body < 0 || transformName < 0 || transformContext < 0) {
			throw new IllegalArgumentException("request size parts must be >= 0: " + url + ", " + headers + ", " + body
					+ ", " + transformName + ", " + transformContext);
		}
	}

	/**
	 * The parts of this request.
	 *
	 * @param args the outcall's arguments
	 * @return the request's priced parts
	 */
	public static RequestSize of(HttpRequestArgs args) {
		Transform t = args.transform();
		return new RequestSize(args.urlLength(), args.headerBytes(), args.bodyLength(),
				t == null ? 0 : t.nameLength(), t == null ? 0 : t.contextLength());
	}

	/**
	 * url + headers + body + transform name + transform context: the fee's {@code request_size}.
	 *
	 * @return the request size in bytes
	 */
	public long total() {
		return Math.addExact(Math.addExact(Math.addExact(Math.addExact(url, headers), body), transformName), transformContext);
	}
}
