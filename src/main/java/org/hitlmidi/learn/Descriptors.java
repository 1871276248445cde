package org.hitlmidi.learn;

import java.util.List;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.KeyFinder;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/**
 * Generic music descriptors of a track, each scaled to about 0..1, relative to the session's base note and
 * scale where a reference is needed: what a reward model regresses ratings on. They describe pitch (tonality,
 * in-scale share, register), intervals (repeats, steps, leaps), contour (range, rising share, arch, ending
 * on the tonic), rhythm (onsets on the beat and on eighths, note lengths, how many notes) and the drum part
 * (density, on-beat share). No listener's profile is consulted: these are the usual descriptors of melody
 * and rhythm, and a listener may weigh any of them, or none.
 */
public final class Descriptors {
    /** The descriptor names, in vector order. */
    public static final List<String> NAMES = List.of("tonality", "in-scale", "repeats", "steps", "leaps", "range",
            "rising", "arch", "ends-on-tonic", "on-beat", "on-eighth", "note-lengths", "mean-length", "notes",
            "drums-per-beat", "drums-on-beat", "register");
    /** Descriptors that are 0 or 1 only, for which a quadratic term says nothing new. */
    public static final List<String> BINARY = List.of("arch", "ends-on-tonic");
    public static final int SIZE = NAMES.size();

    private Descriptors() {
    }

    /** Fills {@code out} (length {@link #SIZE}) with the descriptors of {@code t} under the session's {@code p}. */
    public static void of(Track t, TrackParams p, double[] out) {
        List<Note> m = t.melody();
        int n = m.size();
        int steps = Math.max(n - 1, 1);
        int repeats = 0;
        int stepwise = 0;
        int leaps = 0;
        int rising = 0;
        int inScale = 0;
        int lo = 127;
        int hi = 0;
        double time = 0;
        int onBeat = 0;
        int onEighth = 0;
        int lengthsSeen = 0;
        double pitchSum = 0;
        int scaleMask = 0;
        for (int st : p.scale().steps()) {
            scaleMask |= 1 << st;
        }
        for (int i = 0; i < n; i++) {
            Note note = m.get(i);
            int pitch = note.pitch();
            if (i > 0) {
                int d = pitch - m.get(i - 1).pitch();
                int s = Math.abs(d);
                repeats += s == 0 ? 1 : 0;
                stepwise += s > 0 && s <= 2 ? 1 : 0;
                leaps += s > 7 ? 1 : 0;
                rising += d > 0 ? 1 : 0;
            }
            inScale += (scaleMask >> Math.floorMod(pitch - p.baseNote(), 12) & 1) != 0 ? 1 : 0;
            lo = Math.min(lo, pitch);
            hi = Math.max(hi, pitch);
            onBeat += Math.abs(time - Math.round(time)) < 0.01 ? 1 : 0;
            onEighth += Math.abs(time * 2 - Math.round(time * 2)) < 0.01 ? 1 : 0;
            int q = (int) Math.min(7, Math.max(0, Math.round(note.duration() * 4) - 1));
            lengthsSeen |= 1 << q;
            pitchSum += pitch;
            time += note.duration();
        }
        double length = Math.max(1.0, time);
        int drumsOnBeat = 0;
        for (DrumHit h : t.percussion()) {
            length = Math.max(length, h.beat());
            drumsOnBeat += Math.abs(h.beat() - Math.round(h.beat())) < 0.01 ? 1 : 0;
        }
        int drums = t.percussion().size();
        KeyFinder.Key key = KeyFinder.of(m);
        int half = n / 2;
        boolean arch = n > 0 && m.get(half).pitch() > m.get(0).pitch() && m.get(n - 1).pitch() <= m.get(half).pitch();
        int k = 0;
        out[k++] = Math.max(0, key.correlation());
        out[k++] = n == 0 ? 0 : inScale / (double) n;
        out[k++] = repeats / (double) steps;
        out[k++] = stepwise / (double) steps;
        out[k++] = leaps / (double) steps;
        out[k++] = n == 0 ? 0 : Math.min(1.5, (hi - lo) / 24.0);
        out[k++] = rising / (double) steps;
        out[k++] = arch ? 1 : 0;
        out[k++] = n > 0 && m.get(n - 1).pitch() % 12 == key.tonic() ? 1 : 0;
        out[k++] = n == 0 ? 0 : onBeat / (double) n;
        out[k++] = n == 0 ? 0 : onEighth / (double) n;
        out[k++] = Integer.bitCount(lengthsSeen) / 4.0;
        out[k++] = n == 0 ? 0 : Math.min(1.5, time / n);
        // how many notes: against the paper's note count for its tracks; for a composed track, whose length is
        // its bars, notes per beat over 2 (two notes a beat = 1), or every composed track would read the same
        out[k++] = t.arrangement().barred() ? Math.min(1.5, n / Math.max(1.0, t.arrangement().lengthBeats()) / 2)
                : Math.min(1.5, n / (double) p.length());
        out[k++] = Math.min(1.5, drums / length / 4);
        out[k++] = drums == 0 ? 0 : drumsOnBeat / (double) drums;
        out[k++] = n == 0 ? 0.5 : Math.max(0, Math.min(1, 0.5 + (pitchSum / n - p.baseNote()) / 24));
    }

    /** Descriptor {@code j} at scaled value {@code x} in its own units, for people: "range 7 semitones". */
    public static String inUnits(int j, double x, TrackParams p) {
        String name = NAMES.get(j);
        return switch (name) {
            case "range" -> String.format(java.util.Locale.ROOT, "a range of %.0f semitones", x * 24);
            case "note-lengths" -> String.format(java.util.Locale.ROOT, "%.0f different note lengths", Math.max(1, x * 4));
            case "mean-length" -> String.format(java.util.Locale.ROOT, "notes of %.2f beats on average", Math.max(0.25, x));
            case "notes" -> String.format(java.util.Locale.ROOT, "%.1f notes a beat", x * 2); // composed tracks
            case "drums-per-beat" -> String.format(java.util.Locale.ROOT, "%.1f drum hits per beat", x * 4);
            case "register" -> String.format(java.util.Locale.ROOT, "melody around %+.0f semitones from the base note",
                    (x - 0.5) * 24);
            case "arch", "ends-on-tonic" -> (x >= 0.5 ? "" : "not ") + name.replace('-', ' ');
            default -> String.format(java.util.Locale.ROOT, "%s %.0f%%", name.replace('-', ' '), x * 100);
        };
    }

    public static double[] of(Track t, TrackParams p) {
        double[] out = new double[SIZE];
        of(t, p, out);
        return out;
    }
}
