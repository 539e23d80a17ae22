package io.github.subnetsim.internal.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serialises a {@link WireRequest} as hyper 1.x writes it for the adapter (adapter-wire §3):
 * <ul>
 * <li>request line {@code METHOD target HTTP/1.1} (hyper-util {@code client/legacy} {@code origin_form});</li>
 * <li>header names lowercased and grouped: names in the order of their first occurrence, all values of a name
 * together in the given order (dfinity/ic adapter {@code validate_headers}: {@code HeaderMap::from_iter});</li>
 * <li>{@code host} from the URL when absent (hyper-util {@code client/legacy/client.rs}, {@code set_host});</li>
 * <li>{@code content-length} from the body size when the body is non-empty and the canister set none; an empty body
 * of any method carries none, since hyper treats an empty {@code Full} body as no body at all (hyperium/hyper
 * {@code src/proto/h1/dispatch.rs} {@code is_end_stream}, {@code src/proto/h1/role.rs} {@code Client::set_length});</li>
 * <li>a canister {@code transfer-encoding} makes hyper chunk a non-empty body (appending {@code chunked} when it is
 * not the last coding, and dropping a valid {@code content-length}); with an empty body it is removed;</li>
 * <li>nothing else is added: no {@code accept}, {@code accept-encoding} or {@code connection}.</li>
 * </ul>
 * The caller adds {@code user-agent} with {@link WireRequest#withFallbackUserAgent} when it wants the adapter's default.
 */
public final class RequestEncoder {

	private RequestEncoder() {
	}

	/**
	 * The header lines as sent, in order, with lowercased names. The headers must have passed
	 * {@link RequestHeaderCheck#check}.
	 *
	 * @param request the request
	 * @return the header lines hyper would write
	 */
	public static List<WireHeader> headersAsSent(WireRequest request) {
		Map<String, List<String>> map = new LinkedHashMap<>();
		for (WireHeader h : request.headers()) {
			map.computeIfAbsent(h.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.value());
		}
		map.computeIfAbsent("host", k -> new ArrayList<>(List.of(request.authority())));
		byte[] body = request.body();
		if (body.length == 0) {
			map.remove("transfer-encoding");
		}
		else if (map.containsKey("transfer-encoding")) {
			List<String> te = map.get("transfer-encoding");
			if (!isChunked(te)) {
				te.set(te.size() - 1, te.get(te.size() - 1) + ", chunked");
			}
			if (declaredLength(map.get("content-length")) >= 0) {
				map.remove("content-length");
			}
		}
		else if (declaredLength(map.get("content-length")) < 0) {
			map.put("content-length", new ArrayList<>(List.of(Integer.toString(body.length))));
		}
		List<WireHeader> out = new ArrayList<>();
		map.forEach((name, values) -> values.forEach(v -> out.add(new WireHeader(name, v))));
		return out;
	}

	/**
	 * The request's bytes: head and (possibly chunked or truncated) body.
	 *
	 * @param request a request whose headers passed {@link RequestHeaderCheck#check}
	 * @return the bytes to write
	 */
	public static byte[] encode(WireRequest request) {
		List<WireHeader> headers = headersAsSent(request);
		ByteArrayOutputStream out = new ByteArrayOutputStream(256 + request.body().length);
		write(out, request.method() + " " + request.target() + " HTTP/1.1\r\n");
		Map<String, List<String>> byName = new LinkedHashMap<>();
		for (WireHeader h : headers) {
			write(out, h.name() + ": " + h.value() + "\r\n");
			byName.computeIfAbsent(h.name(), k -> new ArrayList<>()).add(h.value());
		}
		write(out, "\r\n");
		byte[] body = request.body();
		if (body.length == 0) {
			return out.toByteArray();
		}
		if (byName.containsKey("transfer-encoding")) {
			// hyperium/hyper src/proto/h1/encode.rs: one chunk per body frame, size in uppercase hex, then the last chunk.
			write(out, Integer.toHexString(body.length).toUpperCase(Locale.ROOT) + "\r\n");
			out.writeBytes(body);
			write(out, "\r\n0\r\n\r\n");
			return out.toByteArray();
		}
		long declared = declaredLength(byName.get("content-length"));
		// A length-delimited encoder writes at most the declared length (hyper src/proto/h1/encode.rs, Kind::Length).
		int n = declared >= 0 && declared < body.length ? (int) declared : body.length;
		out.write(body, 0, n);
		return out.toByteArray();
	}

	private static boolean isChunked(List<String> te) {
		String last = te.get(te.size() - 1);
		int comma = last.lastIndexOf(',');
		return last.substring(comma + 1).trim().equalsIgnoreCase("chunked");
	}

	/** hyperium/hyper {@code src/headers.rs} {@code content_length_parse_all_values}: −1 when absent or invalid. */
	static long declaredLength(List<String> values) {
		if (values == null) {
			return -1;
		}
		long found = -1;
		for (String line : values) {
			for (String part : line.split(",", -1)) {
				long n = digits(part.trim());
				if (n < 0 || (found >= 0 && n != found)) {
					return -1;
				}
				found = n;
			}
		}
		return found;
	}

	/** Decimal digits only, no sign, no overflow; −1 otherwise. */
	static long digits(String s) {
		if (s.isEmpty()) {
			return -1;
		}
		long r = 0;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			if (r > (Long.MAX_VALUE - (c - '0')) / 10) {
				return -1;
			}
			r = r * 10 + (c - '0');
		}
		return r;
	}

	private static void write(ByteArrayOutputStream out, String s) {
		out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
	}
}
