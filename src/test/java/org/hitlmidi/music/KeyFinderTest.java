package org.hitlmidi.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The key finder against the Krumhansl-Kessler method computed here from its definition: the Pearson correlation
 * of the histogram with each of the 24 rotated profiles, the best kept, the first on a tie (lowest tonic, major).
 */
class KeyFinderTest {
    private static final double[] MAJOR = {6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
    private static final double[] MINOR = {6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17};

    private static double pearson(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < 12; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= 12;
        mb /= 12;
        double num = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < 12; i++) {
            num += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return va == 0 || vb == 0 ? 0 : num / Math.sqrt(va * vb);
    }

    /** The profile of the key on {@code tonic}: weight i of the profile on pitch class tonic + i. */
    private static double[] profile(int tonic, boolean minor) {
        double[] p = new double[12];
        for (int i = 0; i < 12; i++) {
            p[(tonic + i) % 12] = (minor ? MINOR : MAJOR)[i];
        }
        return p;
    }

    private static KeyFinder.Key expected(double[] h) {
        KeyFinder.Key best = null;
        for (int k = 0; k < 12; k++) {
            for (boolean minor : new boolean[] {false, true}) {
                double c = pearson(h, profile(k, minor));
                if (best == null || c > best.correlation() + 1e-12) {
                    best = new KeyFinder.Key(k, minor, c);
                }
            }
        }
        return best;
    }

    private static void assertKey(KeyFinder.Key actual, KeyFinder.Key expected) {
        assertThat(actual.tonic()).isEqualTo(expected.tonic());
        assertThat(actual.minor()).isEqualTo(expected.minor());
        assertThat(actual.correlation()).isCloseTo(expected.correlation(), within(1e-9));
    }

    @Test
    void aScalesNotesGiveItsKey() {
        // D major's scale, the tonic held longest: D major
        List<Note> d = new ArrayList<>();
        for (int pc : new int[] {2, 4, 6, 7, 9, 11, 1}) {
            d.add(new Note(60 + pc, pc == 2 ? 4 : 1));
        }
        KeyFinder.Key k = KeyFinder.of(d);
        assertThat(k.tonic()).isEqualTo(2);
        assertThat(k.minor()).isFalse();
        assertKey(k, expected(hist(d)));
        // A minor, its tonic and fifth long: A minor
        List<Note> a = new ArrayList<>();
        for (int pc : new int[] {9, 11, 0, 2, 4, 5, 7}) {
            a.add(new Note(48 + pc, pc == 9 || pc == 4 ? 3 : 0.5));
        }
        KeyFinder.Key m = KeyFinder.of(a);
        assertThat(m.tonic()).isEqualTo(9);
        assertThat(m.minor()).isTrue();
        assertKey(m, expected(hist(a)));
    }

    private static double[] hist(List<Note> notes) {
        double[] h = new double[12];
        for (Note n : notes) {
            h[n.pitch() % 12] += Math.max(n.duration(), 0.05);
        }
        return h;
    }

    @Test
    void randomHistogramsGiveTheBestOfTheTwentyFourKeys() {
        SplittableRandom rng = new SplittableRandom(17);
        for (int i = 0; i < 300; i++) {
            double[] h = new double[12];
            for (int j = 0; j < 12; j++) {
                h[j] = rng.nextInt(3) == 0 ? 0 : rng.nextDouble() * 4;
            }
            assertKey(KeyFinder.ofHistogram(h), expected(h));
            int tonic = rng.nextInt(12);
            boolean minor = rng.nextBoolean();
            assertThat(KeyFinder.correlation(h, tonic, minor)).isCloseTo(pearson(h, profile(tonic, minor)),
                    within(1e-12));
        }
    }

    @Test
    void shortNotesCountAsAtLeastATwentiethOfABeat() {
        // C held one beat, E very short (0.01, counted 0.05), G 0.05: the same as 1, 0.05, 0.05
        KeyFinder.Key k = KeyFinder.of(List.of(new Note(60, 1), new Note(64, 0.01), new Note(67, 0.05)));
        double[] h = new double[12];
        h[0] = 1;
        h[4] = 0.05;
        h[7] = 0.05;
        assertKey(k, expected(h));
        assertThat(k.correlation()).isEqualTo(KeyFinder.ofHistogram(h).correlation());
    }

    @Test
    void anEmptyOrFlatHistogramIsCMajorWithNoCorrelation() {
        assertThat(KeyFinder.ofHistogram(new double[12])).isEqualTo(new KeyFinder.Key(0, false, 0));
        double[] flat = new double[12];
        java.util.Arrays.fill(flat, 2);
        assertThat(KeyFinder.ofHistogram(flat)).isEqualTo(new KeyFinder.Key(0, false, 0));
        assertThat(KeyFinder.correlation(flat, 3, true)).isZero();
        assertThat(KeyFinder.of(List.of())).isEqualTo(new KeyFinder.Key(0, false, 0));
        assertThatThrownBy(() -> KeyFinder.ofHistogram(new double[11])).hasMessageContaining("not 11");
        // the histogram given is not changed
        double[] h = {1, 0, 2, 0, 3, 0, 0, 4, 0, 0, 0, 0};
        KeyFinder.ofHistogram(h);
        assertThat(h).containsExactly(1, 0, 2, 0, 3, 0, 0, 4, 0, 0, 0, 0);
    }
}
