package org.hitlmidi.music;

/**
 * The Krumhansl-Kessler key finder: correlates a duration-weighted pitch-class histogram with the 24 major
 * and minor key profiles. A standard tonality descriptor, shared by the simulated listeners and the learners.
 */
public final class KeyFinder {
    private static final double[] MAJOR = {6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
    private static final double[] MINOR = {6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17};

    /** The best key: its tonic pitch class 0..11, whether it is minor, and its correlation -1..1. */
    public record Key(int tonic, boolean minor, double correlation) {
    }

    private KeyFinder() {
    }

    /** Short notes count as at least 0.05 beat, as rater.py does. Ties keep the first (lowest tonic, major). */
    public static Key of(Iterable<Note> melody) {
        double[] hist = new double[12];
        for (Note n : melody) {
            hist[n.pitch() % 12] += Math.max(n.duration(), 0.05);
        }
        return ofHistogram(hist);
    }

    /**
     * The best key for a pitch-class histogram (12 weights, C first: durations, faded or not, as a key follower
     * keeps them). Ties keep the first (lowest tonic, major).
     */
    public static Key ofHistogram(double[] histogram) {
        if (histogram.length != 12) {
            throw new IllegalArgumentException("a pitch-class histogram has 12 weights, not " + histogram.length);
        }
        double[] hist = histogram.clone();
        // The correlation of a rotation with a profile: the histogram's mean and spread do not change with the
        // rotation, so both are taken once; only the cross products remain per key.
        double mean = 0;
        for (double h : hist) {
            mean += h / 12;
        }
        double spread = 0;
        for (int i = 0; i < 12; i++) {
            hist[i] -= mean;
            spread += hist[i] * hist[i];
        }
        double best = -2;
        int tonic = 0;
        boolean minor = false;
        for (int k = 0; k < 12; k++) {
            double c = spread == 0 ? 0 : cross(hist, k, MAJOR_C) / Math.sqrt(spread * MAJOR_SPREAD);
            if (c > best) {
                best = c;
                tonic = k;
                minor = false;
            }
            c = spread == 0 ? 0 : cross(hist, k, MINOR_C) / Math.sqrt(spread * MINOR_SPREAD);
            if (c > best) {
                best = c;
                tonic = k;
                minor = true;
            }
        }
        return new Key(tonic, minor, best);
    }

    /** The correlation of a pitch-class histogram with one key's profile, -1..1 (0 for an empty histogram). */
    public static double correlation(double[] histogram, int tonic, boolean minor) {
        double[] p = new double[12];
        for (int i = 0; i < 12; i++) {
            p[(i + tonic) % 12] = (minor ? MINOR : MAJOR)[i];
        }
        return corr(histogram, p);
    }

    private static final double[] MAJOR_C = centered(MAJOR);
    private static final double[] MINOR_C = centered(MINOR);
    private static final double MAJOR_SPREAD = dot(MAJOR_C, MAJOR_C);
    private static final double MINOR_SPREAD = dot(MINOR_C, MINOR_C);

    private static double cross(double[] centeredHist, int k, double[] centeredProfile) {
        double s = 0;
        for (int i = 0; i < 12; i++) {
            s += centeredHist[(i + k) % 12] * centeredProfile[i];
        }
        return s;
    }

    private static double[] centered(double[] a) {
        double m = 0;
        for (double x : a) {
            m += x / a.length;
        }
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - m;
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double corr(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double num = 0;
        double da = 0;
        double db = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - ma) * (b[i] - mb);
            da += (a[i] - ma) * (a[i] - ma);
            db += (b[i] - mb) * (b[i] - mb);
        }
        double den = Math.sqrt(da * db);
        return den == 0 ? 0 : num / den;
    }
}
