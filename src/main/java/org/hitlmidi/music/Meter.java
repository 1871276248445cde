package org.hitlmidi.music;

import java.util.Locale;

/**
 * A time signature: how many quarter-note beats fill a bar, where its strong pulses fall and where a backbeat
 * (snare or clap) belongs. Grooves are written on a sixteenth-note grid of {@link #steps()} steps per bar.
 */
public enum Meter {
    FOUR_FOUR("4/4", 4, 4, 4.0, new double[] {0, 2}, new double[] {1, 3}),
    THREE_FOUR("3/4", 3, 4, 3.0, new double[] {0}, new double[] {1, 2}),
    SIX_EIGHT("6/8", 6, 8, 3.0, new double[] {0, 1.5}, new double[] {1.5});

    private final String id;
    private final int numerator;
    private final int denominator;
    private final double beatsPerBar;
    private final double[] pulses;
    private final double[] backbeats;

    Meter(String id, int numerator, int denominator, double beatsPerBar, double[] pulses, double[] backbeats) {
        this.id = id;
        this.numerator = numerator;
        this.denominator = denominator;
        this.beatsPerBar = beatsPerBar;
        this.pulses = pulses;
        this.backbeats = backbeats;
    }

    public String id() {
        return id;
    }

    public int numerator() {
        return numerator;
    }

    public int denominator() {
        return denominator;
    }

    /** Quarter-note beats in one bar: 4 for 4/4, 3 for 3/4 and 6/8. */
    public double beatsPerBar() {
        return beatsPerBar;
    }

    /** Sixteenth-note steps in one bar. */
    public int steps() {
        return (int) Math.round(beatsPerBar * 4);
    }

    /** The strong pulses of a bar, in beats from its start (the downbeat first). */
    public double[] pulses() {
        return pulses.clone();
    }

    /** Where a backbeat falls in a bar, in beats from its start. */
    public double[] backbeats() {
        return backbeats.clone();
    }

    /** True when {@code beatInBar} is one of the bar's strong pulses. */
    public boolean isStrong(double beatInBar) {
        for (double p : pulses) {
            if (Math.abs(beatInBar - p) < 1e-6) {
                return true;
            }
        }
        return false;
    }

    public static Meter parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Meter m : values()) {
            if (m.id.equals(t) || m.name().toLowerCase(Locale.ROOT).equals(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown meter '" + text + "': use 4/4, 3/4 or 6/8");
    }

    @Override
    public String toString() {
        return id;
    }
}
