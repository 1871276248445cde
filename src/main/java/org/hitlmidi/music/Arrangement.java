package org.hitlmidi.music;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a composed track holds besides its melody and drums: the style it came from, its meter and length in
 * bars, the progression, the bass and chord parts, their programs, the feel it is played with, the sketch that
 * made it, and the parts muted by the listener. {@link #NONE} marks a track of the paper's kind (a melody and a
 * drum part, no bars).
 */
public record Arrangement(String style, Meter meter, int bars, String progression, List<PartNote> bass,
                          List<PartNote> chords, int bassProgram, int chordsProgram, Feel feel, Sketch sketch,
                          Set<Part> muted) {
    public static final Arrangement NONE = new Arrangement("", Meter.FOUR_FOUR, 0, "", List.of(), List.of(), 33, 48,
            Feel.STRAIGHT, null, Set.of());

    public Arrangement {
        bass = List.copyOf(bass);
        chords = List.copyOf(chords);
        muted = muted.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(muted));
        if (meter == null || feel == null || style == null || progression == null) {
            throw new IllegalArgumentException("an arrangement needs a style, a meter, a progression and a feel");
        }
        if (bars < 0 || bars > Style.MAX_BARS) {
            throw new IllegalArgumentException("bars " + bars + " outside 0.." + Style.MAX_BARS);
        }
        if (bassProgram < 0 || bassProgram > 127 || chordsProgram < 0 || chordsProgram > 127) {
            throw new IllegalArgumentException("programs outside 0..127");
        }
    }

    /** True for a track composed in bars (not the paper's kind). */
    public boolean barred() {
        return bars > 0;
    }

    public double lengthBeats() {
        return bars * meter.beatsPerBar();
    }

    public Arrangement withMuted(Set<Part> m) {
        return new Arrangement(style, meter, bars, progression, bass, chords, bassProgram, chordsProgram, feel, sketch, m);
    }

    public Arrangement withFeel(Feel f) {
        return new Arrangement(style, meter, bars, progression, bass, chords, bassProgram, chordsProgram, f, sketch, muted);
    }
}
