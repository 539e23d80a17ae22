package io.github.subnetsim.property;

import java.util.List;

import io.github.subnetsim.HttpHeader;
import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.Transform;
import io.github.subnetsim.TransformFunction;

/**
 * The shape of a generated request: every part the replica validates and prices, by size. All text is ASCII, so
 * characters and bytes are the same number.
 *
 * <pre>{@code
 * RequestShape shape = Gens.requestShapes().generate(rng);
 * HttpRequestArgs args = shape.toArgs(server.url("/").toString(), Transforms.dropAllHeaders(), 1_000_000_000_000L);
 * }</pre>
 *
 * @param path appended to the base URL
 * @param headers the request headers (at most 64)
 * @param bodyBytes the body's length, or null for no body (a body makes the request a POST)
 * @param transformName the transform's method name, or null for no transform
 * @param transformContextBytes the transform context's length (0 without a transform)
 * @param maxResponseBytes {@code max_response_bytes}, or null for none
 */
public record RequestShape(String path, List<HttpHeader> headers, Integer bodyBytes, String transformName, int transformContextBytes,
		Long maxResponseBytes) {

	/**
	 * Copies the headers.
	 *
	 * @param path appended to the base URL
	 * @param headers the request headers (at most 64)
	 * @param bodyBytes the body's length, or null for no body (a body makes the request a POST)
	 * @param transformName the transform's method name, or null for no transform
	 * @param transformContextBytes the transform context's length (0 without a transform)
	 * @param maxResponseBytes {@code max_response_bytes}, or null for none
	 * @throws IllegalArgumentException if a transform context is given without a transform
	 */
	public RequestShape {
		headers = List.copyOf(headers);
		if (transformName == null && transformContextBytes != 0) {
			throw new IllegalArgumentException("a transform context needs a transform");
		}
	}

	/**
	 * The request against {@code baseUrl} (which ends with '/'), with {@code function} as the transform if there is one.
	 *
	 * @param baseUrl the server's base URL, ending with '/'
	 * @param function the transform function registered under {@code transformName}
	 * @param cycles the cycles attached to the outcall
	 * @return the outcall's arguments
	 */
	public HttpRequestArgs toArgs(String baseUrl, TransformFunction function, long cycles) {
		HttpRequestArgs.Builder b = bodyBytes == null ? HttpRequestArgs.get(baseUrl + path) : HttpRequestArgs.post(baseUrl + path, "b".repeat(bodyBytes));
		b.headers(headers).maxResponseBytes(maxResponseBytes).cycles(cycles);
		if (transformName != null) {
			b.transform(Transform.of(transformName, function).withContext(new byte[transformContextBytes]));
		}
		return b.build();
	}

	@Override
	public String toString() {
		return "path " + path.length() + " B, " + headers.size() + " headers, body " + (bodyBytes == null ? "none" : bodyBytes + " B")
				+ ", transform " + (transformName == null ? "none" : transformName + "+" + transformContextBytes + " B")
				+ ", max_response_bytes " + maxResponseBytes;
	}
}
