package org.hitlmidi.music;

import java.util.ArrayList;
import java.util.List;

/**
 * A chord progression, one chord per bar, written as Roman numerals joined by dashes: "I-V-vi-IV", "ii-V-I-I",
 * "i-VI-III-VII", the 12-bar blues "I7-IV7-I7-I7-IV7-IV7-I7-I7-V7-IV7-I7-V7". A track of more bars than chords
 * repeats it; of fewer, it plays the first bars and ends on the tonic.
 */
public record Progression(String name, List<Chord> chords) {
    public Progression {
        chords = List.copyOf(chords);
        if (chords.isEmpty()) {
            throw new IllegalArgumentException("progression '" + name + "' has no chords");
        }
    }

    public static Progression parse(String text, boolean minorKey) {
        List<Chord> out = new ArrayList<>();
        for (String s : text.split("-")) {
            if (s.isBlank()) {
                throw new IllegalArgumentException("progression '" + text + "' has an empty chord");
            }
            out.add(Chord.parse(s, minorKey));
        }
        return new Progression(text.trim(), out);
    }

    /** The chord of bar {@code bar} (0-based) in a track of {@code bars} bars: the last bar of a short track is I. */
    public Chord chordAt(int bar, int bars) {
        if (bars < chords.size() && bar == bars - 1 && bars > 1) {
            return chords.get(0).root() == 0 ? chords.get(0) : chords.get(bar % chords.size());
        }
        return chords.get(bar % chords.size());
    }

    @Override
    public String toString() {
        return name;
    }
}
