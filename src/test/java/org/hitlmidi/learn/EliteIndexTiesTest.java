package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The elites' order on equal values is the heard (rating) order, in the scan and through the index, whatever the
 * index keeps: with equal values the earlier heard track comes first (issue 17: EliteIndexTest compares the index with
 * the scan, which share their insert, so a flipped tie order stayed green there).
 */
class EliteIndexTiesTest {
    /** One feature per track, its value under the weight 1: the value is the feature. */
    private static final EliteIndex.Weights ONE = new EliteIndex.Weights(new double[] {1}, new double[0][],
            new double[0]);

    private static EliteIndex.Items items(double[] x, boolean[] fits) {
        return new EliteIndex.Items() {
            @Override
            public double[] phi(int i) {
                return new double[] {x[i]};
            }

            @Override
            public PartHeads.Features parts(int i) {
                return new PartHeads.Features();
            }

            @Override
            public boolean fits(int i) {
                return fits == null || fits[i];
            }
        };
    }

    /** The best k of the first n by value, an earlier index first on a tie: computed here without the index. */
    private static int[] expected(double[] x, boolean[] fits, int k, int n) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (fits == null || fits[i]) {
                order.add(i);
            }
        }
        order.sort((a, b) -> x[a] != x[b] ? Double.compare(x[b], x[a]) : Integer.compare(a, b));
        return order.subList(0, Math.min(k, order.size())).stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void theScanPutsAnEarlierTrackFirstOnATie() {
        double[] x = {1, 3, 3, 2, 3, 3};
        EliteIndex.Items items = items(x, null);
        assertThat(EliteIndex.scan(3, 6, items, i -> x[i])).containsExactly(1, 2, 4);
        assertThat(EliteIndex.scan(5, 6, items, i -> x[i])).containsExactly(1, 2, 4, 5, 3);
        assertThat(EliteIndex.scan(8, 6, items, i -> x[i])).containsExactly(1, 2, 4, 5, 3, 0);
        // all equal: the first k heard, a later equal one never pushes an earlier one out
        double[] same = {7, 7, 7, 7, 7};
        assertThat(EliteIndex.scan(3, 5, items(same, null), i -> same[i])).containsExactly(0, 1, 2);
    }

    @Test
    void aTrackThatDoesNotFitIsNeitherAnEliteNorKept() {
        double[] x = {5, 9, 4, 9, 1};
        boolean[] fits = {true, false, true, true, true};
        assertThat(EliteIndex.scan(2, 5, items(x, fits), i -> x[i])).containsExactly(3, 0);
        EliteIndex index = new EliteIndex(1);
        assertThat(index.top(2, 5, "k", items(x, fits), ONE, i -> x[i])).containsExactly(3, 0);
        assertThat(index.top(3, 5, "k", items(x, fits), ONE, i -> x[i])).containsExactly(3, 0, 2);
    }

    @Test
    void theIndexPutsAnEarlierTrackFirstOnATieWhateverItKeeps() {
        // values with many ties, heard one by one; indexes keeping fewer tracks than the elites, as many, and more
        double[] x = new double[60];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 7) % 5; // 0, 2, 4, 1, 3, 0, 2, ...: each value twelve times
        }
        for (int keep : new int[] {1, 3, 4, 8, 256}) {
            EliteIndex index = new EliteIndex(keep);
            EliteIndex.Items items = items(x, null);
            for (int n = 1; n <= x.length; n++) {
                assertThat(index.top(4, n, "k", items, ONE, i -> x[i])).as("keep %d, %d heard", keep, n)
                        .containsExactly(expected(x, null, 4, n));
            }
        }
    }

    @Test
    void theIndexFollowsNewWeightsAndANewKey() {
        double[] x = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9};
        double[] neg = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            neg[i] = -x[i];
        }
        EliteIndex index = new EliteIndex(3);
        EliteIndex.Items items = items(x, null);
        assertThat(index.top(3, x.length, "k", items, ONE, i -> x[i])).containsExactly(5, 12, 14);
        // the weight turns around: the lowest values are now the best, ties still in heard order
        EliteIndex.Weights minus = new EliteIndex.Weights(new double[] {-1}, new double[0][], new double[0]);
        assertThat(index.top(3, x.length, "k", items, minus, i -> neg[i])).containsExactly(1, 3, 6);
        // another key (other parameters): tracks that no longer fit are left out at once
        boolean[] fits = new boolean[x.length];
        for (int i = 0; i < x.length; i++) {
            fits[i] = i % 2 == 0;
        }
        assertThat(index.top(3, x.length, "other", items(x, fits), ONE, i -> x[i]))
                .containsExactly(expected(x, fits, 3, x.length));
        // fewer heard than before (a learner rebuilt from a shorter history): built anew
        assertThat(index.top(2, 6, "other", items(x, fits), ONE, i -> x[i])).containsExactly(expected(x, fits, 2, 6));
    }
    /** Tracks of two features, each playing part 0 (one feature) or not, and part 1 (two features) or not. */
    private record History(double[][] phi, PartHeads.Features[] parts, boolean[] fits) implements EliteIndex.Items {
        @Override
        public double[] phi(int i) {
            return phi[i];
        }

        @Override
        public PartHeads.Features parts(int i) {
            return parts[i];
        }

        @Override
        public boolean fits(int i) {
            return fits[i];
        }
    }

    private static History history(int n, SplittableRandom rng) {
        double[][] phi = new double[n][];
        PartHeads.Features[] parts = new PartHeads.Features[n];
        boolean[] fits = new boolean[n];
        for (int i = 0; i < n; i++) {
            phi[i] = new double[] {1, rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
            parts[i] = new PartHeads.Features();
            if (rng.nextBoolean()) {
                parts[i].phi[0] = new double[] {rng.nextDouble(-1, 1)};
            }
            if (rng.nextInt(3) > 0) {
                parts[i].phi[1] = new double[] {rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
            }
            fits[i] = rng.nextInt(8) > 0;
        }
        return new History(phi, parts, fits);
    }

    private static double[] walk(double[] w, SplittableRandom rng, double step) {
        double[] out = w.clone();
        for (int j = 0; j < out.length; j++) {
            out[j] += rng.nextGaussian() * step;
        }
        return out;
    }

    /**
     * The index gives the scan's elites on random histories whose weights drift, now a little, now a lot, with part
     * terms switched on and off as parts get rated, tracks that do not fit, and another key now and then: whatever
     * it keeps, a track it bounded is found again when the weights make it an elite.
     */
    @Test
    void theIndexGivesTheScansElitesWhileTheWeightsDrift() {
        for (long seed = 1; seed <= 6; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            History h = history(400, rng);
            EliteIndex index = new EliteIndex(2 + (int) seed);
            double[] main = {0, 1, -0.5};
            double[] p0 = null;
            double[] p1 = null;
            double c0 = 0;
            double c1 = 0;
            Object key = "a";
            for (int n = 1; n <= 400; n++) {
                double step = rng.nextInt(10) == 0 ? 1.0 : 0.05;
                main = walk(main, rng, step);
                if (n == 60) {
                    p1 = new double[] {0.5, -0.5}; // part 1 is rated from here on
                    c1 = -0.2;
                }
                if (n == 150) {
                    p0 = new double[] {1};
                }
                if (p0 != null) {
                    p0 = walk(p0, rng, step);
                    c0 += rng.nextGaussian() * step;
                }
                if (p1 != null) {
                    p1 = walk(p1, rng, step);
                    c1 += rng.nextGaussian() * step;
                }
                if (n == 300) {
                    p0 = null; // a head's ratings gone (a rebuild): its term is off again
                }
                if (n % 97 == 0) {
                    key = "k" + n;
                }
                EliteIndex.Weights w = new EliteIndex.Weights(main, new double[][] {p0, p1, null, null},
                        new double[] {p0 == null ? 0 : c0, p1 == null ? 0 : c1, 0, 0});
                EliteIndex.Scan value = i -> w.value(h.phi(i), h.parts(i));
                int k = 1 + rng.nextInt(5);
                assertThat(index.top(k, n, key, h, w, value)).as("seed %d, %d heard, %d elites", seed, n, k)
                        .containsExactly(EliteIndex.scan(k, n, h, value));
            }
        }
    }

    /**
     * The index scans the history only when it must: at its build, when the weights moved so far that a track it
     * bounded could be an elite, when it kept more than four times its size, for other parameters, a shorter
     * history or another number of parts; tracks heard after a build are folded in without a scan.
     */
    @Test
    void theIndexScansOnlyWhenItMust() {
        double[] x = {5, 1, 4, 2, 3, 0.5, 10, 11, 12, 13, 14, 15, 16, 17, 18};
        EliteIndex index = new EliteIndex(2);
        EliteIndex.Items items = items(x, null);
        assertThat(index.top(2, 0, "k", items, ONE, i -> x[i])).isEmpty();
        assertThat(index.scans()).isZero();
        // the build keeps 0 (5) and 2 (4), bounds the rest at 3: the 2nd best, 4, is above it
        assertThat(index.top(2, 5, "k", items, ONE, i -> x[i])).containsExactly(0, 2);
        assertThat(index.scans()).isEqualTo(1);
        assertThat(index.top(2, 6, "k", items, ONE, i -> x[i])).containsExactly(0, 2); // 0.5 folded in, bounded
        assertThat(index.top(2, 7, "k", items, ONE, i -> x[i])).containsExactly(6, 0); // 10 folded in, kept
        assertThat(index.top(1, 7, "k", items, ONE, i -> x[i])).containsExactly(6);
        assertThat(index.scans()).isEqualTo(1);
        // the weight turns around: the bounded 0.5 and 1 are now the best; the bound says so, the index is rebuilt
        EliteIndex.Weights minus = new EliteIndex.Weights(new double[] {-1}, new double[0][], new double[0]);
        assertThat(index.top(2, 7, "k", items, minus, i -> -x[i])).containsExactly(5, 1);
        assertThat(index.scans()).isEqualTo(2);
        // a small move of the weights that cannot change the order: no scan
        EliteIndex.Weights less = new EliteIndex.Weights(new double[] {-0.999}, new double[0][], new double[0]);
        assertThat(index.top(2, 7, "k", items, less, i -> -0.999 * x[i])).containsExactly(5, 1);
        assertThat(index.scans()).isEqualTo(2);
        // a weight of 1 again: kept tracks 5 and 1 (and what was folded in) cannot answer: rebuilt
        assertThat(index.top(2, 7, "k", items, ONE, i -> x[i])).containsExactly(6, 0);
        assertThat(index.scans()).isEqualTo(3);
        // eight tracks above the bound folded in: 2 + 8 kept = 10 > 4 x 2: rebuilt
        assertThat(index.top(2, 15, "k", items, ONE, i -> x[i])).containsExactly(14, 13);
        assertThat(index.scans()).isEqualTo(4);
        assertThat(index.top(2, 15, "k", items, ONE, i -> x[i])).containsExactly(14, 13);
        assertThat(index.scans()).isEqualTo(4);
        // other parameters, a shorter history, another number of parts: each rebuilt
        assertThat(index.top(2, 15, "other", items, ONE, i -> x[i])).containsExactly(14, 13);
        assertThat(index.scans()).isEqualTo(5);
        assertThat(index.top(2, 9, "other", items, ONE, i -> x[i])).containsExactly(8, 7);
        assertThat(index.scans()).isEqualTo(6);
        EliteIndex.Weights parts = new EliteIndex.Weights(new double[] {1}, new double[1][], new double[1]);
        assertThat(index.top(2, 9, "other", items, parts, i -> x[i])).containsExactly(8, 7);
        assertThat(index.scans()).isEqualTo(7);
        // a copy answers the same and counts on its own
        EliteIndex copy = index.copy();
        assertThat(copy.scans()).isEqualTo(7);
        assertThat(copy.top(2, 10, "other", items, parts, i -> x[i])).containsExactly(9, 8);
        assertThat(copy.scans()).isEqualTo(7);
        assertThat(copy.top(2, 10, "other", items, ONE, i -> x[i])).containsExactly(9, 8);
        assertThat(copy.scans()).isEqualTo(8);
        assertThat(index.scans()).isEqualTo(7);
    }

    /** Values that tie across the kept edge: only a full scan can order them, and it does. */
    @Test
    void tiesAcrossTheKeptEdgeAreOrderedByAScan() {
        double[] x = {3, 3, 3, 3, 3};
        EliteIndex index = new EliteIndex(2);
        assertThat(index.top(3, 5, "k", items(x, null), ONE, i -> x[i])).containsExactly(0, 1, 2);
        assertThat(index.scans()).isEqualTo(3); // the build, the build again, the scan
    }
}
