package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bench timing's note matching: a note the reader did not hear is counted lost, not matched to a later one. */
class TimingBenchMatchTest {
    /** The bench's grid: 64 sixteenths at 120 BPM (6,000 frames apart), keys 60..71 over and over. */
    private static List<long[]> grid(long start) {
        List<long[]> g = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            g.add(new long[] {start + i * 6000L, Midi.NOTE_ON, 60 + i % 12});
        }
        return g;
    }

    @Test
    void oneLostNoteIsOneLostNoteAndTheRestAreExact() {
        List<long[]> want = grid(1000);
        List<long[]> heard = new ArrayList<>(grid(1000));
        heard.remove(10);
        TimingBench.Matched m = TimingBench.match(want, heard);
        // the old greedy matcher took the next note of the same key 12 notes later for the lost one (72,000 frames, the
        // lead's "52 of 64 heard, p99 72,000 frames"): every note after it was then off or unmatched
        assertThat(m.lost()).isEqualTo(1);
        assertThat(m.errors()).hasSize(63).allMatch(e -> e == 0);
    }

    @Test
    void lateNotesKeepTheirErrorAndTheServersCounterWraps() {
        long start = 0xFFFFFFFFL - 20_000; // the 32-bit frame counter wraps inside the grid
        List<long[]> want = grid(start);
        List<long[]> heard = new ArrayList<>();
        for (long[] w : want) {
            heard.add(new long[] {(w[0] + 128) & 0xFFFFFFFFL, w[1], w[2]}); // each a period of 128 late
        }
        TimingBench.Matched m = TimingBench.match(want, heard);
        assertThat(m.lost()).isZero();
        assertThat(m.errors()).hasSize(64).allMatch(e -> e == 128);
    }

    @Test
    void aNoteOfAnotherKeyOrChannelIsNoMatch() {
        List<long[]> want = List.of(new long[] {1000, Midi.NOTE_ON, 60});
        List<long[]> heard = List.of(new long[] {1000, Midi.NOTE_ON, 61}, new long[] {1000, Midi.NOTE_ON | 1, 60});
        TimingBench.Matched m = TimingBench.match(want, heard);
        assertThat(m.lost()).isEqualTo(1);
        assertThat(m.errors()).isEmpty();
    }
}
