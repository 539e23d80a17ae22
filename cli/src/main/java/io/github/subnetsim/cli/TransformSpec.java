package io.github.subnetsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.subnetsim.TransformFunction;
import io.github.subnetsim.transform.Transforms;

/**
 * The probe's {@code --transform} language: steps separated by {@code ;}, each {@code name} or
 * {@code name:arg,arg}, built with {@link Transforms} and composed in order.
 *
 * <pre>{@code
 * TransformSpec.parse("drop-headers:date,x-request-id;drop-json:/nonce,/timestamp");
 * TransformSpec.parse("extract-json:/price");
 * }</pre>
 */
public final class TransformSpec {

	private TransformSpec() {
	}

	/**
	 * The transform; throws {@link ProbeOptions.UsageException} naming the step it cannot read.
	 *
	 * @param spec the steps, for example {@code drop-headers:date;drop-json:/nonce}
	 * @return the steps composed into one transform function
	 */
	public static TransformFunction parse(String spec) {
		List<TransformFunction> steps = new ArrayList<>();
		for (String raw : spec.split(";")) {
			String step = raw.trim();
			if (step.isEmpty()) {
				continue;
			}
			int colon = step.indexOf(':');
			String name = (colon < 0 ? step : step.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
			String[] args = colon < 0 ? new String[0] : split(step.substring(colon + 1));
			try {
				steps.add(build(name, args));
			}
			catch (IllegalArgumentException e) {
				throw new ProbeOptions.UsageException("--transform step '" + step + "': " + e.getMessage());
			}
		}
		if (steps.isEmpty()) {
			throw new ProbeOptions.UsageException("--transform needs at least one step, e.g. drop-headers:date");
		}
		return steps.size() == 1 ? steps.get(0) : Transforms.compose(steps.toArray(new TransformFunction[0]));
	}

	private static TransformFunction build(String name, String[] args) {
		return switch (name) {
			case "drop-headers" -> Transforms.dropHeaders(need(name, args));
			case "keep-headers" -> Transforms.keepHeaders(args);
			case "drop-all-headers" -> Transforms.dropAllHeaders();
			case "drop-json" -> Transforms.dropJson(need(name, args));
			case "keep-json" -> Transforms.keepJson(need(name, args));
			case "extract-json" -> {
				if (args.length != 1) {
					throw new IllegalArgumentException("extract-json takes one JSON pointer, e.g. extract-json:/price");
				}
				yield Transforms.extractJson(args[0]);
			}
			case "canonical-json" -> Transforms.canonicalJson();
			default -> throw new IllegalArgumentException("unknown step; use drop-headers, keep-headers, drop-all-headers, drop-json, "
					+ "keep-json, extract-json or canonical-json");
		};
	}

	private static String[] need(String name, String[] args) {
		if (args.length == 0) {
			throw new IllegalArgumentException(name + " needs at least one argument, e.g. " + name + ":" + (name.contains("json") ? "/a" : "date"));
		}
		return args;
	}

	private static String[] split(String s) {
		List<String> out = new ArrayList<>();
		for (String p : s.split(",")) {
			if (!p.isBlank()) {
				out.add(p.trim());
			}
		}
		return out.toArray(new String[0]);
	}
}
