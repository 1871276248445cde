package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rating path's stage stamps (bench timing): relative to the input's time, the first mark of each stage kept. */
class PathTraceTest {
    /** A port whose clock the test sets. */
    private static final class Clocked extends AbstractMidiPort {
        long now;

        @Override
        public String backend() {
            return "test";
        }

        @Override
        public String name() {
            return "test";
        }

        @Override
        public boolean send(int status, int data1, int data2, long atNanos) {
            return true;
        }

        @Override
        public long nowNanos() {
            return now;
        }

        @Override
        public long latencyNanos() {
            return 0;
        }

        @Override
        public long leadNanos() {
            return 0;
        }

        @Override
        protected void release() {
        }
    }

    @AfterEach
    void off() {
        PathTrace.enable(false);
    }

    @Test
    void eachStageKeepsItsFirstMarkAfterTheInputThatBeganThePath() {
        Clocked p = new Clocked();
        PathTrace.enable(true);
        p.now = 1_000;
        PathTrace.mark(PathTrace.Stage.PLAY); // no path yet: nothing
        p.now = 5_000;
        PathTrace.begin(p, 4_000); // the input's frame was 1 us ago
        p.now = 6_000;
        PathTrace.mark(PathTrace.Stage.LISTENER);
        p.now = 9_000;
        PathTrace.mark(PathTrace.Stage.LISTENER); // a second mark of a stage: the first stays
        PathTrace.mark(PathTrace.Stage.PLAY);
        PathTrace.started(12_000);
        long[] last = PathTrace.last();
        assertThat(last[PathTrace.Stage.INPUT.ordinal()]).isEqualTo(1_000);
        assertThat(last[PathTrace.Stage.LISTENER.ordinal()]).isEqualTo(2_000);
        assertThat(last[PathTrace.Stage.PLAY.ordinal()]).isEqualTo(5_000);
        assertThat(last[PathTrace.Stage.SENT.ordinal()]).isEqualTo(Long.MIN_VALUE);
        assertThat(last[PathTrace.Stage.values().length]).as("the start chosen").isEqualTo(8_000);
        assertThat(PathTrace.cpuBetween(PathTrace.Stage.LISTENER, PathTrace.Stage.PLAY)).isGreaterThanOrEqualTo(0);

        PathTrace.begin(p, 9_000); // the next input begins a new path
        assertThat(PathTrace.last()[PathTrace.Stage.PLAY.ordinal()]).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void offItMarksNothing() {
        Clocked p = new Clocked();
        PathTrace.begin(p, 0);
        PathTrace.mark(PathTrace.Stage.PLAY);
        PathTrace.count("x");
        assertThat(PathTrace.last()[PathTrace.Stage.PLAY.ordinal()]).isEqualTo(Long.MIN_VALUE);
        assertThat(PathTrace.counts()).isEmpty();
    }
}
