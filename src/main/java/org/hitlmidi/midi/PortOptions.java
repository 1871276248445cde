package org.hitlmidi.midi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How ports are opened.
 *
 * @param clientName  our name in JACK, ALSA and CoreMIDI ("hitl-midi")
 * @param jackServer  a JACK server name other than the default one (tests start their own)
 * @param synthWav    where the built-in synth renders when there is no sound card
 * @param synthWavLimit the most bytes that file may take before it rolls over to {@code NAME.1.wav}
 * @param synthToFile render the built-in synth to {@code synthWav} even when there is a sound card
 * @param soundfont   a .sf2 for the built-in synth instead of its own sounds
 */
public record PortOptions(String clientName, Optional<String> jackServer, Path synthWav, long synthWavLimit,
                          boolean synthToFile, Optional<Path> soundfont) {
    public static final String CLIENT = "hitl-midi";

    public PortOptions {
        if (clientName == null || clientName.isBlank() || clientName.length() > 32) {
            throw new IllegalArgumentException("client name must be 1..32 characters");
        }
        if (synthWavLimit <= 0) {
            throw new IllegalArgumentException("the synth's WAV limit must be positive");
        }
    }

    /**
     * Our name, the default JACK server, the synth rendering to {@code <data dir>/synth.wav} without a sound card, in
     * files of at most 200 MB.
     */
    public static PortOptions defaults(Path dataDir) {
        return new PortOptions(CLIENT, Optional.empty(), dataDir.resolve("synth.wav"), WavWriter.DEFAULT_LIMIT, false,
                Optional.empty());
    }

    public PortOptions withJackServer(String server) {
        return new PortOptions(clientName, Optional.ofNullable(server), synthWav, synthWavLimit, synthToFile, soundfont);
    }

    public PortOptions withClientName(String name) {
        return new PortOptions(name, jackServer, synthWav, synthWavLimit, synthToFile, soundfont);
    }

    public PortOptions withSynthToFile(Path wav) {
        return new PortOptions(clientName, jackServer, wav, synthWavLimit, true, soundfont);
    }

    public PortOptions withSoundfont(Path sf2) {
        return new PortOptions(clientName, jackServer, synthWav, synthWavLimit, synthToFile, Optional.ofNullable(sf2));
    }

    /** Files of the synth's WAV of at most {@code bytes} (at least a second of audio, at most 4 GiB). */
    public PortOptions withSynthWavLimit(long bytes) {
        return new PortOptions(clientName, jackServer, synthWav, bytes, synthToFile, soundfont);
    }
}
