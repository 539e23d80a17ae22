package io.github.subnetsim.internal.fetch;

/** A URL as the adapter reads it: a {@link Destination} to connect to, or a {@link Destination.Refused} reject. */
public sealed interface ParsedUrl permits Destination, Destination.Refused {
}
