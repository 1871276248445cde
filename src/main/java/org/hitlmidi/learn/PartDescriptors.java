package org.hitlmidi.learn;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.Meter;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.PartNote;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/**
 * Generic descriptors of one part of a track, each scaled to about 0..1: what a part rating ("the bass: 3") is
 * evidence about. They are read from the notes, not from the composer's choices, so they describe any track (a
 * bass line's note rate, how much of it is on the beat, how often and by how far it moves, how long its notes
 * ring; the comping's onsets, voicing size and sustain; the groove's density, backbeat, cymbals and busyness; the
 * melody's {@link Descriptors} without the drum ones). A walking bass, for one, is a note on every beat that moves
 * every time and steps into the next bar; a root-fifth line is two long notes a bar.
 */
public final class PartDescriptors {
    private static final List<String> MELODY_FROM = List.of("tonality", "in-scale", "repeats", "steps", "leaps", "range",
            "rising", "arch", "ends-on-tonic", "on-beat", "on-eighth", "note-lengths", "mean-length", "notes", "register");
    private static final Map<Part, List<String>> NAMES = new EnumMap<>(Map.of(
            Part.MELODY, MELODY_FROM,
            Part.BASS, List.of("notes-per-beat", "on-beat", "moves", "steps", "leaps", "note-length", "register"),
            Part.CHORDS, List.of("onsets-per-beat", "voicing", "on-beat", "off-eighth", "note-length", "register"),
            Part.DRUMS, List.of("hits-per-beat", "on-beat", "backbeat", "cymbals", "sounds", "sixteenths")));
    /** Descriptors that are 0 or 1 only (a quadratic term says nothing new). */
    private static final List<String> BINARY = Descriptors.BINARY;
    private static final int[] MELODY_INDEX = MELODY_FROM.stream().mapToInt(Descriptors.NAMES::indexOf).toArray();

    private PartDescriptors() {
    }

    /** The descriptor names of part {@code p}, in vector order. */
    public static List<String> names(Part p) {
        return NAMES.get(p);
    }

    public static boolean binary(String name) {
        return BINARY.contains(name);
    }

    /** The descriptors of part {@code p} of {@code t} (zeros where the part has no notes). */
    public static double[] of(Part p, Track t, TrackParams params) {
        return switch (p) {
            case MELODY -> melody(t, params);
            case BASS -> bass(t, params);
            case CHORDS -> chords(t, params);
            case DRUMS -> drums(t);
        };
    }

    private static double[] melody(Track t, TrackParams params) {
        double[] all = Descriptors.of(t, params);
        double[] out = new double[MELODY_INDEX.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = all[MELODY_INDEX[i]];
        }
        return out;
    }

    private static boolean onBeat(double at) {
        return Math.abs(at - Math.rint(at)) < 0.01;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1.5, v));
    }

    private static double register(double meanPitch, TrackParams params) {
        return Math.max(0, Math.min(1, 0.5 + (meanPitch - params.baseNote()) / 48));
    }

    private static double[] bass(Track t, TrackParams params) {
        List<PartNote> b = t.arrangement().bass();
        double[] out = new double[NAMES.get(Part.BASS).size()];
        int n = b.size();
        if (n == 0) {
            return out;
        }
        int on = 0;
        int moves = 0;
        int steps = 0;
        int leaps = 0;
        double dur = 0;
        double pitch = 0;
        for (int i = 0; i < n; i++) {
            PartNote x = b.get(i);
            on += onBeat(x.start()) ? 1 : 0;
            dur += x.duration();
            pitch += x.pitch();
            if (i > 0) {
                int d = Math.abs(x.pitch() - b.get(i - 1).pitch());
                moves += d > 0 ? 1 : 0;
                steps += d > 0 && d <= 2 ? 1 : 0;
                leaps += d > 7 ? 1 : 0;
            }
        }
        int pairs = Math.max(1, n - 1);
        int k = 0;
        out[k++] = clamp(n / Math.max(1.0, t.lengthBeats()) / 2);
        out[k++] = on / (double) n;
        out[k++] = moves / (double) pairs;
        out[k++] = steps / (double) pairs;
        out[k++] = leaps / (double) pairs;
        out[k++] = clamp(dur / n / 2);
        out[k] = register(pitch / n, params);
        return out;
    }

    private static double[] chords(Track t, TrackParams params) {
        List<PartNote> c = t.arrangement().chords();
        double[] out = new double[NAMES.get(Part.CHORDS).size()];
        if (c.isEmpty()) {
            return out;
        }
        TreeMap<Long, Integer> onsets = new TreeMap<>(); // start in 1/100 beat -> notes struck together
        double dur = 0;
        double pitch = 0;
        for (PartNote x : c) {
            onsets.merge(Math.round(x.start() * 100), 1, Integer::sum);
            dur += x.duration();
            pitch += x.pitch();
        }
        int n = onsets.size();
        int on = 0;
        int offEighth = 0;
        for (long at : onsets.keySet()) {
            double beat = at / 100.0;
            on += onBeat(beat) ? 1 : 0;
            offEighth += !onBeat(beat) && onBeat(beat * 2) ? 1 : 0;
        }
        int k = 0;
        out[k++] = clamp(n / Math.max(1.0, t.lengthBeats()) / 2);
        out[k++] = Math.min(1, c.size() / (double) n / 4);
        out[k++] = on / (double) n;
        out[k++] = offEighth / (double) n;
        out[k++] = clamp(dur / c.size() / 4);
        out[k] = register(pitch / c.size(), params);
        return out;
    }

    /** Snare, clap and rimshot (General MIDI). */
    private static boolean backbeatSound(int key) {
        return key == 37 || key == 38 || key == 39 || key == 40;
    }

    /** Hi-hats, ride and crash cymbals (General MIDI). */
    private static boolean cymbal(int key) {
        return key == 42 || key == 44 || key == 46 || key == 49 || key == 51 || key == 52 || key == 53 || key == 55
                || key == 57 || key == 59;
    }

    private static double[] drums(Track t) {
        List<DrumHit> d = t.percussion();
        double[] out = new double[NAMES.get(Part.DRUMS).size()];
        int n = d.size();
        if (n == 0) {
            return out;
        }
        Meter meter = t.arrangement().meter();
        double bpb = meter.beatsPerBar();
        double length = Math.max(1.0, t.lengthBeats());
        int bars = Math.max(1, (int) Math.ceil(length / bpb - 1e-9));
        int on = 0;
        int cymbals = 0;
        int sixteenths = 0;
        java.util.Set<Integer> sounds = new java.util.HashSet<>();
        java.util.Set<Long> backbeats = new java.util.HashSet<>(); // bar * 100 + backbeat index, each counted once
        double[] bb = meter.backbeats();
        for (DrumHit h : d) {
            on += onBeat(h.beat()) ? 1 : 0;
            cymbals += cymbal(h.key()) ? 1 : 0;
            sixteenths += onBeat(h.beat() * 2) ? 0 : 1;
            sounds.add(h.key());
            if (backbeatSound(h.key())) {
                int bar = (int) Math.floor(h.beat() / bpb + 1e-9);
                double inBar = h.beat() - bar * bpb;
                for (int i = 0; i < bb.length; i++) {
                    if (Math.abs(inBar - bb[i]) < 0.05) {
                        backbeats.add(bar * 100L + i);
                    }
                }
            }
        }
        int k = 0;
        out[k++] = clamp(n / length / 4);
        out[k++] = on / (double) n;
        out[k++] = bb.length == 0 ? 0 : Math.min(1, backbeats.size() / (double) (bars * bb.length));
        out[k++] = cymbals / (double) n;
        out[k++] = Math.min(1, sounds.size() / 6.0);
        out[k] = sixteenths / (double) n;
        return out;
    }

    /** Descriptor {@code name} of part {@code p} at scaled value {@code x}, for people: "1.0 notes per beat". */
    public static String inUnits(Part p, String name, double x, TrackParams params) {
        if (p == Part.MELODY) {
            return Descriptors.inUnits(Descriptors.NAMES.indexOf(name), x, params);
        }
        return switch (name) {
            case "notes-per-beat", "onsets-per-beat" -> String.format(Locale.ROOT, "%.1f %s per beat", x * 2,
                    name.startsWith("notes") ? "notes" : "chords");
            case "hits-per-beat" -> String.format(Locale.ROOT, "%.1f hits per beat", x * 4);
            case "note-length" -> String.format(Locale.ROOT, "notes of %.1f beats", x * (p == Part.BASS ? 2 : 4));
            case "voicing" -> String.format(Locale.ROOT, "%.0f notes a chord", Math.max(1, x * 4));
            case "sounds" -> String.format(Locale.ROOT, "%.0f different drums", Math.max(1, x * 6));
            case "register" -> String.format(Locale.ROOT, "around %+.0f semitones from the base note", (x - 0.5) * 48);
            default -> String.format(Locale.ROOT, "%s %.0f%%", name.replace('-', ' '), x * 100);
        };
    }
}
