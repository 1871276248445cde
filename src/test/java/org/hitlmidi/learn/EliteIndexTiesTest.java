package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
}
