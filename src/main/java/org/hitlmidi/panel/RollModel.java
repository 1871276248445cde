package org.hitlmidi.panel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;

/**
 * What the piano roll draws, independent of how a track is built: notes of named parts (start and length in
 * beats, MIDI pitch or GM drum key, velocity) and the bar grid. A new part of the music model is a few lines
 * in {@link #of(Track)}.
 */
public record RollModel(List<RollNote> notes, int bars, double beatsPerBar, int pulsesPerBar, double tempo) {
    /** The parts of a track, each drawn in its own colour (CSS class {@code part-<id>}). */
    public enum Part {
        MELODY, BASS, CHORDS, DRUMS;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean pitched() {
            return this != DRUMS;
        }
    }

    /** One note of a part; for {@link Part#DRUMS} the pitch is the General MIDI drum key. */
    public record RollNote(Part part, double start, double duration, int pitch, int velocity) {
    }

    public RollModel {
        notes = List.copyOf(notes);
        if (bars < 1 || !(beatsPerBar > 0) || pulsesPerBar < 1) {
            throw new IllegalArgumentException("a roll needs at least one bar of at least one pulse");
        }
    }

    /** Bars of {@code beatsPerBar} quarter notes, a grid line on each. */
    public RollModel(List<RollNote> notes, int bars, int beatsPerBar, double tempo) {
        this(notes, bars, beatsPerBar, beatsPerBar, tempo);
    }

    /** "4/4", "3/4", "6/8"... as the device names a meter: its length in quarter notes and its pulses. */
    static double[] meter(String id) {
        String[] f = id == null ? new String[0] : id.trim().split("/");
        try {
            int num = Integer.parseInt(f[0]);
            int den = Integer.parseInt(f[1]);
            if (num >= 1 && num <= 32 && (den == 2 || den == 4 || den == 8 || den == 16)) {
                return new double[] {num * 4.0 / den, num};
            }
        } catch (RuntimeException e) {
            // not a meter: 4/4
        }
        return new double[] {4, 4};
    }

    /** Beats the grid spans: whole bars. */
    public double lengthBeats() {
        return bars * beatsPerBar;
    }

    /** Beats from one grid line to the next. */
    public double pulseBeats() {
        return beatsPerBar / pulsesPerBar;
    }

    /** The parts that have notes, in the order of {@link Part}. */
    public List<Part> parts() {
        return java.util.Arrays.stream(Part.values()).filter(p -> notes.stream().anyMatch(n -> n.part() == p))
                .toList();
    }

    /**
     * The track with the parts and bars of its arrangement (meter, bars, bass and chords); a track without one (the
     * paper's kind, or null) is {@link #of(Track)}.
     */
    public static RollModel of(Track t, org.hitlmidi.music.Arrangement arrangement) {
        RollModel plain = of(t);
        if (arrangement == null || !arrangement.barred()) {
            return plain;
        }
        List<RollNote> out = new ArrayList<>(plain.notes());
        parts(out, Part.BASS, arrangement.bass());
        parts(out, Part.CHORDS, arrangement.chords());
        double[] m = meter(arrangement.meter().id());
        return new RollModel(out, arrangement.bars(), m[0], (int) m[1], t.tempo());
    }

    private static void parts(List<RollNote> out, Part part, List<org.hitlmidi.music.PartNote> notes) {
        for (var n : notes) {
            if (n.pitch() >= 0 && n.pitch() <= 127 && n.duration() > 0) {
                out.add(new RollNote(part, n.start(), n.duration(), n.pitch(), Math.max(1, Math.min(127, n.velocity()))));
            }
        }
    }

    /** The track as it is today: a melody and drums in 4/4, as many bars as it needs (at least one). */
    public static RollModel of(Track t) {
        List<RollNote> out = new ArrayList<>();
        double beat = 0;
        for (Note n : t.melody()) {
            out.add(new RollNote(Part.MELODY, beat, n.duration(), n.pitch(), n.velocity()));
            beat += n.duration();
        }
        for (DrumHit h : t.percussion()) {
            out.add(new RollNote(Part.DRUMS, h.beat(), DrumHit.LENGTH, h.key(), h.velocity()));
        }
        int beatsPerBar = 4;
        int bars = Math.max(1, (int) Math.ceil(t.lengthBeats() / beatsPerBar - 1e-9));
        return new RollModel(out, bars, beatsPerBar, t.tempo());
    }

    /** Short names of the General MIDI percussion keys (35..81), for the drum lanes. */
    private static final Map<Integer, String> DRUMS = Map.ofEntries(
            Map.entry(35, "Kick 2"), Map.entry(36, "Kick"), Map.entry(37, "Rim"), Map.entry(38, "Snare"),
            Map.entry(39, "Clap"), Map.entry(40, "Snare 2"), Map.entry(41, "Tom F2"), Map.entry(42, "Hat"),
            Map.entry(43, "Tom F1"), Map.entry(44, "Hat ped"), Map.entry(45, "Tom L"), Map.entry(46, "Hat op"),
            Map.entry(47, "Tom LM"), Map.entry(48, "Tom HM"), Map.entry(49, "Crash"), Map.entry(50, "Tom H"),
            Map.entry(51, "Ride"), Map.entry(52, "China"), Map.entry(53, "Ride bl"), Map.entry(54, "Tamb"),
            Map.entry(55, "Splash"), Map.entry(56, "Cowbell"), Map.entry(57, "Crash 2"), Map.entry(58, "Vibra"),
            Map.entry(59, "Ride 2"), Map.entry(60, "Bongo H"), Map.entry(61, "Bongo L"), Map.entry(62, "Conga m"),
            Map.entry(63, "Conga H"), Map.entry(64, "Conga L"), Map.entry(65, "Timb H"), Map.entry(66, "Timb L"),
            Map.entry(67, "Agogo H"), Map.entry(68, "Agogo L"), Map.entry(69, "Cabasa"), Map.entry(70, "Maracas"),
            Map.entry(71, "Whistle"), Map.entry(72, "Whistle L"), Map.entry(73, "Guiro s"),
            Map.entry(74, "Guiro"), Map.entry(75, "Claves"), Map.entry(76, "Block H"), Map.entry(77, "Block L"),
            Map.entry(78, "Cuica m"), Map.entry(79, "Cuica"), Map.entry(80, "Tri m"), Map.entry(81, "Tri"));

    /** "Kick", "Snare", "Hat"... for a GM drum key; the key's number for one outside 35..81. */
    public static String drumName(int key) {
        return DRUMS.getOrDefault(key, "key " + key);
    }

    private static final String[] NAMES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

    /** "C4" is MIDI 60. */
    public static String noteName(int pitch) {
        return NAMES[Math.floorMod(pitch, 12)] + (Math.floorDiv(pitch, 12) - 1);
    }

    public static boolean isBlackKey(int pitch) {
        return NAMES[Math.floorMod(pitch, 12)].length() == 2;
    }
}
