package io.github.subnetsim.internal.replay;

import java.util.Objects;
import java.util.function.Function;

import io.github.subnetsim.replay.Recorder;

/**
 * Lets the subnet builder reach a {@link Recorder}'s sink without a public method on the API type that would name an
 * internal one. {@code Recorder} registers the accessor when its class initialises.
 *
 * <pre>{@code
 * RecordingSink sink = RecorderAccess.sink(recorder);
 * }</pre>
 */
public final class RecorderAccess {

	private static volatile Function<Recorder, RecordingSink> access;

	private RecorderAccess() {
	}

	/**
	 * Called once, by {@code Recorder}'s static initialiser.
	 *
	 * @param accessor reads a recorder's sink
	 */
	public static void register(Function<Recorder, RecordingSink> accessor) {
		access = Objects.requireNonNull(accessor);
	}

	/**
	 * The sink behind a recorder.
	 *
	 * @param recorder an instance, so its class is initialised
	 * @return its sink
	 */
	public static RecordingSink sink(Recorder recorder) {
		Objects.requireNonNull(recorder, "recorder");
		return access.apply(recorder);
	}
}
