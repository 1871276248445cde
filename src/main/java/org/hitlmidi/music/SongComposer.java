package org.hitlmidi.music;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Composes whole tracks in a style, musical by construction: exactly the requested bars of the meter; a chord
 * progression from the style, one chord a bar; a melody in the scale whose strong beats take chord tones, that
 * moves mostly by step inside the style's range and leap limit, repeats and answers its motif in phrases
 * (AABA, ABAB, AABB, ABAC) and ends on the tonic; a bass line that follows the roots; chords voiced close to
 * each other; drums from the style's groove with a variation on every other bar and a fill at each phrase end.
 * A {@link Sketch} holds every choice, so a track is varied by changing one choice and recomposing, or by a
 * fine edit of the melody that keeps key and bars.
 */
public final class SongComposer {
    /** Bar rhythms per meter (4/4, 3/4, 6/8) and density (0 sparse .. 3 busy), as note lengths in beats. */
    private static final double[][][][] RHYTHMS = {
        { // 4/4
            {{2, 2}, {3, 1}, {1, 1, 2}, {2, 1, 1}, {1.5, 0.5, 2}},
            {{1, 1, 1, 1}, {1.5, 0.5, 1, 1}, {1, 0.5, 0.5, 2}, {0.5, 0.5, 1, 2}, {1, 1, 1.5, 0.5}},
            {{0.5, 0.5, 1, 0.5, 0.5, 1}, {1, 0.5, 0.5, 1, 0.5, 0.5}, {0.75, 0.25, 1, 0.5, 0.5, 1}, {1.5, 0.5, 0.5, 0.5, 0.5, 0.5}},
            {{0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, {0.5, 0.5, 0.25, 0.25, 0.5, 1, 0.5, 0.5}, {0.75, 0.25, 0.5, 0.5, 0.75, 0.25, 0.5, 0.5}},
        },
        { // 3/4
            {{2, 1}, {1, 2}, {1.5, 1.5}},
            {{1, 1, 1}, {1.5, 0.5, 1}, {1, 0.5, 1.5}},
            {{0.5, 0.5, 1, 1}, {1, 0.5, 0.5, 1}, {1, 1, 0.5, 0.5}},
            {{0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, {1, 0.5, 0.5, 0.5, 0.5}},
        },
        { // 6/8
            {{1.5, 1.5}, {1, 0.5, 1.5}},
            {{1, 0.5, 1, 0.5}, {0.5, 0.5, 0.5, 1.5}, {1.5, 1, 0.5}},
            {{0.5, 0.5, 0.5, 1, 0.5}, {1, 0.5, 0.5, 0.5, 0.5}},
            {{0.5, 0.5, 0.5, 0.5, 0.5, 0.5}},
        },
    };
    /** Phrase forms over four bars: the role (0 A, 1 B, 2 C) of each bar. */
    private static final int[][] FORMS = {{0, 0, 1, 0}, {0, 1, 0, 1}, {0, 0, 1, 1}, {0, 1, 0, 2}};
    private static final int PHRASE = 4;
    private static final int MOVES = 13;
    /** E3: the lowest melody note (see {@link #melodyFloor}). */
    static final int MELODY_FLOOR = 52;

    private final TrackParams params;
    private final Style style;
    private final boolean minor;
    private final int tonic;

    public SongComposer(TrackParams params) {
        this.params = params;
        this.style = params.style();
        this.minor = Style.minorKey(params.scale());
        this.tonic = params.baseNote();
    }

    public TrackParams params() {
        return params;
    }

    /** A sketch drawn from the style's choices: every part plays, density within the style's. */
    public Sketch randomSketch(RandomGenerator rng) {
        int density = style.densityMin() + rng.nextInt(style.densityMax() - style.densityMin() + 1);
        int register = rng.nextDouble() < 0.7 ? 0 : rng.nextBoolean() ? 1 : -1;
        return new Sketch(rng.nextInt(style.progressions().size()), rng.nextInt(8), rng.nextInt(style.bassLines().size()),
                rng.nextInt(style.comping().size()), density, register, rng.nextInt(Sketch.CONTOURS), rng.nextLong(),
                rng.nextLong(), rng.nextInt(Sketch.FORMS), Sketch.ALL_PARTS, rng.nextDouble() < 0.6 ? 2 : rng.nextInt(2));
    }

    public Track fresh(RandomGenerator rng) {
        return compose(randomSketch(rng));
    }

    /** The track a sketch describes, always the same for the same sketch and parameters. */
    public Track compose(Sketch s) {
        return compose(s, Progression.parse(style.progressions().get(s.progression() % style.progressions().size()), minor));
    }

    /**
     * The track a sketch describes over the given progression instead of its style's (chords a player holds:
     * chord follow), one chord a bar, repeated to fill the bars; the sketch's other choices as {@link #compose(Sketch)}.
     */
    public Track compose(Sketch s, Progression prog) {
        Meter m = params.meter();
        int bars = params.bars();
        double bpb = m.beatsPerBar();
        Chord[] chords = new Chord[bars];
        for (int b = 0; b < bars; b++) {
            chords[b] = prog.chordAt(b, bars);
        }
        List<Note> melody = chromatic(melody(s, chords), s.motif());
        List<PartNote> bass = s.plays(Part.BASS) ? bass(s, chords) : List.of();
        List<PartNote> comp = s.plays(Part.CHORDS) ? comping(s, chords, ceilings(melody, bars, bpb)) : List.of();
        List<DrumHit> drums = s.plays(Part.DRUMS) ? drums(s) : List.of();
        Arrangement a = new Arrangement(style.name(), m, bars, prog.name(), bass, comp, style.bassProgram(),
                style.chordsProgram(), style.feel(), s, java.util.Set.of());
        assert Math.abs(sum(melody) - bars * bpb) < 1e-9;
        return new Track(melody, drums, params.tempo(), a);
    }

    // ---- melody ----

    private int meterIndex() {
        return params.meter().ordinal();
    }

    private double[] rhythmFor(int density, SplittableRandom r) {
        double[][] options = RHYTHMS[meterIndex()][Math.min(density, RHYTHMS[meterIndex()].length - 1)];
        return options[r.nextInt(options.length)];
    }

    /** A phrase-ending bar: the bar's rhythm with its last notes joined so the last one lasts a pulse or more. */
    private double[] cadence(double[] rhythm) {
        double tailMin = params.meter() == Meter.SIX_EIGHT ? 1.5 : 1.0;
        List<Double> out = new ArrayList<>();
        for (double d : rhythm) {
            out.add(d);
        }
        while (out.size() > 1 && out.get(out.size() - 1) < tailMin) {
            double last = out.remove(out.size() - 1);
            out.set(out.size() - 1, out.get(out.size() - 1) + last);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private int[] steps(int n, SplittableRandom r) {
        int[] steps = new int[Math.max(n, 1)];
        int leapDegrees = Math.max(2, style.maxLeap() / 2);
        for (int k = 0; k < steps.length; k++) {
            double u = r.nextDouble();
            // mostly steps, as most melodies move: 2 in 3 a step, then thirds, a repeated note, a leap
            int size = u < 0.66 ? 1 : u < 0.84 ? 2 : u < 0.92 ? 0 : Math.min(3 + r.nextInt(2), leapDegrees);
            steps[k] = r.nextBoolean() ? size : -size;
        }
        return steps;
    }

    List<Note> melody(Sketch s, Chord[] chords) {
        Meter m = params.meter();
        int bars = chords.length;
        SplittableRandom rr = new SplittableRandom(s.rhythm());
        SplittableRandom mr = new SplittableRandom(s.motif());
        int[] form = FORMS[s.form()];
        double[][] roleRhythm = new double[3][];
        int[][] roleSteps = new int[3][];
        for (int role = 0; role < 3; role++) {
            int d = role == 0 ? s.density() : Math.max(style.densityMin(), Math.min(style.densityMax(),
                    s.density() + (rr.nextBoolean() ? 1 : -1)));
            roleRhythm[role] = rhythmFor(d, rr);
            roleSteps[role] = steps(8, mr);
        }
        int shift = s.register() * 5;
        int hi = clampPitch(tonic + style.high() + shift);
        int lo = melodyFloor(tonic + style.low() + shift, hi);
        int centre = (lo + hi) / 2;
        int span = Math.max(2, (hi - lo) / 3);
        List<Note> out = new ArrayList<>();
        int prev = nearestInScale(centre, lo, hi);
        for (int b = 0; b < bars; b++) {
            int role = form[b % PHRASE];
            boolean last = b == bars - 1;
            boolean phraseEnd = last || (b % PHRASE == PHRASE - 1);
            double[] rhythm = phraseEnd ? cadence(roleRhythm[role]) : roleRhythm[role];
            int target = centre + (int) Math.round(span * contour(s.contour(), b, bars));
            double at = 0;
            for (int j = 0; j < rhythm.length; j++) {
                boolean strong = j == 0 || m.isStrong(at);
                int p;
                if (j == 0) {
                    p = nearestChordTone(chords[b], (int) Math.round(prev * 0.5 + target * 0.5), lo, hi, prev);
                } else {
                    int step = roleSteps[role][(j - 1) % roleSteps[role].length];
                    p = scaleStep(prev, step, lo, hi);
                    if (strong && !chords[b].contains(tonic, p)) {
                        p = nearestChordTone(chords[b], p, lo, hi, prev);
                    }
                }
                boolean final_ = j == rhythm.length - 1 && phraseEnd;
                if (final_) {
                    p = last ? nearestOf(pitchClassSet(0), prev, lo, hi) : nearestStable(chords[b], prev, lo, hi);
                }
                int vel = velocity(at, strong, final_);
                out.add(new Note(p, rhythm[j], vel));
                prev = p;
                at += rhythm[j];
            }
        }
        return out;
    }

    /**
     * Where the style asks for them (blues, jazz), some weak notes become chromatic: a passing tone between two
     * scale notes a whole tone apart, or an approach tone a semitone below (else above) the next note, which falls
     * on a beat and is in the scale, so every chromatic note resolves by a semitone at once. One weak note in
     * four that could take one does; the choice is seeded by the motif, so the same sketch gives the same notes.
     */
    List<Note> chromatic(List<Note> mel, long seed) {
        if (!style.chromatic() || mel.size() < 3) {
            return mel;
        }
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        Meter m = params.meter();
        double bpb = m.beatsPerBar();
        List<Note> out = new ArrayList<>(mel);
        double at = 0;
        for (int j = 0; j < out.size(); j++) {
            Note n = out.get(j);
            double inBar = at - Math.floor(at / bpb + 1e-9) * bpb;
            at += n.duration();
            double nextInBar = at - Math.floor(at / bpb + 1e-9) * bpb;
            if (j == 0 || j + 1 >= out.size() - 1 || n.duration() > 1 || inBar < 1e-9 || m.isStrong(inBar)
                    || Math.abs(nextInBar - Math.rint(nextInBar)) > 1e-9) {
                continue;
            }
            int prev = out.get(j - 1).pitch();
            int next = out.get(j + 1).pitch();
            double u = r.nextDouble();
            if (u >= 0.25 || !inScale(prev) || !inScale(next)) {
                continue;
            }
            int c = Math.abs(next - prev) == 2 ? (prev + next) / 2 : !inScale(next - 1) ? next - 1 : next + 1;
            if (!inScale(c) && Math.abs(c - next) == 1 && Math.abs(c - prev) <= style.maxLeap() && c >= Pitches.MIN
                    && c <= Pitches.MAX) {
                out.set(j, n.withPitch(c));
            }
        }
        return out;
    }

    /**
     * After a fine edit: a chromatic note that no longer resolves by a half step into the scale, on a weak beat,
     * becomes the nearest scale note (so edits never leave a stray chromatic note).
     */
    List<Note> resolved(List<Note> mel) {
        if (!style.chromatic()) {
            return mel;
        }
        List<Note> out = new ArrayList<>(mel);
        double bpb = params.meter().beatsPerBar();
        double at = 0;
        for (int j = 0; j < out.size(); j++) {
            Note n = out.get(j);
            double inBar = at - Math.floor(at / bpb + 1e-9) * bpb;
            at += n.duration();
            if (inScale(n.pitch())) {
                continue;
            }
            boolean ok = j + 1 < out.size() && inBar > 1e-9 && !params.meter().isStrong(inBar)
                    && Math.abs(out.get(j + 1).pitch() - n.pitch()) == 1 && inScale(out.get(j + 1).pitch());
            if (!ok) {
                out.set(j, n.withPitch(nearestInScale(n.pitch(), Pitches.MIN, Pitches.MAX)));
            }
        }
        return out;
    }

    /** Per bar, the highest pitch the chords may reach: under the melody's lowest note of that bar. */
    private static int[] ceilings(List<Note> mel, int bars, double bpb) {
        int[] c = new int[bars];
        java.util.Arrays.fill(c, Pitches.MAX);
        double at = 0;
        for (Note n : mel) {
            int first = (int) Math.floor(at / bpb + 1e-9);
            int last = (int) Math.floor((at + n.duration()) / bpb - 1e-9);
            for (int b = Math.max(0, first); b <= Math.min(bars - 1, last); b++) {
                c[b] = Math.min(c[b], n.pitch() - 1);
            }
            at += n.duration();
        }
        return c;
    }

    private static double contour(int kind, int bar, int bars) {
        double x = bars <= 1 ? 0.5 : bar / (double) (bars - 1);
        return switch (kind) {
            case 0 -> Math.sin(Math.PI * x) - 0.5;
            case 1 -> x - 0.5;
            case 2 -> 0.5 - x;
            case 3 -> 0.5 * Math.sin(2 * Math.PI * x);
            default -> 0.5 - Math.sin(Math.PI * x);
        };
    }

    private int velocity(double at, boolean strong, boolean phraseEnd) {
        if (at == 0) {
            return 100;
        }
        if (phraseEnd) {
            return 90;
        }
        if (strong) {
            return 92;
        }
        return Math.abs(at - Math.rint(at)) < 1e-9 ? 84 : 76;
    }

    // ---- pitch helpers, all inside the scale ----

    private boolean inScale(int p) {
        return params.scale().contains(tonic, p);
    }

    private int nearestInScale(int p, int lo, int hi) {
        for (int d = 0; d < 12; d++) {
            for (int q : new int[] {p - d, p + d}) {
                if (q >= lo && q <= hi && inScale(q)) {
                    return q;
                }
            }
        }
        return clamp(p, lo, hi);
    }

    /** {@code steps} scale steps from {@code p}, turned back inside [lo, hi]. */
    int scaleStep(int p, int steps, int lo, int hi) {
        int q = p;
        int dir = Integer.signum(steps);
        if (dir == 0) {
            return p;
        }
        int n = Math.abs(steps);
        int[] tries = {dir, -dir};
        for (int d : tries) {
            q = p;
            int moved = 0;
            while (moved < n) {
                q += d;
                if (q < lo || q > hi) {
                    break;
                }
                if (inScale(q)) {
                    moved++;
                }
            }
            if (moved == n && Math.abs(q - p) <= style.maxLeap()) {
                return q;
            }
        }
        return nearestInScale(p, lo, hi);
    }

    private int nearestChordTone(Chord c, int want, int lo, int hi, int prev) {
        int best = -1;
        for (int q = lo; q <= hi; q++) {
            if (c.contains(tonic, q) && inScale(q) && Math.abs(q - prev) <= style.maxLeap()
                    && (best < 0 || Math.abs(q - want) < Math.abs(best - want))) {
                best = q;
            }
        }
        if (best < 0) { // no chord tone within a leap: the nearest one, wherever it is in the range
            for (int q = lo; q <= hi; q++) {
                if (c.contains(tonic, q) && inScale(q) && (best < 0 || Math.abs(q - want) < Math.abs(best - want))) {
                    best = q;
                }
            }
        }
        return best >= 0 ? best : nearestInScale(want, lo, hi);
    }

    private int[] pitchClassSet(int... semis) {
        return semis;
    }

    private int nearestOf(int[] classes, int want, int lo, int hi) {
        int best = -1;
        for (int q = lo; q <= hi; q++) {
            int pc = Math.floorMod(q - tonic, 12);
            for (int c : classes) {
                if (pc == c && inScale(q) && (best < 0 || Math.abs(q - want) < Math.abs(best - want))) {
                    best = q;
                }
            }
        }
        return best >= 0 ? best : nearestInScale(want, lo, hi);
    }

    /** A stable degree to end a phrase on: the tonic, third or fifth, a chord tone when one is near. */
    private int nearestStable(Chord c, int want, int lo, int hi) {
        int third = minor ? 3 : 4;
        int best = -1;
        for (int q = lo; q <= hi; q++) {
            int pc = Math.floorMod(q - tonic, 12);
            boolean stable = pc == 0 || pc == third || pc == 7;
            if (stable && inScale(q) && c.contains(tonic, q) && (best < 0 || Math.abs(q - want) < Math.abs(best - want))) {
                best = q;
            }
        }
        return best >= 0 && Math.abs(best - want) <= style.maxLeap() ? best : nearestOf(new int[] {0, third, 7}, want, lo, hi);
    }

    // ---- bass ----

    private int bassRoot(Chord c) {
        int pc = c.rootClass(tonic);
        int p = tonic - 24;
        p = p - Math.floorMod(p - pc, 12);
        while (p < 28) {
            p += 12;
        }
        while (p > 52) {
            p -= 12;
        }
        return clampPitch(p);
    }

    private int chordTone(Chord c, int root, int index) {
        List<Integer> t = c.tones();
        return root + t.get(Math.min(index, t.size() - 1));
    }

    List<PartNote> bass(Sketch s, Chord[] chords) {
        String line = style.bassLines().get(s.bassLine() % style.bassLines().size());
        double bpb = params.meter().beatsPerBar();
        boolean fourFour = params.meter() == Meter.FOUR_FOUR;
        List<PartNote> out = new ArrayList<>();
        for (int b = 0; b < chords.length; b++) {
            double o = b * bpb;
            int root = bassRoot(chords[b]);
            int fifth = chordTone(chords[b], root, 2);
            int next = bassRoot(chords[(b + 1) % chords.length]);
            switch (line) {
                case "root" -> out.add(new PartNote(o, root, bpb * 0.95, 100));
                case "eighths" -> {
                    for (double t = 0; t < bpb - 1e-9; t += 0.5) {
                        int p = t >= bpb - 0.5 - 1e-9 && b < chords.length - 1 ? fifth : root;
                        out.add(new PartNote(o + t, p, 0.45, t == 0 ? 104 : Math.rint(t) == t ? 88 : 78));
                    }
                }
                case "syncopated" -> {
                    if (fourFour) {
                        out.add(new PartNote(o, root, 1.4, 104));
                        out.add(new PartNote(o + 1.5, root, 0.45, 84));
                        out.add(new PartNote(o + 2, fifth, 0.95, 92));
                        out.add(new PartNote(o + 3, root + 12 <= 48 ? root + 12 : root, 0.45, 86));
                        out.add(new PartNote(o + 3.5, fifth, 0.45, 80));
                    } else {
                        rootFifth(out, o, root, fifth);
                    }
                }
                case "walking" -> {
                    double step = params.meter() == Meter.SIX_EIGHT ? 1.5 : 1.0;
                    int n = (int) Math.round(bpb / step);
                    int third = chordTone(chords[b], root, 1);
                    int[] walk = {root, third, fifth, approach(next)};
                    for (int k = 0; k < n; k++) {
                        int p = k == n - 1 ? walk[3] : walk[Math.min(k, 2)];
                        out.add(new PartNote(o + k * step, p, step * 0.9, k == 0 ? 100 : 86));
                    }
                }
                case "offbeat" -> {
                    out.add(new PartNote(o, root, 0.4, 100));
                    for (double t = 0.5; t < bpb - 1e-9; t += 1.0) {
                        out.add(new PartNote(o + t, root, 0.4, 92));
                    }
                }
                default -> rootFifth(out, o, root, fifth);
            }
        }
        return out;
    }

    private void rootFifth(List<PartNote> out, double o, int root, int fifth) {
        switch (params.meter()) {
            case FOUR_FOUR -> {
                out.add(new PartNote(o, root, 1.9, 102));
                out.add(new PartNote(o + 2, fifth, 1.9, 90));
            }
            case THREE_FOUR -> {
                out.add(new PartNote(o, root, 1.9, 102));
                out.add(new PartNote(o + 2, fifth, 0.9, 86));
            }
            case SIX_EIGHT -> {
                out.add(new PartNote(o, root, 1.4, 102));
                out.add(new PartNote(o + 1.5, fifth, 1.4, 88));
            }
        }
    }

    /**
     * A scale tone a step below the next bar's root (or above when below is out of the scale); in a style with
     * chromatic notes, the half step below it, as a walking bass leans into the next chord.
     */
    private int approach(int nextRoot) {
        if (style.chromatic()) {
            return nextRoot - 1;
        }
        for (int d = 1; d <= 2; d++) {
            if (inScale(nextRoot - d)) {
                return nextRoot - d;
            }
        }
        for (int d = 1; d <= 2; d++) {
            if (inScale(nextRoot + d)) {
                return nextRoot + d;
            }
        }
        return nextRoot;
    }

    // ---- chords ----

    private int[] voice(Chord c, double centre, int ceiling) {
        int n = Math.min(c.tones().size(), 4);
        int[] best = null;
        double bestCost = Double.MAX_VALUE;
        int rootBelow = tonic - 12 + Math.floorMod(c.rootClass(tonic) - tonic, 12);
        for (int inv = 0; inv < n; inv++) {
            for (int oct = -24; oct <= 12; oct += 12) {
                int[] v = new int[n];
                for (int k = 0; k < n; k++) {
                    int idx = (k + inv) % n;
                    int p = rootBelow + c.tones().get(idx) + (k + inv >= n ? 12 : 0) + oct;
                    v[k] = p;
                }
                double mean = java.util.Arrays.stream(v).average().orElse(centre);
                double cost = Math.abs(mean - centre) + (v[n - 1] > ceiling ? 24 + v[n - 1] - ceiling : 0);
                if (v[0] >= 40 && v[n - 1] <= 84 && cost < bestCost) {
                    bestCost = cost;
                    best = v;
                }
            }
        }
        if (best == null) {
            return new int[] {clampPitch(rootBelow)};
        }
        // a voice still over the melody is left out while two or more remain, so the chords never cross it
        int keep = best.length;
        while (keep > 2 && best[keep - 1] > ceiling) {
            keep--;
        }
        return java.util.Arrays.copyOf(best, keep);
    }

    List<PartNote> comping(Sketch s, Chord[] chords, int[] ceilings) {
        String pattern = style.comping().get(s.comping() % style.comping().size());
        Meter m = params.meter();
        double bpb = m.beatsPerBar();
        List<PartNote> out = new ArrayList<>();
        double centre = tonic - 8 + s.register() * 2; // below the melody, so the two stay apart
        for (int b = 0; b < chords.length; b++) {
            int[] v = voice(chords[b], centre, ceilings[b]);
            centre = 0.7 * centre + 0.3 * java.util.Arrays.stream(v).average().orElse(centre);
            double o = b * bpb;
            switch (pattern) {
                case "pad" -> hit(out, v, o, bpb * 0.98, 58);
                case "block" -> {
                    double half = m == Meter.THREE_FOUR ? bpb : bpb / 2;
                    for (double t = 0; t < bpb - 1e-9; t += half) {
                        hit(out, v, o + t, half * 0.95, t == 0 ? 74 : 66);
                    }
                }
                case "stabs" -> {
                    for (double t : m.backbeats()) {
                        hit(out, v, o + t, 0.45, 72);
                    }
                }
                case "arp" -> {
                    int k = 0;
                    for (double t = 0; t < bpb - 1e-9; t += 0.5) {
                        int idx = k % (2 * v.length - 2 <= 0 ? 1 : 2 * v.length - 2);
                        int p = idx < v.length ? v[idx] : v[2 * v.length - 2 - idx];
                        out.add(new PartNote(o + t, p, 0.48, k == 0 ? 70 : 60));
                        k++;
                    }
                }
                case "charleston" -> {
                    hit(out, v, o, 0.7, 74);
                    hit(out, v, o + 1.5, Math.min(1.0, bpb - 1.5 - 0.05), 66);
                }
                case "waltz" -> {
                    for (double t = 1; t < bpb - 1e-9; t += m == Meter.FOUR_FOUR ? 2 : 1) {
                        hit(out, v, o + t, 0.9, 64);
                    }
                }
                default -> hit(out, v, o, bpb * 0.98, 58);
            }
        }
        return out;
    }

    private static void hit(List<PartNote> out, int[] voicing, double at, double dur, int vel) {
        for (int p : voicing) {
            out.add(new PartNote(at, clampPitch(p), dur, vel));
        }
    }

    // ---- drums ----

    List<DrumHit> drums(Sketch s) {
        return drums(s, params.meter(), params.bars());
    }

    private List<DrumHit> drums(Sketch s, Meter meter, int bars) {
        List<String> names = style.groovesFor(meter);
        Groove g = Grooves.get(names.get(s.groove() % names.size()));
        double bpb = meter.beatsPerBar();
        List<DrumHit> out = new ArrayList<>();
        for (int b = 0; b < bars; b++) {
            out.addAll(g.bar(b, bars, PHRASE, b * bpb, s.drums()));
        }
        out.sort(java.util.Comparator.comparingDouble(DrumHit::beat).thenComparingInt(DrumHit::key));
        return out;
    }

    // ---- variation ----

    /** {@code t} changed by one musical move: a new choice in its sketch, or a fine edit of its melody. */
    public Track vary(Track t, RandomGenerator rng) {
        Sketch s = t.arrangement().sketch();
        if (s == null || t.arrangement().bars() != params.bars() || t.arrangement().meter() != params.meter()) {
            return fresh(rng);
        }
        int move = rng.nextInt(MOVES);
        Sketch n = switch (move) {
            case 0 -> s.withMotif(rng.nextLong());
            case 1 -> s.withRhythm(rng.nextLong());
            case 2 -> s.withDensity(Math.max(style.densityMin(), Math.min(style.densityMax(), s.density() + (rng.nextBoolean() ? 1 : -1))));
            case 3 -> s.withRegister(Math.max(-1, Math.min(1, s.register() + (rng.nextBoolean() ? 1 : -1))));
            case 4 -> s.withContour(rng.nextInt(Sketch.CONTOURS));
            case 5 -> s.withProgression(rng.nextInt(style.progressions().size())).withMotif(rng.nextLong());
            case 6 -> rng.nextBoolean() ? s.withGroove(rng.nextInt(8)) : s.withDrums(rng.nextInt(3));
            case 7 -> s.withBassLine(rng.nextInt(style.bassLines().size()));
            case 8 -> s.withComping(rng.nextInt(style.comping().size()));
            case 9 -> s.withForm(rng.nextInt(Sketch.FORMS));
            case 10 -> s.withParts(s.parts() ^ (rng.nextBoolean() ? 1 : 2) | 4);
            default -> null;
        };
        if (n != null) {
            Track out = compose(n);
            return out.withArrangement(out.arrangement().withMuted(t.arrangement().muted())).withTempo(t.tempo());
        }
        return move == 11 ? nudge(t, rng) : resplit(t, rng);
    }

    /** One of the paper's six actions made musical (see {@link Edits#musical}); unchanged at an edge. */
    Track edit(Track t, ActionType type, int i) {
        List<Note> m = new ArrayList<>(t.melody());
        Note n = m.get(i);
        Sketch s = t.arrangement().sketch();
        int shift = s == null ? 0 : s.register() * 5;
        int hi = clampPitch(tonic + style.high() + shift);
        int lo = melodyFloor(tonic + style.low() + shift, hi);
        switch (type) {
            case PITCH_UP, PITCH_DOWN -> {
                int q = scaleStep(n.pitch(), type == ActionType.PITCH_UP ? 1 : -1, lo, hi);
                if ((type == ActionType.PITCH_UP) != (q > n.pitch())) {
                    return t;
                }
                m.set(i, n.withPitch(q));
            }
            case DURATION_UP, DURATION_DOWN -> {
                if (i + 1 >= m.size()) {
                    return t;
                }
                Note next = m.get(i + 1);
                double d = type == ActionType.DURATION_UP ? 0.25 : -0.25;
                if (n.duration() + d < 0.25 || next.duration() - d < 0.25) {
                    return t;
                }
                m.set(i, n.withDuration(n.duration() + d));
                m.set(i + 1, next.withDuration(next.duration() - d));
            }
            case PERCUSSION_CHANGE -> {
                if (s == null) {
                    return t;
                }
                Sketch v = s.drums() < 2 ? s.withDrums(s.drums() + 1) : s.withGroove(s.groove() + 1).withDrums(0);
                return t.withPercussion(drums(v, t.arrangement().meter(), t.arrangement().bars())).withArrangement(new Arrangement(t.arrangement().style(),
                        t.arrangement().meter(), t.arrangement().bars(), t.arrangement().progression(), t.arrangement().bass(),
                        t.arrangement().chords(), t.arrangement().bassProgram(), t.arrangement().chordsProgram(),
                        t.arrangement().feel(), v, t.arrangement().muted()));
            }
            case NOTE_REMOVAL -> {
                if (m.size() <= 4 || i + 1 >= m.size()) {
                    return t;
                }
                m.set(i, n.withDuration(n.duration() + m.get(i + 1).duration()));
                m.remove(i + 1);
                if (thinnedBelowFloor(t.melody(), m)) {
                    return t;
                }
            }
            default -> {
                return t;
            }
        }
        return t.withMelody(resolved(m));
    }

    /** A note that is not the last moved one scale step, inside the range. */
    private Track nudge(Track t, RandomGenerator rng) {
        List<Note> m = new ArrayList<>(t.melody());
        if (m.size() < 2) {
            return t;
        }
        int i = rng.nextInt(m.size() - 1);
        int shift = t.arrangement().sketch().register() * 5;
        int hi = clampPitch(tonic + style.high() + shift);
        int lo = melodyFloor(tonic + style.low() + shift, hi);
        Note n = m.get(i);
        m.set(i, n.withPitch(scaleStep(n.pitch(), rng.nextBoolean() ? 1 : -1, lo, hi)));
        return t.withMelody(resolved(m));
    }

    /** Two notes joined, or one split in two (the second a scale step away): the bars stay full. */
    private Track resplit(Track t, RandomGenerator rng) {
        List<Note> m = new ArrayList<>(t.melody());
        int i = rng.nextInt(m.size());
        Note n = m.get(i);
        if (n.duration() >= 1 && rng.nextBoolean() || m.size() <= 4) {
            if (n.duration() < 0.5) {
                return t;
            }
            double half = n.duration() / 2;
            int hi = clampPitch(tonic + style.high() + 5);
            int lo = melodyFloor(tonic + style.low() - 5, hi);
            m.set(i, n.withDuration(half));
            m.add(i + 1, new Note(scaleStep(n.pitch(), rng.nextBoolean() ? 1 : -1, lo, hi), half, Math.max(1, n.velocity() - 10)));
        } else if (i + 1 < m.size() - 1) {
            double start = t.startOf(i);
            double bpb = params.meter().beatsPerBar();
            double end = start + n.duration() + m.get(i + 1).duration();
            boolean sameBar = Math.floor((start + 1e-9) / bpb) == Math.floor((end - 1e-9) / bpb);
            if (!sameBar) {
                return t;
            }
            m.set(i, n.withDuration(n.duration() + m.get(i + 1).duration()));
            m.remove(i + 1);
            if (thinnedBelowFloor(t.melody(), m)) {
                return t;
            }
        }
        return t.withMelody(resolved(m));
    }

    /**
     * The fewest notes a bar of melody starts in this style: those of its sparsest bar rhythm (2 in 4/4 at the
     * sparsest density). Joins stop there, so a run of edits cannot thin the tune into one long note a bar, a pad
     * rather than a line, however the ratings lean.
     */
    int notesPerBarFloor() {
        int floor = Integer.MAX_VALUE;
        double[][][] byDensity = RHYTHMS[meterIndex()];
        for (double[] r : byDensity[Math.min(style.densityMin(), byDensity.length - 1)]) {
            floor = Math.min(floor, r.length);
        }
        return floor;
    }

    /** Whether {@code after} (a join of {@code before}) leaves a bar with fewer note starts than the floor. */
    private boolean thinnedBelowFloor(List<Note> before, List<Note> after) {
        int bars = params.bars();
        double bpb = params.meter().beatsPerBar();
        int[] was = onsetsPerBar(before, bars, bpb);
        int[] now = onsetsPerBar(after, bars, bpb);
        int floor = notesPerBarFloor();
        for (int b = 0; b < bars; b++) {
            if (now[b] < was[b] && now[b] < floor) {
                return true;
            }
        }
        return false;
    }

    /** How many notes of {@code mel} start in each bar. */
    static int[] onsetsPerBar(List<Note> mel, int bars, double bpb) {
        int[] c = new int[bars];
        double at = 0;
        for (Note n : mel) {
            int b = (int) Math.floor(at / bpb + 1e-9);
            if (b >= 0 && b < bars) {
                c[b]++;
            }
            at += n.duration();
        }
        return c;
    }

    // ---- small helpers ----

    private static double sum(List<Note> m) {
        double s = 0;
        for (Note n : m) {
            s += n.duration();
        }
        return s;
    }

    private static int clamp(int p, int lo, int hi) {
        return Math.max(lo, Math.min(hi, p));
    }

    /**
     * The melody's lowest pitch: the style's, but never under E3, so a lead in a low key with the low register
     * does not sink into the bass and leaves room for the chords under it; a key set very low keeps a fifth of
     * range under its highest note.
     */
    static int melodyFloor(int p, int hi) {
        return clampPitch(Math.max(p, Math.min(MELODY_FLOOR, hi - 7)));
    }

    private static int clampPitch(int p) {
        return clamp(p, Pitches.MIN, Pitches.MAX);
    }
}
