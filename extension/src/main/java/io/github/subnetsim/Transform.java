package io.github.subnetsim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The {@code transform} field of {@code http_request_args}: the query's method name, the Java function that
 * stands for it, and the context blob.
 *
 * <p>The name and the context count towards the request size that the cycles fee is computed from.
 * Java code has no Wasm instruction count, so a transform may declare the figure pay-as-you-go pricing
 * charges for it ({@link #withInstructions(long)}); it is 0 when not declared.
 * <pre>{@code
 * Transform t = Transform.of("transform", (response, ctx) -> response.withHeaders(List.of()))
 *         .withContext("usd")
 *         .withInstructions(2_000_000);
 * }</pre>
 *
 * @param name the transform query's method name; its UTF-8 length counts towards the request size
 * @param function the Java function that stands for the query
 * @param context the context blob passed to every run; its length counts towards the request size
 * @param instructions the Wasm instructions one run is declared to cost, 0 when not declared
 */
public record Transform(String name, TransformFunction function, byte[] context, long instructions) {

	/**
	 * Checks the parts and copies the context; a null context is empty.
	 *
	 * @param name the transform query's method name
	 * @param function the Java function that stands for the query
	 * @param context the context blob, or {@code null} for an empty one
	 * @param instructions the Wasm instructions one run costs, at least 0
	 */
	public Transform {
		Objects.requireNonNull(name, "transform name must not be null");
		Objects.requireNonNull(function, "transform function must not be null");
		context = context == null ? new byte[0] : context.clone();
		if (instructions < 0) {
			throw new IllegalArgumentException("transform instructions must be >= 0, got " + instructions);
		}
	}

	/**
	 * A transform with an empty context and no declared instruction count.
	 *
	 * @param name the transform query's method name
	 * @param function the Java function that stands for the query
	 * @return the transform
	 */
	public static Transform of(String name, TransformFunction function) {
		return new Transform(name, function, new byte[0], 0);
	}

	/**
	 * The same transform with this context blob.
	 *
	 * @param newContext the context blob, copied
	 * @return a new transform
	 */
	public Transform withContext(byte[] newContext) {
		return new Transform(name, function, newContext, instructions);
	}

	/**
	 * The same transform with this context text (UTF-8).
	 *
	 * @param newContext the context text
	 * @return a new transform
	 */
	public Transform withContext(String newContext) {
		return withContext(newContext.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The same transform, declaring how many Wasm instructions one run costs (pay-as-you-go pricing).
	 *
	 * @param newInstructions the instructions one run costs, on every replica
	 * @return a new transform
	 */
	public Transform withInstructions(long newInstructions) {
		return new Transform(name, function, context, newInstructions);
	}

	/**
	 * A copy of the context blob.
	 *
	 * @return a copy of the context bytes
	 */
	@Override
	public byte[] context() {
		return context.clone();
	}

	/**
	 * Length of the context in bytes.
	 *
	 * @return the context's length in bytes
	 */
	public int contextLength() {
		return context.length;
	}

	/**
	 * Length of the method name in UTF-8 bytes.
	 *
	 * @return the method name's length in bytes
	 */
	public int nameLength() {
		return HttpHeader.utf8Length(name);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Transform t && t.name.equals(name) && t.function == function
				&& Arrays.equals(t.context, context) && t.instructions == instructions;
	}

	@Override
	public int hashCode() {
		return Objects.hash(name, function, instructions) * 31 + Arrays.hashCode(context);
	}

	@Override
	public String toString() {
		return "Transform{" + name + ", context=" + context.length + " bytes" + (instructions > 0 ? ", instructions=" + instructions : "") + "}";
	}
}
