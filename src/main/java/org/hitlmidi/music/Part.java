package org.hitlmidi.music;

import java.util.Locale;

/** The parts of an arranged track. The melody plays on the lowest channel, drums on channel 10. */
public enum Part {
    MELODY, BASS, CHORDS, DRUMS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Part parse(String text) {
        for (Part p : values()) {
            if (p.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown part '" + text + "': use melody, bass, chords or drums");
    }
}
