package org.hitlmidi.music;

import java.util.List;

/**
 * What a style asks of the composer: key and tempo defaults, meter and bars, the progressions it chooses from,
 * its grooves, bass lines and chord comping, its feel, the General MIDI programs of its parts, the melody's
 * range (semitones around the base note) and largest leap, how many notes a bar holds (density 0..3), whether
 * chromatic passing notes are part of it, and whether its drums keep a backbeat.
 */
public record Style(String name, String about, Scale scale, int base, double tempo, Meter meter, int bars,
                    List<String> progressions, List<String> grooves, List<String> bassLines, List<String> comping,
                    Feel feel, int melodyProgram, int bassProgram, int chordsProgram, int low, int high, int maxLeap,
                    boolean chromatic, int densityMin, int densityMax, boolean backbeat) {
    public static final List<String> BASS_LINES = List.of("root", "root-fifth", "eighths", "syncopated", "walking", "offbeat");
    public static final List<String> COMPING = List.of("pad", "block", "stabs", "arp", "charleston", "waltz");
    public static final int MAX_BARS = 32;

    /** The built-in default: a pop song in C major, 4/4, four bars (also presets/styles/pop.json). */
    public static final Style DEFAULT = new Style("pop", "Major-key pop: I-V-vi-IV and friends, piano over bass, strings and a pop kit.",
            Scale.MAJOR, 60, 100, Meter.FOUR_FOUR, 4,
            List.of("I-V-vi-IV", "vi-IV-I-V", "I-vi-IV-V", "I-IV-vi-V"), List.of("pop", "rock"),
            List.of("root-fifth", "eighths", "syncopated"), List.of("block", "pad", "stabs"),
            new Feel(0, 0.5, 3, 10), 0, 33, 48, -5, 12, 7, false, 1, 2, true);

    public Style {
        progressions = List.copyOf(progressions);
        grooves = List.copyOf(grooves);
        bassLines = List.copyOf(bassLines);
        comping = List.copyOf(comping);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a style needs a name");
        }
        if (scale == null || meter == null || feel == null) {
            throw new IllegalArgumentException("style '" + name + "' needs a scale, a meter and a feel");
        }
        if (base < 24 || base > 96) {
            throw new IllegalArgumentException("style '" + name + "' base note " + base + " outside 24..96");
        }
        if (!(tempo >= Track.MIN_TEMPO && tempo <= Track.MAX_TEMPO)) {
            throw new IllegalArgumentException("style '" + name + "' tempo " + tempo + " outside 20..400");
        }
        if (bars < 1 || bars > MAX_BARS) {
            throw new IllegalArgumentException("style '" + name + "' bars " + bars + " outside 1.." + MAX_BARS);
        }
        if (progressions.isEmpty() || grooves.isEmpty() || bassLines.isEmpty() || comping.isEmpty()) {
            throw new IllegalArgumentException("style '" + name + "' needs at least one progression, groove, bass line and comping");
        }
        boolean minor = scale.contains(0, 3) && !scale.contains(0, 4);
        for (String p : progressions) {
            Progression.parse(p, minor);
        }
        for (String g : grooves) {
            Grooves.get(g);
        }
        for (String b : bassLines) {
            if (!BASS_LINES.contains(b)) {
                throw new IllegalArgumentException("style '" + name + "' bass line '" + b + "': use one of " + BASS_LINES);
            }
        }
        for (String c : comping) {
            if (!COMPING.contains(c)) {
                throw new IllegalArgumentException("style '" + name + "' comping '" + c + "': use one of " + COMPING);
            }
        }
        for (int p : new int[] {melodyProgram, bassProgram, chordsProgram}) {
            if (p < 0 || p > 127) {
                throw new IllegalArgumentException("style '" + name + "' program " + p + " outside 0..127");
            }
        }
        if (low > 0 || high < 5 || high - low > 36) {
            throw new IllegalArgumentException("style '" + name + "' melody range " + low + ".." + high
                    + " must hold the base note, span at least 5 and at most 36 semitones");
        }
        if (maxLeap < 2 || maxLeap > 12) {
            throw new IllegalArgumentException("style '" + name + "' max leap " + maxLeap + " outside 2..12");
        }
        if (densityMin < 0 || densityMax > 3 || densityMin > densityMax) {
            throw new IllegalArgumentException("style '" + name + "' density " + densityMin + ".." + densityMax + " outside 0..3");
        }
    }

    /** True when the key's third is minor: Roman numerals count on the natural minor scale. */
    public static boolean minorKey(Scale scale) {
        return scale.contains(0, 3) && !scale.contains(0, 4);
    }

    /** The grooves of this style in {@code m}, or the library's groove for that meter when it has none. */
    public List<String> groovesFor(Meter m) {
        List<String> out = grooves.stream().filter(g -> Grooves.get(g).meter() == m).toList();
        if (!out.isEmpty()) {
            return out;
        }
        return switch (m) {
            case FOUR_FOUR -> List.of("pop");
            case THREE_FOUR -> List.of("waltz");
            case SIX_EIGHT -> List.of("six-eight");
        };
    }
}
