package org.hitlmidi.learn;

import java.util.Arrays;

/**
 * The best heard tracks under the reward model, found without scoring every heard track at each proposal (issue 16,
 * item 9: at 300,000 ratings the scan read every heard track's features each time).
 *
 * <p>A heard track's value is linear in the model's weights: {@code W . X}, where X is its features (the overall
 * basis, then per part it plays that part's basis and a 1) and W the overall posterior mean, then per part head that
 * has seen ratings {@code weight x} its mean and {@code -weight x} the listener's mean rating of the part. When the
 * index is built it keeps the {@link #KEEP} heard tracks of highest value under the weights of that moment, W0, and
 * remembers the highest value of any track it did not keep ({@link #threshold}) and the range of every feature over
 * them ({@link #lo}, {@link #hi}). Later, under weights W, a track not kept is worth at most {@code threshold +
 * sum_j max((W-W0)_j lo_j, (W-W0)_j hi_j)}: when the k-th best kept track is worth strictly more than that (with a
 * margin for rounding), the best k are all kept ones, and they are found among the kept ones in the scan's own order
 * (value, then rating order). Else the index is built again (a full scan, as before). Tracks heard after the build
 * are folded in one by one, under W0, so a rating costs one track's features, not the history's.
 *
 * <p>The answer is the scan's exactly (RewardModelLearnerTest compares them on random histories). An index is
 * one learner's: a copy of the learner copies it.
 */
final class EliteIndex {
    /** Tracks kept at a build; the kept list is built again past {@code 4 x KEEP} (tracks folded in). */
    static final int KEEP = 256;

    private final int keep;

    EliteIndex() {
        this(KEEP);
    }

    /** For tests: {@code keep} tracks kept at a build (few, so that elites often come from beyond them). */
    EliteIndex(int keep) {
        this.keep = keep;
    }

    /** What the index reads of the heard tracks (the learner's log). */
    interface Items {
        double[] phi(int i);

        PartHeads.Features parts(int i);

        boolean fits(int i);
    }

    /** The model's weights over the flat features: the overall mean, per part its head's term (null: none). */
    record Weights(double[] main, double[][] part, double[] constant) {
        double value(double[] phi, PartHeads.Features f) {
            double s = BayesLinear.dot(main, phi);
            for (int p = 0; p < part.length; p++) {
                if (part[p] != null && f.phi[p] != null) {
                    s += BayesLinear.dot(part[p], f.phi[p]) + constant[p];
                }
            }
            return s;
        }
    }

    /** The scan's value of heard track i under the current model (exactly as the scan computes it). */
    interface Scan {
        double value(int i);
    }

    private Object key;
    private Weights w0;
    /** Heard tracks [0, folded) are either kept or bounded. */
    private int folded;
    private int[] kept = new int[0];
    private int keptSize;
    private double threshold = Double.NEGATIVE_INFINITY;
    private double[] lo;
    private double[] hi;
    private double[][] partLo;
    private double[][] partHi;
    /** Full scans so far (builds and fallbacks): for tests and benchmarks. */
    private long scans;

    EliteIndex copy() {
        EliteIndex c = new EliteIndex(keep);
        c.key = key;
        c.w0 = w0;
        c.folded = folded;
        c.kept = Arrays.copyOf(kept, keptSize);
        c.keptSize = keptSize;
        c.threshold = threshold;
        c.lo = lo == null ? null : lo.clone();
        c.hi = hi == null ? null : hi.clone();
        c.partLo = deep(partLo);
        c.partHi = deep(partHi);
        c.scans = scans;
        return c;
    }

    private static double[][] deep(double[][] a) {
        if (a == null) {
            return null;
        }
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] == null ? null : a[i].clone();
        }
        return c;
    }

    long scans() {
        return scans;
    }

    /**
     * The {@code k} heard tracks of [0, count) of highest scan value that fit, best first, ties in rating order: what
     * {@link #scan} gives. {@code key} names what decides which tracks fit (the parameters): another key builds anew.
     */
    int[] top(int k, int count, Object key, Items items, Weights w, Scan value) {
        if (count == 0) {
            return new int[0];
        }
        if (!key.equals(this.key) || count < folded || w0 == null || w0.part.length != w.part.length) {
            build(count, key, items, w);
        } else {
            fold(count, items);
            if (keptSize > 4 * keep) {
                build(count, key, items, w);
            }
        }
        int[] best = select(k, kept, keptSize, value, null);
        if (exact(best.length == k ? value.value(best[k - 1]) : Double.NEGATIVE_INFINITY, w)) {
            return best;
        }
        build(count, key, items, w);
        best = select(k, kept, keptSize, value, null);
        if (exact(best.length == k ? value.value(best[k - 1]) : Double.NEGATIVE_INFINITY, w)) {
            return best;
        }
        scans++;
        return scan(k, count, items, value); // values tie across the kept edge: only the scan can order them
    }

    /** The scan itself: every track of [0, count), kept in a small sorted array. */
    static int[] scan(int k, int count, Items items, Scan value) {
        return select(k, null, count, value, items);
    }

    /**
     * The best {@code k} of {@code among} (ascending; all of [0, n) when null, checked to fit by {@code items}),
     * ties in index order.
     */
    private static int[] select(int k, int[] among, int n, Scan value, Items items) {
        int[] best = new int[k];
        double[] bestScore = new double[k];
        int m = 0;
        for (int j = 0; j < n; j++) {
            int i = among == null ? j : among[j];
            double score = value.value(i);
            if (m == k && score <= bestScore[k - 1]) {
                continue;
            }
            if (items != null && !items.fits(i)) {
                continue;
            }
            m = insert(best, bestScore, m, i, score);
        }
        return Arrays.copyOf(best, m);
    }

    /**
     * Puts track {@code i} of {@code score} into the first {@code m} of {@code best} (sorted by score, highest first,
     * an earlier track first on a tie; at most best.length kept, the last one dropped when full) and returns how many
     * it holds after.
     */
    private static int insert(int[] best, double[] bestScore, int m, int i, double score) {
        int cap = best.length;
        int at = Math.min(m, cap - 1);
        while (at > 0 && bestScore[at - 1] < score) {
            best[at] = best[at - 1];
            bestScore[at] = bestScore[at - 1];
            at--;
        }
        best[at] = i;
        bestScore[at] = score;
        return Math.min(m + 1, cap);
    }

    /** Whether no track outside the kept ones can be worth {@code kth} or more under {@code w}. */
    private boolean exact(double kth, Weights w) {
        if (threshold == Double.NEGATIVE_INFINITY) {
            return true; // every fitting track is kept
        }
        if (kth == Double.NEGATIVE_INFINITY) {
            return false;
        }
        double rise = 0;
        double scale = 1;
        for (int j = 0; j < w.main.length; j++) {
            double d = w.main[j] - w0.main[j];
            rise += Math.max(d * lo[j], d * hi[j]);
            scale += (Math.abs(w.main[j]) + Math.abs(w0.main[j])) * Math.max(Math.abs(lo[j]), Math.abs(hi[j]));
        }
        for (int p = 0; p < w.part.length; p++) {
            if (partLo[p] == null) {
                continue; // no bounded track plays this part
            }
            double[] a = w.part[p];
            double[] b = w0.part[p];
            double r = (a == null ? 0 : w.constant[p]) - (b == null ? 0 : w0.constant[p]);
            scale += Math.abs(w.constant[p]) + Math.abs(w0.constant[p]);
            for (int j = 0; j < partLo[p].length; j++) {
                double x = a == null ? 0 : a[j];
                double y = b == null ? 0 : b[j];
                double d = x - y;
                r += Math.max(d * partLo[p][j], d * partHi[p][j]);
                scale += (Math.abs(x) + Math.abs(y)) * Math.max(Math.abs(partLo[p][j]), Math.abs(partHi[p][j]));
            }
            rise += Math.max(0, r); // a track that does not play the part gains nothing from it
        }
        return kth > threshold + rise + 1e-9 * scale;
    }

    private void build(int count, Object key, Items items, Weights w) {
        scans++;
        this.key = key;
        this.w0 = w;
        this.folded = 0;
        this.kept = new int[keep];
        this.keptSize = 0;
        this.threshold = Double.NEGATIVE_INFINITY;
        this.lo = null;
        this.hi = null;
        this.partLo = new double[w.part.length][];
        this.partHi = new double[w.part.length][];
        // the `keep` best under W0, by value then index; what drops out is bounded
        int[] best = new int[keep];
        double[] bestScore = new double[keep];
        int m = 0;
        for (int i = 0; i < count; i++) {
            if (!items.fits(i)) {
                continue; // never an elite under these parameters: neither kept nor bounded
            }
            double score = w.value(items.phi(i), items.parts(i));
            if (m == keep && score <= bestScore[keep - 1]) {
                bound(i, score, items);
                continue;
            }
            if (m == keep) {
                bound(best[keep - 1], bestScore[keep - 1], items);
            }
            m = insert(best, bestScore, m, i, score);
        }
        System.arraycopy(best, 0, kept, 0, m);
        keptSize = m;
        Arrays.sort(kept, 0, keptSize); // rating order: the scan's tie order
        folded = count;
    }

    /** Folds in the tracks heard since: under W0, kept when worth more than the threshold, else bounded. */
    private void fold(int count, Items items) {
        for (int i = folded; i < count; i++) {
            if (!items.fits(i)) {
                continue;
            }
            double score = w0.value(items.phi(i), items.parts(i));
            if (score > threshold) {
                if (keptSize == kept.length) {
                    kept = Arrays.copyOf(kept, Math.max(16, 2 * kept.length));
                }
                kept[keptSize++] = i; // heard after every kept one: the order holds
            } else {
                bound(i, score, items);
            }
        }
        folded = count;
    }

    private void bound(int i, double score, Items items) {
        threshold = Math.max(threshold, score);
        double[] phi = items.phi(i);
        if (lo == null) {
            lo = phi.clone();
            hi = phi.clone();
        } else {
            widen(lo, hi, phi);
        }
        PartHeads.Features f = items.parts(i);
        for (int p = 0; p < partLo.length; p++) {
            double[] x = f.phi[p];
            if (x == null) {
                continue;
            }
            if (partLo[p] == null) {
                partLo[p] = x.clone();
                partHi[p] = x.clone();
            } else {
                widen(partLo[p], partHi[p], x);
            }
        }
    }

    private static void widen(double[] lo, double[] hi, double[] x) {
        for (int j = 0; j < x.length; j++) {
            if (x[j] < lo[j]) {
                lo[j] = x[j];
            }
            if (x[j] > hi[j]) {
                hi[j] = x[j];
            }
        }
    }
}
