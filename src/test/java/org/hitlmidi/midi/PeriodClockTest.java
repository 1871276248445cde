package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PeriodClockTest {
    private static final int RATE = 48000;

    /**
     * One thread publishes period after period as fast as it can, each consistent with one clock (frame f started at
     * nanoTime f * 1e9 / rate); another reads the port clock at a fixed nanoTime meanwhile. Every reading must be that
     * clock's, exactly: a reader that paired one period's frame with another's time was a period off.
     */
    @Test
    void aReaderNeverPairsOnePeriodsFrameWithAnothersTime() throws Exception {
        PeriodClock clock = new PeriodClock();
        int period = 256;
        clock.publish(0, 0, period);
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            long f = 0;
            while (!stop.get()) {
                f += period;
                clock.publish(f, JackMidiPort.framesToNanos(f, RATE), period);
            }
        });
        writer.start();
        long torn = 0;
        long reads = 0;
        long now = Long.MAX_VALUE / 4; // a reading time after every published period: the clock's value there never changes
        long boundaryThen = clock.nextBoundary(now, 0, RATE);
        long deadline = System.nanoTime() + 1_000_000_000L;
        try {
            while (System.nanoTime() < deadline) {
                for (int k = 0; k < 10_000; k++) {
                    long got = clock.portNanos(now, RATE);
                    if (got != now || clock.nextBoundary(now, 0, RATE) != boundaryThen) {
                        torn++;
                    }
                    reads++;
                }
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(torn).as("torn readings in %d", reads).isZero();
        assertThat(reads).isGreaterThan(10_000);
    }

    @Test
    void theNextBoundaryIsThePeriodAfterTheMargin() {
        PeriodClock clock = new PeriodClock();
        assertThat(clock.started()).isFalse();
        clock.publish(4800, 1_000_000_000L, 480); // frame 4800 (100 ms) began at nanoTime 1 s; periods of 10 ms
        assertThat(clock.started()).isTrue();
        assertThat(clock.frame()).isEqualTo(4800);
        assertThat(clock.portNanos(1_003_000_000L, RATE)).isEqualTo(103_000_000L);
        assertThat(clock.nextBoundary(1_003_000_000L, 1_000_000, RATE)).isEqualTo(110_000_000L);
        assertThat(clock.nextBoundary(1_009_500_000L, 1_000_000, RATE)).isEqualTo(120_000_000L);
    }
}
