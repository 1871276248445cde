package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The bound that lets {@link EliteIndex} skip a scan, at the one place it matters: a move of the weights that lifts
 * a bounded track above the kept ones must be seen, in each of its four terms (a main weight rising on a positive
 * feature, falling on a negative one, and the same for a part head's weight). Each case is built so that the true
 * rise (worked out below by hand) makes the index scan again, and a rise under-estimated by one of those terms would
 * let it answer from the kept tracks (issue 17: PIT's mutants of EliteIndex.exact lines 196, 210 and 211 survived
 * the random drift of EliteIndexTiesTest).
 */
class EliteIndexBoundTest {
    private static final int PARTS = org.hitlmidi.music.Part.values().length;

    /** Tracks 0 and 1 (main feature 14 and 13, second feature 0) are kept; 2 and 3 are bounded. */
    private static EliteIndex.Items items(double[][] phi, double[][] part) {
        return new EliteIndex.Items() {
            @Override
            public double[] phi(int i) {
                return phi[i];
            }

            @Override
            public PartHeads.Features parts(int i) {
                PartHeads.Features f = new PartHeads.Features();
                if (part != null) {
                    f.phi[0] = part[i];
                }
                return f;
            }

            @Override
            public boolean fits(int i) {
                return true;
            }
        };
    }

    private static EliteIndex.Weights main(double a, double b) {
        return new EliteIndex.Weights(new double[] {a, b}, new double[PARTS][],
                new double[PARTS]);
    }

    private static EliteIndex.Weights part(double w) {
        double[][] part = new double[PARTS][];
        part[0] = new double[] {w};
        return new EliteIndex.Weights(new double[] {1}, part, new double[PARTS]);
    }

    /**
     * Builds under {@code w0}, then asks under {@code w}: the answer must be {@code expected}, after a second scan;
     * the same from a copy made after the build (it carries the bounds).
     */
    private static void check(EliteIndex.Items items, EliteIndex.Weights w0, EliteIndex.Weights w, int... expected) {
        EliteIndex index = new EliteIndex(2);
        assertThat(index.top(2, 4, "k", items, w0, i -> w0.value(items.phi(i), items.parts(i)))).containsExactly(0, 1);
        assertThat(index.scans()).isEqualTo(1);
        EliteIndex copy = index.copy();
        assertThat(index.top(2, 4, "k", items, w, i -> w.value(items.phi(i), items.parts(i)))).containsExactly(expected);
        assertThat(index.scans()).isEqualTo(2);
        assertThat(copy.top(2, 4, "k", items, w, i -> w.value(items.phi(i), items.parts(i)))).containsExactly(expected);
        assertThat(copy.scans()).isEqualTo(2);
    }

    /**
     * Weights (1, 0) then (1, 7). Under (1, 0) the tracks are worth 14, 13, 1, 0.5: 2 and 3 bounded at 1. Under
     * (1, 7): 14, 13, 1 + 14 = 15, 0.5 + 10.5 = 11, so track 2 is first. The rise is 7 x 2 (the highest second
     * feature): 1 + 14 = 15 is not below 13, the 2nd kept value, so the index must scan.
     */
    @Test
    void aMainWeightRisingOnAPositiveFeatureIsSeen() {
        EliteIndex.Items items = items(new double[][] {{14, 0}, {13, 0}, {1, 2}, {0.5, 1.5}}, null);
        check(items, main(1, 0), main(1, 7), 2, 0);
    }

    /** The same with the second features -2 and -1.5 and the weight falling to -7: the rise is -7 x -2 = 14. */
    @Test
    void aMainWeightFallingOnANegativeFeatureIsSeen() {
        EliteIndex.Items items = items(new double[][] {{14, 0}, {13, 0}, {1, -2}, {0.5, -1.5}}, null);
        check(items, main(1, 0), main(1, -7), 2, 0);
    }

    /**
     * A part head's weight from 1 to 7 on part features 0, 0, 2, 1.5 (main features 14, 13, 1, 0.5). Under the first: 14, 13, 1 + 2 = 3,
     * 0.5 + 1.5 = 2 (2 and 3 bounded at 3). Under the second: 14, 13, 1 + 14 = 15, 0.5 + 10.5 = 11. The rise is
     * (7 - 1) x 2 = 12: 3 + 12 = 15 is not below 13.
     */
    @Test
    void aPartWeightRisingOnAPositiveFeatureIsSeen() {
        double[][] phi = {{14}, {13}, {1}, {0.5}};
        EliteIndex.Items items = items(phi, new double[][] {{0}, {0}, {2}, {1.5}});
        check(items, part(1), part(7), 2, 0);
    }

    /**
     * The part weight from 1 to -5 on part features 0, 0, -2, -1.5. First: 14, 13, 1 - 2 = -1, 0.5 - 1.5 = -1
     * (bounded at -1), with the kept main features 10 and 9. Then: 10, 9, 1 + 10 = 11, 0.5 + 7.5 = 8, so track 2
     * is first. The rise is (-5 - 1) x -2 = 12: -1 + 12 = 11 is not below 9.
     */
    @Test
    void aPartWeightFallingOnANegativeFeatureIsSeen() {
        double[][] phi = {{10}, {9}, {1}, {0.5}};
        EliteIndex.Items items = items(phi, new double[][] {{0}, {0}, {-2}, {-1.5}});
        check(items, part(1), part(-5), 2, 0);
    }
    /**
     * A track heard after the build and worth less than the bound under the build's weights is bounded too: here
     * track 4 (0.2, 5) is worth 0.2 under (1, 0), below the bound 1; under (1, 3) it is worth 0.2 + 15 = 15.2, the
     * best. With it bounded the rise is 3 x 5 = 15 (its second feature is the highest): 1 + 15 = 16 is not below 13,
     * so the index scans. Were it left out, the rise would be 3 x 2 = 6 and the index would answer 0, 1.
     */
    @Test
    void aTrackFoldedInBelowTheBoundIsBoundedToo() {
        double[][] phi = {{14, 0}, {13, 0}, {1, 2}, {0.5, 1.5}, {0.2, 5}};
        EliteIndex.Items items = items(phi, null);
        EliteIndex.Weights w0 = main(1, 0);
        EliteIndex.Weights w = main(1, 3);
        EliteIndex index = new EliteIndex(2);
        assertThat(index.top(2, 4, "k", items, w0, i -> w0.value(items.phi(i), items.parts(i)))).containsExactly(0, 1);
        assertThat(index.top(2, 5, "k", items, w0, i -> w0.value(items.phi(i), items.parts(i)))).containsExactly(0, 1);
        assertThat(index.scans()).isEqualTo(1);
        assertThat(index.top(2, 5, "k", items, w, i -> w.value(items.phi(i), items.parts(i)))).containsExactly(4, 0);
        assertThat(index.scans()).isEqualTo(2);
    }

    /** With every fitting track kept (fewer than the index keeps) nothing is bounded: any weights, no second scan. */
    @Test
    void withEveryTrackKeptTheIndexNeverScansAgain() {
        double[][] phi = {{14, 0}, {13, 0}, {1, 2}};
        EliteIndex.Items items = items(phi, null);
        EliteIndex index = new EliteIndex(5);
        EliteIndex.Weights w0 = main(1, 0);
        EliteIndex.Weights w = main(-1, 9);
        assertThat(index.top(2, 3, "k", items, w0, i -> w0.value(items.phi(i), items.parts(i)))).containsExactly(0, 1);
        // under (-1, 9): -14, -13, -1 + 18 = 17
        assertThat(index.top(2, 3, "k", items, w, i -> w.value(items.phi(i), items.parts(i)))).containsExactly(2, 1);
        assertThat(index.scans()).isEqualTo(1);
    }
}
