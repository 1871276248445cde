package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PendingEventsTest {
    @Test
    void eventsComeOutByTimeAndEqualTimesInTheOrderTheyCame() {
        SplittableRandom rnd = new SplittableRandom(13);
        PendingEvents p = new PendingEvents(4096);
        List<long[]> added = new ArrayList<>();
        List<long[]> taken = new ArrayList<>();
        int seq = 0;
        for (int round = 0; round < 200; round++) {
            int n = rnd.nextInt(40);
            for (int k = 0; k < n && !p.isFull(); k++) {
                long t = round * 10L + rnd.nextInt(30); // overlapping, with many equal times
                assertThat(p.add(t, seq)).isTrue();
                added.add(new long[] {t, seq++});
            }
            long upTo = round * 10L + 5;
            while (p.size() > 0 && p.firstTime() <= upTo) {
                taken.add(new long[] {p.firstTime(), p.firstMessage()});
                p.removeFirst();
            }
        }
        while (p.size() > 0) {
            taken.add(new long[] {p.firstTime(), p.firstMessage()});
            p.removeFirst();
        }
        assertThat(taken).hasSize(added.size());
        // taken in time order in each batch, and a later event never overtakes an earlier one of the same time
        for (int i = 1; i < taken.size(); i++) {
            if (taken.get(i)[0] == taken.get(i - 1)[0]) {
                assertThat(taken.get(i)[1]).isGreaterThan(taken.get(i - 1)[1]);
            }
        }
        List<long[]> sorted = new ArrayList<>(taken);
        sorted.sort(Comparator.<long[]>comparingLong(e -> e[1]));
        for (int i = 0; i < sorted.size(); i++) {
            assertThat(sorted.get(i)).containsExactly(added.get(i));
        }
    }

    @Test
    void aFullHeapRefusesAndDrainsInOrder() {
        PendingEvents p = new PendingEvents(4096);
        for (int i = 0; i < 4096; i++) {
            assertThat(p.add(4096 - i, i)).isTrue(); // latest first: the worst case of a sorted array
        }
        assertThat(p.isFull()).isTrue();
        assertThat(p.add(0, -1)).isFalse();
        for (int i = 1; i <= 4096; i++) {
            assertThat(p.firstTime()).isEqualTo(i);
            assertThat(p.firstMessage()).isEqualTo(4096 - i);
            p.removeFirst();
        }
        assertThat(p.size()).isZero();
    }
}
