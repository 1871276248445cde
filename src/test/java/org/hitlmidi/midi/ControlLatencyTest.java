package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The control-to-note measurement of {@code bench timing} on known schedules: the latency it finds is the one
 * the schedule was built with (the figures themselves are the bench's, not checked here).
 */
class ControlLatencyTest {
    private static final int RATE = 48000;
    private static final long BAR = 96_000; // 120 BPM, 4/4

    /** A reader's messages, written by hand. */
    private static final class Schedule implements ControlLatency.Events {
        final List<long[]> m = new ArrayList<>();

        Schedule at(long frame, int status, int d1, int d2) {
            m.add(new long[] {frame, status, d1, d2});
            return this;
        }

        @Override
        public int count() {
            return m.size();
        }

        @Override
        public long frame(int i) {
            return m.get(i)[0];
        }

        @Override
        public int status(int i) {
            return (int) m.get(i)[1];
        }

        @Override
        public int data1(int i) {
            return (int) m.get(i)[2];
        }

        @Override
        public int data2(int i) {
            return (int) m.get(i)[3];
        }
    }

    /**
     * The loop's top, a control at frame 130,000 (a third into bar 2), the old loop playing on to the line at bar 3
     * (192,000), where its sounding note ends and the new track's programs come, then a rest of a sixteenth and
     * the new track's first note at 198,000: the first note is 68,000 frames after the control, the line 62,000.
     */
    @Test
    void aQuantizedChangeIsMeasuredToTheFirstNoteAfterItsLine() {
        Schedule s = new Schedule()
                .at(0, Midi.PROGRAM_CHANGE, 80, 0).at(0, Midi.NOTE_ON, 60, 100)
                .at(12_000, Midi.NOTE_ON, 60, 0)
                .at(132_000, Midi.NOTE_ON, 62, 100) // the old loop, after the control: not the change
                .at(192_000, Midi.NOTE_ON, 62, 0) // its note-off on the line (a note-on at 0)
                .at(192_000, Midi.PROGRAM_CHANGE, 81, 0).at(192_000, Midi.PROGRAM_CHANGE | 1, 33, 0)
                .at(192_000, Midi.NOTE_ON | 2, 50, 0) // another note-off on the line, after the programs: no note
                .at(198_000, Midi.NOTE_ON | 1, 40, 90).at(198_000, Midi.NOTE_ON, 64, 100);
        int from = 3; // the reader's count when the control left
        ControlLatency.Result r = ControlLatency.find(s, from, 130_000).orElseThrow();
        assertThat(r.line()).isEqualTo(62_000);
        assertThat(r.note()).isEqualTo(68_000);
        ObjectNode sum = ControlLatency.summary(List.of(r), List.of((double) BAR), RATE);
        assertThat(sum.get("firstNoteP50Frames").asLong()).isEqualTo(68_000);
        assertThat(sum.get("firstNoteP50Ms").asDouble()).isEqualTo(1416.667);
        assertThat(sum.get("firstNoteP50Bars").asDouble()).isEqualTo(0.708);
        assertThat(sum.get("lineP50Bars").asDouble()).isEqualTo(0.646);
    }

    /** A program change before the control (the loop's top) is no switch of it; nothing yet is empty. */
    @Test
    void onlyWhatComesAfterTheControlCounts() {
        Schedule s = new Schedule().at(0, Midi.PROGRAM_CHANGE, 80, 0).at(6_000, Midi.NOTE_ON, 60, 100);
        assertThat(ControlLatency.find(s, 0, 3_000)).isEmpty();
        s.at(9_000, Midi.PROGRAM_CHANGE, 81, 0);
        assertThat(ControlLatency.find(s, 0, 3_000)).as("a line, no note yet").isEmpty();
        s.at(9_000, Midi.NOTE_ON, 61, 100);
        assertThat(ControlLatency.find(s, 0, 3_000).orElseThrow()).isEqualTo(new ControlLatency.Result(6_000, 6_000));
    }

    /** JACK's frame counter wraps at 2^32: a change sent just before the wrap is measured across it. */
    @Test
    void framesAreCountedAcrossTheCounterWrap() {
        long sent = (1L << 32) - 1_000;
        Schedule s = new Schedule().at(500, Midi.PROGRAM_CHANGE, 81, 0).at(2_500, Midi.NOTE_ON, 60, 100);
        assertThat(ControlLatency.find(s, 0, sent).orElseThrow()).isEqualTo(new ControlLatency.Result(1_500, 3_500));
    }

    /** p50 and p99 are nearest-rank: of 1..100 frames, 50 and 99; of 1..10, 5 and 10. */
    @Test
    void percentilesAreNearestRank() {
        List<ControlLatency.Result> hundred = new ArrayList<>();
        List<Double> bars = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            hundred.add(new ControlLatency.Result(i, i));
            bars.add(i % 2 == 0 ? 1000.0 : 100.0); // odd ones in bars of 100 frames: 0.01 .. 0.99 bars
        }
        ObjectNode o = ControlLatency.summary(hundred, bars, RATE);
        assertThat(o.get("count").asInt()).isEqualTo(100);
        assertThat(o.get("firstNoteP50Frames").asLong()).isEqualTo(50);
        assertThat(o.get("firstNoteP99Frames").asLong()).isEqualTo(99);
        // bars are each change's own: the odd ones (1, 3, .. 99 frames of 100-frame bars) lead, up to 0.99
        assertThat(o.get("firstNoteP99Bars").asDouble()).isEqualTo(0.97);
        assertThat(ControlLatency.percentile(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 50)).isEqualTo(5);
        assertThat(ControlLatency.percentile(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 99)).isEqualTo(10);
    }
}
