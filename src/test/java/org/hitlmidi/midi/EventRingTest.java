package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventRingTest {
    /**
     * The server went away while the process callback drained the ring: the housekeeper marks what is stale and the
     * consumer discards up to the mark. Events sent after the mark all arrive. (The old clear(), the head set to the
     * tail from the housekeeper between the consumer's read and its drop, left the head past the tail: the next
     * events, note-offs among them, were never read.)
     */
    @Test
    void aDiscardMarkedWhileTheConsumerDrainsKeepsWhatCameAfter() {
        EventRing r = new EventRing(16);
        for (int i = 0; i < 5; i++) {
            r.offer(i, i);
        }
        int n = r.available(); // the consumer reads 5...
        long mark = r.offered(); // ...the housekeeper marks them stale...
        r.drop(n); // ...the consumer releases what it read
        for (int i = 5; i < 8; i++) {
            r.offer(i, i);
        }
        r.discardUpTo(mark); // the consumer's next period
        assertThat(r.available()).isEqualTo(3);
        for (int k = 0; k < 3; k++) {
            assertThat(r.peekMessage(k)).isEqualTo(5 + k);
        }
    }

    @Test
    void aDiscardDropsOnlyWhatCameBeforeTheMark() {
        EventRing r = new EventRing(8);
        for (int i = 0; i < 6; i++) {
            r.offer(i, i);
        }
        r.drop(2);
        long mark = r.offered();
        r.offer(6, 6);
        r.discardUpTo(mark);
        assertThat(r.available()).isEqualTo(1);
        assertThat(r.peekMessage(0)).isEqualTo(6);
        r.discardUpTo(mark); // again: nothing more
        assertThat(r.available()).isEqualTo(1);
        for (int i = 0; i < 7; i++) {
            assertThat(r.offer(i, i)).isTrue();
        }
        assertThat(r.offer(9, 9)).as("full at 8").isFalse();
    }
}
