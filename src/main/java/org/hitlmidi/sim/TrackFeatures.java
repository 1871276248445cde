package org.hitlmidi.sim;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.KeyFinder;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;

/**
 * The features a simulated listener judges, computed from a track as ../shared/raters/rater.py computes them
 * from a .mid file: tonality (Krumhansl-Kessler key correlation), stepwise motion, repeats, leaps, range,
 * ending on the tonic, notes on the eighth grid, distinct durations, drums per beat and on the beat, arch shape.
 */
public final class TrackFeatures {
    private TrackFeatures() {
    }

    public static Map<String, Double> of(Track t) {
        int n = t.melody().size();
        int[] pitches = new int[n];
        double[] onsets = new double[n];
        double time = 0;
        Set<Long> durations = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Note note = t.melody().get(i);
            pitches[i] = note.pitch();
            onsets[i] = time;
            time += note.duration();
            durations.add(Math.round(note.duration() * 4));
        }
        int steps = Math.max(n - 1, 1);
        int stepwise = 0;
        int repeats = 0;
        int leaps = 0;
        for (int i = 1; i < n; i++) {
            int s = Math.abs(pitches[i] - pitches[i - 1]);
            stepwise += s > 0 && s <= 2 ? 1 : 0;
            repeats += s == 0 ? 1 : 0;
            leaps += s > 7 ? 1 : 0;
        }
        KeyFinder.Key key = KeyFinder.of(t.melody());
        double bestCorr = key.correlation();
        int tonic = key.tonic();
        int onGrid = 0;
        for (double o : onsets) {
            onGrid += Math.abs(o * 2 - Math.round(o * 2)) < 0.01 ? 1 : 0;
        }
        double length = Math.max(1.0, time);
        int drumsOnBeat = 0;
        for (DrumHit h : t.percussion()) {
            length = Math.max(length, h.beat());
            drumsOnBeat += Math.abs(h.beat() - Math.round(h.beat())) < 0.01 ? 1 : 0;
        }
        int half = n / 2;
        int range = 0;
        if (n > 0) {
            int lo = 127;
            int hi = 0;
            for (int p : pitches) {
                lo = Math.min(lo, p);
                hi = Math.max(hi, p);
            }
            range = hi - lo;
        }
        double arch = n > 0 && pitches[half] - pitches[0] > 0 && pitches[n - 1] <= pitches[half] ? 1 : 0;
        int drums = t.percussion().size();
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("notes", (double) n);
        f.put("tonality", Math.max(bestCorr, 0.0));
        f.put("stepwise", stepwise / (double) steps);
        f.put("repeats", repeats / (double) steps);
        f.put("leaps", leaps / (double) steps);
        f.put("range", (double) range);
        f.put("ends_on_tonic", n > 0 && pitches[n - 1] % 12 == tonic ? 1.0 : 0.0);
        f.put("on_grid", onGrid / (double) Math.max(n, 1));
        f.put("durations", (double) durations.size());
        f.put("drums_per_beat", drums / length);
        f.put("drums_on_beat", drumsOnBeat / (double) Math.max(drums, 1));
        f.put("arch", arch);
        return f;
    }
}
