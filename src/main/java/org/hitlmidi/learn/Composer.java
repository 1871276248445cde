package org.hitlmidi.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Pitches;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/**
 * Writes candidate tracks for a learner that chooses whole tracks: fresh ones in the session's scale with
 * a randomly drawn style (how often the melody repeats, steps, skips or leaps; which note lengths; how dense
 * and where the drums fall), and variations of a given track by a few musical moves (a note up or down a
 * semitone, a scale step or an octave, a repeat of its neighbour, a new length, the last note to the tonic,
 * drums thinner, denser or shifted off the beat, a note removed or split). Styles are drawn uniformly: the
 * composer proposes, only the ratings decide. Tracks keep at most the session's length in notes.
 */
public final class Composer {
    private static final double[] LENGTHS = {0.25, 0.5, 0.75, 1.0};
    private static final double[] DRUM_STEPS = {0.25, 0.5, 1.0, 2.0};
    private static final int MOVES = 18;
    private final TrackParams params;
    private final int[] scalePitches; // the scale from an octave below the base to two above

    public Composer(TrackParams params) {
        this.params = params;
        List<Integer> s = new ArrayList<>();
        for (int p = Math.max(Pitches.MIN, params.baseNote() - 12); p <= Math.min(Pitches.MAX, params.baseNote() + 24); p++) {
            if (params.scale().contains(params.baseNote(), p)) {
                s.add(p);
            }
        }
        if (s.isEmpty()) {
            s.add(params.baseNote());
        }
        scalePitches = s.stream().mapToInt(Integer::intValue).toArray();
    }

    public TrackParams params() {
        return params;
    }

    /** A fresh track in a randomly drawn style. */
    public Track fresh(RandomGenerator rng) {
        double[] w = {exp(rng), exp(rng), exp(rng), exp(rng)}; // repeat, step, skip, leap
        double up = 0.2 + 0.6 * rng.nextDouble();
        double chromatic = rng.nextDouble() < 0.7 ? 0 : 0.3 * rng.nextDouble();
        int lengthMask = 1 + rng.nextInt(15);
        int n = rng.nextDouble() < 0.7 ? params.length() : 1 + rng.nextInt(params.length());
        int deg = indexNear(params.baseNote() + rng.nextInt(12));
        List<Note> melody = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                int move = pick(w, rng);
                int size = move == 0 ? 0 : move == 1 ? 1 : move == 2 ? 2 + rng.nextInt(2) : 5 + rng.nextInt(4);
                deg = reflect(deg + (rng.nextDouble() < up ? size : -size));
            }
            int pitch = scalePitches[deg];
            if (chromatic > 0 && rng.nextDouble() < chromatic) {
                pitch = clampPitch(pitch + (rng.nextBoolean() ? 1 : -1));
            }
            melody.add(new Note(pitch, lengthFrom(lengthMask, rng)));
        }
        if (rng.nextBoolean()) {
            Note last = melody.get(n - 1);
            melody.set(n - 1, last.withPitch(tonicNear(last.pitch())));
        }
        return new Track(melody, drums(beats(melody), rng), params.tempo());
    }

    /** {@code t} changed by {@code moves} random musical moves (each may leave it unchanged at an edge). */
    public Track vary(Track t, int moves, RandomGenerator rng) {
        Track out = t;
        for (int k = 0; k < moves; k++) {
            out = move(out, rng.nextInt(MOVES), rng);
        }
        return out;
    }

    Track move(Track t, int kind, RandomGenerator rng) {
        List<Note> m = new ArrayList<>(t.melody());
        int n = m.size();
        int i = rng.nextInt(n);
        Note note = m.get(i);
        switch (kind) {
            case 0:
                m.set(i, note.withPitch(clampPitch(note.pitch() + (rng.nextBoolean() ? 1 : -1))));
                break;
            case 1:
            case 2:
                m.set(i, note.withPitch(scaleStep(note.pitch(), rng.nextBoolean() ? 1 : -1)));
                break;
            case 3:
                m.set(i, note.withPitch(clampPitch(note.pitch() + (rng.nextBoolean() ? 12 : -12))));
                break;
            case 4:
                if (n > 1) {
                    m.set(i, note.withPitch(m.get(i > 0 ? i - 1 : 1).pitch()));
                }
                break;
            case 5:
                if (i > 0 && i < n - 1) {
                    m.set(i, note.withPitch(scalePitches[indexNear((m.get(i - 1).pitch() + m.get(i + 1).pitch()) / 2)]));
                }
                break;
            case 6:
                m.set(i, note.withPitch(scaleStep(note.pitch(), (rng.nextBoolean() ? 1 : -1) * (4 + rng.nextInt(3)))));
                break;
            case 7:
                m.set(i, note.withPitch(scalePitches[rng.nextInt(scalePitches.length)]));
                break;
            case 8:
                m.set(n - 1, m.get(n - 1).withPitch(tonicNear(m.get(n - 1).pitch())));
                break;
            case 9:
                if (i > 0) {
                    int p = m.get(i).pitch();
                    m.set(i, m.get(i).withPitch(m.get(i - 1).pitch()));
                    m.set(i - 1, m.get(i - 1).withPitch(p));
                }
                break;
            case 10:
                m.set(i, note.withDuration(LENGTHS[rng.nextInt(LENGTHS.length)]));
                break;
            case 11:
                if (n > 1) {
                    m.set(i, note.withDuration(m.get(i > 0 ? i - 1 : 1).duration()));
                }
                break;
            case 12: {
                int mask = 1 + rng.nextInt(15);
                for (int j = 0; j < n; j++) {
                    m.set(j, m.get(j).withDuration(lengthFrom(mask, rng)));
                }
                break;
            }
            case 13:
                if (n > 1) {
                    m.remove(i);
                }
                break;
            case 14:
                if (n < params.length() && note.duration() >= 0.5) {
                    double half = Math.round(note.duration() * 2) / 4.0;
                    m.set(i, note.withDuration(half));
                    m.add(i + 1, note.withDuration(note.duration() - half));
                }
                break;
            case 15:
                return t.withPercussion(thinner(t.percussion(), rng.nextBoolean()));
            case 16:
                return t.withPercussion(denser(t.percussion(), beats(m)));
            case 17:
                return rng.nextBoolean() ? t.withPercussion(shifted(t.percussion(), beats(m)))
                        : t.withPercussion(drums(beats(m), rng));
            default:
                throw new IllegalArgumentException("move " + kind);
        }
        return t.withMelody(m);
    }

    /** A drum part over {@code beats}: hits every 1/4, 1/2, 1 or 2 beats, on or off the beat, a short key cycle. */
    List<DrumHit> drums(double beats, RandomGenerator rng) {
        double step = DRUM_STEPS[rng.nextInt(DRUM_STEPS.length)];
        double phase = step >= 0.5 && rng.nextBoolean() ? step / 2 : 0;
        List<Integer> kit = params.kit().keys();
        int[] cycle = new int[1 + rng.nextInt(4)];
        for (int k = 0; k < cycle.length; k++) {
            cycle[k] = kit.get(rng.nextInt(kit.size()));
        }
        double dropout = rng.nextDouble() < 0.6 ? 0 : 0.4 * rng.nextDouble();
        List<DrumHit> out = new ArrayList<>();
        int k = 0;
        for (double b = phase; b < beats - 1e-9; b += step) {
            if (dropout == 0 || rng.nextDouble() >= dropout) {
                out.add(new DrumHit(b, cycle[k % cycle.length], DrumHit.DEFAULT_VELOCITY));
            }
            k++;
        }
        return out;
    }

    static double gridOf(List<DrumHit> hits) {
        double g = Double.MAX_VALUE;
        for (int k = 1; k < hits.size(); k++) {
            double gap = hits.get(k).beat() - hits.get(k - 1).beat();
            if (gap > 1e-9) {
                g = Math.min(g, gap);
            }
        }
        return g == Double.MAX_VALUE ? 1.0 : g;
    }

    /** Every other grid step, keeping the even or the odd ones. */
    static List<DrumHit> thinner(List<DrumHit> hits, boolean keepOdd) {
        if (hits.size() < 2) {
            return hits;
        }
        double g = gridOf(hits);
        double origin = hits.get(0).beat();
        List<DrumHit> out = new ArrayList<>();
        for (DrumHit h : hits) {
            long step = Math.round((h.beat() - origin) / g);
            if ((step % 2 == 1) == keepOdd) {
                out.add(h);
            }
        }
        return out.isEmpty() ? hits : out;
    }

    /** A hit halfway between each hit and the next grid step, with the same key. */
    static List<DrumHit> denser(List<DrumHit> hits, double beats) {
        if (hits.isEmpty()) {
            return hits;
        }
        double g = gridOf(hits);
        if (g / 2 < 0.25 - 1e-9) {
            return hits;
        }
        List<DrumHit> out = new ArrayList<>();
        for (DrumHit h : hits) {
            out.add(h);
            double b = h.beat() + g / 2;
            if (b < Math.max(beats, h.beat() + g) - 1e-9) {
                out.add(new DrumHit(b, h.key(), h.velocity()));
            }
        }
        return out;
    }

    /** Every hit half a grid step later (off the beat), or back when that would pass the end. */
    static List<DrumHit> shifted(List<DrumHit> hits, double beats) {
        if (hits.isEmpty()) {
            return hits;
        }
        double g = gridOf(hits);
        double shift = Math.max(0.25, Math.round(g / 2 * 4) / 4.0);
        boolean back = hits.get(0).beat() >= shift - 1e-9;
        List<DrumHit> out = new ArrayList<>();
        for (DrumHit h : hits) {
            double b = back ? h.beat() - shift : h.beat() + shift;
            if (b >= 0 && b < Math.max(beats, 1)) {
                out.add(new DrumHit(b, h.key(), h.velocity()));
            }
        }
        return out.isEmpty() ? hits : out;
    }

    private static double beats(List<Note> m) {
        double b = 0;
        for (Note n : m) {
            b += n.duration();
        }
        return b;
    }

    private static double lengthFrom(int mask, RandomGenerator rng) {
        int pick;
        do {
            pick = rng.nextInt(LENGTHS.length);
        } while ((mask & (1 << pick)) == 0);
        return LENGTHS[pick];
    }

    private static double exp(RandomGenerator rng) {
        return -Math.log(1 - rng.nextDouble());
    }

    private static int pick(double[] w, RandomGenerator rng) {
        double total = 0;
        for (double x : w) {
            total += x;
        }
        double u = rng.nextDouble() * total;
        for (int k = 0; k < w.length; k++) {
            u -= w[k];
            if (u < 0) {
                return k;
            }
        }
        return w.length - 1;
    }

    private int reflect(int deg) {
        int top = scalePitches.length - 1;
        if (top == 0) {
            return 0;
        }
        while (deg < 0 || deg > top) {
            deg = deg < 0 ? -deg : 2 * top - deg;
        }
        return deg;
    }

    private int indexNear(int pitch) {
        int best = 0;
        for (int k = 1; k < scalePitches.length; k++) {
            if (Math.abs(scalePitches[k] - pitch) < Math.abs(scalePitches[best] - pitch)) {
                best = k;
            }
        }
        return best;
    }

    private int scaleStep(int pitch, int steps) {
        int k = indexNear(pitch);
        if (scalePitches[k] != pitch && steps != 0) {
            // off the scale: the first step lands on the neighbouring scale tone in that direction
            k = scalePitches[k] > pitch == steps > 0 ? k : k + Integer.signum(steps);
            steps -= Integer.signum(steps);
        }
        return scalePitches[reflect(k + steps)];
    }

    private int tonicNear(int pitch) {
        int pc = Math.floorMod(params.baseNote(), 12);
        int below = pitch - Math.floorMod(pitch - pc, 12);
        int p = pitch - below <= 6 ? below : below + 12;
        return clampPitch(p > Pitches.MAX ? p - 12 : p);
    }

    private static int clampPitch(int p) {
        return Math.max(Pitches.MIN, Math.min(Pitches.MAX, p));
    }
}
