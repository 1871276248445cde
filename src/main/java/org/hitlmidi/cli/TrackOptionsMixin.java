package org.hitlmidi.cli;

import picocli.CommandLine;

/** Lets commands share {@link TrackOptions} as a picocli mixin. */
public final class TrackOptionsMixin {
    @CommandLine.ArgGroup(exclusive = false, heading = "Track parameters:%n")
    TrackOptions options = new TrackOptions();
}
