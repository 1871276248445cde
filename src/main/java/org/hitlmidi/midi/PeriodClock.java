package org.hitlmidi.midi;

/**
 * The last JACK period as the process callback saw it: its first frame (on the port's own frame count, monotonic
 * across servers), the nanoTime it started at, its length. One writer (the real-time thread) publishes all three at
 * once; any thread reads them as one consistent set. A seqlock: the writer never waits or allocates, a reader that
 * overlapped a publish reads again. (Two separate volatiles, written and read in opposite orders, let a reader pair
 * a new frame with an old time: the clock jumped a period ahead.)
 */
final class PeriodClock {
    // every field volatile: the writes are then seen in program order, which is all a seqlock needs
    private volatile int seq;
    private volatile long frame;
    private volatile long nanoTime;
    private volatile int period;

    /** Real-time side: the period starting at {@code frame} began at {@code nanoTime}. */
    void publish(long frame, long nanoTime, int period) {
        int s = seq;
        seq = s + 1; // odd: a publish is under way
        this.frame = frame;
        this.nanoTime = nanoTime;
        this.period = period;
        seq = s + 2;
    }

    /** Whether a period was ever published. */
    boolean started() {
        return seq != 0;
    }

    /** The frame the last published period started at. */
    long frame() {
        while (true) {
            int s = seq;
            long f = frame;
            if ((s & 1) == 0 && seq == s) {
                return f;
            }
            Thread.onSpinWait();
        }
    }

    /** The last period's first frame, the nanoTime it began and its length, read together (off the real-time thread). */
    long[] frameAndNanoTime() {
        while (true) {
            int s = seq;
            long f = frame;
            long at = nanoTime;
            int p = period;
            if ((s & 1) == 0 && seq == s) {
                return new long[] {f, at, p};
            }
            Thread.onSpinWait();
        }
    }

    /** The port clock at {@code nowNanoTime}: the last period's start in nanoseconds plus the time since. */
    long portNanos(long nowNanoTime, int rate) {
        while (true) {
            int s = seq;
            long f = frame;
            long at = nanoTime;
            if ((s & 1) == 0 && seq == s) {
                return JackMidiPort.framesToNanos(f, rate) + (nowNanoTime - at);
            }
            Thread.onSpinWait();
        }
    }

    /**
     * The port-clock time of the first period boundary at least {@code marginNanos} after {@code nowNanoTime}: the
     * next period whose process callback has not started yet.
     */
    long nextBoundary(long nowNanoTime, long marginNanos, int rate) {
        while (true) {
            int s = seq;
            long f = frame;
            long at = nanoTime;
            int p = Math.max(1, period);
            if ((s & 1) == 0 && seq == s) {
                long elapsed = Math.max(0, nowNanoTime - at + marginNanos);
                long periods = 1 + JackMidiPort.nanosToFrames(elapsed, rate) / p;
                return JackMidiPort.framesToNanos(f + periods * p, rate);
            }
            Thread.onSpinWait();
        }
    }
}
