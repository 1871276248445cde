package org.hitlmidi.preset;

import java.util.List;
import org.hitlmidi.music.Feel;
import org.hitlmidi.music.Meter;
import org.hitlmidi.music.Pitches;
import org.hitlmidi.music.Scale;
import org.hitlmidi.music.Style;
import org.hitlmidi.music.TrackParams;

/**
 * A style preset (presets/styles/*.json, docs/styles.md) as its file has it, bound once ({@link Configs#bind}); the
 * compact constructors are the one place it is checked. A field left out takes the built-in default style's value
 * ({@link Style#DEFAULT}); {@code length}, {@code channel} and {@code kit} (the paper's learners use them) are track
 * parameters applied with the style when set, kept when not.
 *
 * @param program the melody's General MIDI program (the default style's when not set, and then the track's program
 *                is kept)
 */
public record StyleConfig(String name, String about, String scale, String base, Double tempo, Integer length,
                          String kit, Integer program, Integer channel, String meter, Integer bars,
                          List<String> progressions, List<String> grooves, List<String> bass, List<String> comping,
                          Double swing, Double swingUnit, Humanize humanize, Programs programs, List<Integer> range,
                          Integer maxLeap, Boolean chromatic, List<Integer> density, Boolean backbeat) {
    public static final PresetKind<StyleConfig> KIND = new PresetKind<>("styles", StyleConfig.class);
    private static final List<String> SCALES = List.of("major", "minor", "diminished", "harmonic-minor",
            "melodic-minor", "dorian", "phrygian", "lydian", "mixolydian", "locrian", "major-pentatonic",
            "minor-pentatonic", "blues");

    public StyleConfig {
        Style d = Style.DEFAULT;
        name = Check.presetName("name", name);
        about = about == null ? "" : about;
        scale = Check.oneOf("scale", scale, SCALES, null);
        base = Check.required("base", base);
        if (!base.matches("[A-Ga-g][#b]?-?[0-9]")) {
            throw new InvalidField("base", "'" + base + "' is not a note name such as C4 (= 60), F#3, Bb2");
        }
        tempo = Check.in("tempo", tempo, 20, 400, null);
        length = length == null ? null : Check.in("length", length, TrackParams.MIN_LENGTH, TrackParams.MAX_LENGTH, null);
        kit = kit == null ? null : Check.presetName("kit", kit);
        program = program == null ? null : Check.in("program", program, 0, 127, null);
        channel = channel == null ? null : Check.in("channel", channel, 1, 16, null);
        if (channel != null && channel == TrackParams.DRUM_CHANNEL) {
            throw new InvalidField("channel", "the melody's channel must be 1..16 and not 10 (drums)");
        }
        meter = Check.oneOf("meter", meter, List.of("4/4", "3/4", "6/8"), d.meter().id());
        bars = Check.in("bars", bars, 1, Style.MAX_BARS, d.bars());
        progressions = nonEmpty("progressions", progressions, d.progressions(), null);
        grooves = nonEmpty("grooves", grooves, d.grooves(), null);
        bass = nonEmpty("bass", bass, d.bassLines(), Style.BASS_LINES);
        comping = nonEmpty("comping", comping, d.comping(), Style.COMPING);
        swing = Check.in("swing", swing, 0, 1, d.feel().swing());
        swingUnit = swingUnit == null ? d.feel().swingUnit() : swingUnit;
        if (swingUnit != 0.5 && swingUnit != 0.25) {
            throw new InvalidField("swingUnit", Check.num(swingUnit) + " is not one of 0.5, 0.25");
        }
        humanize = humanize == null ? new Humanize(null, null) : humanize;
        programs = programs == null ? new Programs(null, null) : programs;
        range = pair("range", range, d.low(), d.high(), -36, 36);
        maxLeap = Check.in("maxLeap", maxLeap, 2, 12, d.maxLeap());
        chromatic = chromatic == null ? d.chromatic() : chromatic;
        density = pair("density", density, d.densityMin(), d.densityMax(), 0, 3);
        backbeat = backbeat == null ? d.backbeat() : backbeat;
        try { // the composer's own checks: progressions in Roman numerals, grooves it knows
            style(name, about, scale, base, tempo, program != null ? program : d.melodyProgram(), meter, bars, progressions, grooves, bass, comping, swing,
                    swingUnit, humanize, programs, range, maxLeap, chromatic, density, backbeat);
        } catch (IllegalArgumentException e) {
            throw new InvalidField("", e.getMessage());
        }
    }

    private static List<String> nonEmpty(String field, List<String> v, List<String> dflt, List<String> allowed) {
        if (v == null) {
            return dflt;
        }
        if (v.isEmpty()) {
            throw new InvalidField(field, "must have at least 1 item");
        }
        for (int i = 0; i < v.size(); i++) {
            Check.required(field + "[" + i + "]", v.get(i));
            if (allowed != null) {
                Check.oneOf(field + "[" + i + "]", v.get(i), allowed, null);
            }
        }
        return List.copyOf(v);
    }

    private static List<Integer> pair(String field, List<Integer> v, int a, int b, int lo, int hi) {
        if (v == null) {
            return List.of(a, b);
        }
        if (v.size() != 2) {
            throw new InvalidField(field, "must be [low, high], two whole numbers");
        }
        return List.of(Check.in(field + "[0]", v.get(0), lo, hi, null), Check.in(field + "[1]", v.get(1), lo, hi, null));
    }

    /** The style the composer writes in. */
    public Style style() {
        return style(name, about, scale, base, tempo, program != null ? program : Style.DEFAULT.melodyProgram(), meter, bars, progressions, grooves, bass, comping, swing,
                swingUnit, humanize, programs, range, maxLeap, chromatic, density, backbeat);
    }

    private static Style style(String name, String about, String scale, String base, double tempo, int program,
                               String meter, int bars, List<String> progressions, List<String> grooves,
                               List<String> bass, List<String> comping, double swing, double swingUnit,
                               Humanize humanize, Programs programs, List<Integer> range, int maxLeap,
                               boolean chromatic, List<Integer> density, boolean backbeat) {
        return new Style(name, about, Scale.parse(scale), Pitches.parse(base), tempo, Meter.parse(meter), bars,
                progressions, grooves, bass, comping, new Feel(swing, swingUnit, humanize.timing(), humanize.velocity()),
                program, programs.bass(), programs.chords(), range.get(0), range.get(1), maxLeap, chromatic,
                density.get(0), density.get(1), backbeat);
    }

    /** The style's parameters on top of {@code p}: its composing style, and its length, program and channel if set. */
    public TrackParams apply(TrackParams p) {
        TrackParams out = p.inStyle(style());
        return out.withLength(length != null ? length : p.length()).withProgram(program != null ? program : p.program())
                .withChannel(channel != null ? channel : p.channel());
    }

    /** Humanizing: timing in ticks (0..24) and velocity spread (0..40). */
    public record Humanize(Integer timing, Integer velocity) {
        public Humanize {
            timing = Check.in("timing", timing, 0, 24, Style.DEFAULT.feel().timingTicks());
            velocity = Check.in("velocity", velocity, 0, 40, Style.DEFAULT.feel().velocitySpread());
        }
    }

    /** The bass's and the chords' General MIDI programs (0..127). */
    public record Programs(Integer bass, Integer chords) {
        public Programs {
            bass = Check.in("bass", bass, 0, 127, Style.DEFAULT.bassProgram());
            chords = Check.in("chords", chords, 0, 127, Style.DEFAULT.chordsProgram());
        }
    }
}
