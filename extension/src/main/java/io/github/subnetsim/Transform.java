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
 */
public record Transform(String name, TransformFunction function, byte[] context, long instructions) {

	public Transform {
		Objects.requireNonNull(name, "transform name must not be null");
		Objects.requireNonNull(function, "transform function must not be null");
		context = context == null ? new byte[0] : context.clone();
		if (instructions < 0) {
			throw new IllegalArgumentException("transform instructions must be >= 0, got " + instructions);
		}
	}

	/** A transform with an empty context and no declared instruction count. */
	public static Transform of(String name, TransformFunction function) {
		return new Transform(name, function, new byte[0], 0);
	}

	/** The same transform with this context blob. */
	public Transform withContext(byte[] newContext) {
		return new Transform(name, function, newContext, instructions);
	}

	/** The same transform with this context text (UTF-8). */
	public Transform withContext(String newContext) {
		return withContext(newContext.getBytes(StandardCharsets.UTF_8));
	}

	/** The same transform, declaring how many Wasm instructions one run costs (pay-as-you-go pricing). */
	public Transform withInstructions(long newInstructions) {
		return new Transform(name, function, context, newInstructions);
	}

	/** A copy of the context blob. */
	@Override
	public byte[] context() {
		return context.clone();
	}

	/** Length of the context in bytes. */
	public int contextLength() {
		return context.length;
	}

	/** Length of the method name in UTF-8 bytes. */
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
