package org.hitlmidi.music;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Scales and modes as semitone steps from the tonic. MAJOR, MINOR and DIMINISHED are the paper's three;
 * the paper does not spell out its diminished scale, so we take the usual whole-half octatonic one.
 */
public enum Scale {
    MAJOR(0, 2, 4, 5, 7, 9, 11),
    MINOR(0, 2, 3, 5, 7, 8, 10),
    DIMINISHED(0, 2, 3, 5, 6, 8, 9, 11),
    HARMONIC_MINOR(0, 2, 3, 5, 7, 8, 11),
    MELODIC_MINOR(0, 2, 3, 5, 7, 9, 11),
    DORIAN(0, 2, 3, 5, 7, 9, 10),
    PHRYGIAN(0, 1, 3, 5, 7, 8, 10),
    LYDIAN(0, 2, 4, 6, 7, 9, 11),
    MIXOLYDIAN(0, 2, 4, 5, 7, 9, 10),
    LOCRIAN(0, 1, 3, 5, 6, 8, 10),
    MAJOR_PENTATONIC(0, 2, 4, 7, 9),
    MINOR_PENTATONIC(0, 3, 5, 7, 10),
    BLUES(0, 3, 5, 6, 7, 10);

    private final int[] steps;

    Scale(int... steps) {
        this.steps = steps;
    }

    /** Semitones above the tonic, ascending, within one octave. */
    public int[] steps() {
        return steps.clone();
    }

    public int size() {
        return steps.length;
    }

    /** The scale's notes from the base note up one octave (base included, octave excluded), clipped to 0..127. */
    public List<Integer> notesFrom(int base) {
        List<Integer> out = new ArrayList<>(steps.length);
        for (int s : steps) {
            if (base + s <= Pitches.MAX) {
                out.add(base + s);
            }
        }
        return List.copyOf(out);
    }

    /** True when the pitch class of {@code midi} belongs to this scale on {@code base}. */
    public boolean contains(int base, int midi) {
        int pc = Math.floorMod(midi - base, 12);
        return Arrays.stream(steps).anyMatch(s -> s == pc);
    }

    /** Lower-case, dash-separated name: "harmonic-minor". Also accepted by {@link #parse}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Accepts ids ("harmonic-minor"), enum names, and the aliases ionian, aeolian, natural-minor. */
    public static Scale parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT).replace('_', '-').replace(' ', '-');
        switch (t) {
            case "ionian":
                return MAJOR;
            case "aeolian":
            case "natural-minor":
                return MINOR;
            case "octatonic":
                return DIMINISHED;
            default:
                break;
        }
        for (Scale s : values()) {
            if (s.id().equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scale '" + text + "': use one of " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Scale::id).collect(Collectors.joining(", "));
    }
}
