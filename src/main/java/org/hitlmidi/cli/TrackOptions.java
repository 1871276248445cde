package org.hitlmidi.cli;

import org.hitlmidi.music.DrumKit;
import org.hitlmidi.music.Pitches;
import org.hitlmidi.music.Scale;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.StyleConfig;
import org.hitlmidi.preset.PresetException;
import org.hitlmidi.preset.Presets;
import picocli.CommandLine.Option;

/** The track parameters every command that makes tracks accepts; unset options keep the base's values. */
public final class TrackOptions {
    @Option(names = "--style", paramLabel = "STYLE", description = "Musical style preset (key, tempo, meter, bars, "
            + "progressions, grooves, bass, comping, feel, programs): pop (default), pop-ballad, blues-shuffle, modal-jazz, "
            + "minimal-techno, folk-pentatonic, lofi, phrygian-metal, waltz, six-eight-ballad, paper, or your own. "
            + "Other track options override it.")
    String style;

    @Option(names = "--base", paramLabel = "NOTE", description = "Base note, e.g. C4 (= 60), F#3, Bb2. Default C4.")
    String base;

    @Option(names = "--scale", paramLabel = "SCALE", description = "Scale: major, minor, diminished, harmonic-minor, "
            + "melodic-minor, dorian, phrygian, lydian, mixolydian, locrian, major-pentatonic, minor-pentatonic, blues.")
    String scale;

    @Option(names = "--length", paramLabel = "NOTES", description = "Notes per track for the paper's learners "
            + "(paper, paper-code), 1..64. Default 8.")
    Integer length;

    @Option(names = "--bars", paramLabel = "BARS", description = "Bars per track, 1..32 (every learner but the paper's). "
            + "Default: the style's (4 for pop).")
    Integer bars;

    @Option(names = "--meter", paramLabel = "METER", description = "Meter: 4/4, 3/4 or 6/8. Default: the style's.")
    String meter;

    @Option(names = "--tempo", paramLabel = "BPM", description = "Tempo, 20..400 BPM. Default 90.")
    Double tempo;

    @Option(names = "--channel", paramLabel = "1-16", description = "Melody MIDI channel (not 10). Default 1.")
    Integer channel;

    @Option(names = "--program", paramLabel = "0-127", description = "General MIDI program of the melody. Default 0.")
    Integer program;

    @Option(names = "--kit", paramLabel = "KIT", description = "Drum kit preset cycled by percussion change "
            + "(paper, rock, hand-percussion, or your own). Default paper.")
    String kit;

    /** Applies the options set on top of {@code p}; bad values throw IllegalArgumentException saying what is allowed. */
    public TrackParams apply(TrackParams p, Presets presets) {
        TrackParams out = style == null ? p : style(presets, style, p);
        if (base != null) {
            out = out.withBaseNote(Pitches.parse(base));
        }
        if (scale != null) {
            out = out.withScale(Scale.parse(scale));
        }
        if (length != null) {
            out = out.withLength(length);
        }
        if (bars != null) {
            out = out.withBars(bars);
        }
        if (meter != null) {
            out = out.withMeter(org.hitlmidi.music.Meter.parse(meter));
        }
        if (tempo != null) {
            out = out.withTempo(tempo);
        }
        if (channel != null) {
            out = out.withChannel(channel);
        }
        if (program != null) {
            out = out.withProgram(program);
        }
        if (kit != null) {
            out = out.withKit(kit(presets, kit));
        }
        return out;
    }

    /** A style preset's parameters on top of {@code p}; a value the track model refuses names the file. */
    public static TrackParams style(Presets presets, String name, TrackParams p) {
        StyleConfig s = presets.load(StyleConfig.KIND, name);
        TrackParams out = s.apply(p);
        return s.kit() != null ? out.withKit(kit(presets, s.kit())) : out;
    }

    public static DrumKit kit(Presets presets, String name) {
        return org.hitlmidi.preset.Kits.load(presets, name);
    }
}
