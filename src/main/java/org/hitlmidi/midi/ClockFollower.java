package org.hitlmidi.midi;

/**
 * Follows an incoming MIDI clock (a DAW's): tempo smoothed by a second-order delay-locked loop (F. Adriaensen,
 * "Using a DLL to filter time", 2005), start, stop, continue and song position, so a track can start on the DAW's
 * next bar ({@link #nextBarNanos}). A {@link MidiReceiver}: set it on a port (or feed it from one).
 * Thread-safe; its work per tick is a few multiplications.
 */
public final class ClockFollower implements MidiReceiver {
    /** Hears transport changes; called on the port's receiving thread, so it must return quickly. */
    public interface Listener {
        default void started(long atNanos) {
        }

        default void continued(long positionTicks, long atNanos) {
        }

        default void stopped(long positionTicks, long atNanos) {
        }
    }

    /** Ticks that set the first period (their mean interval) before the loop runs and a tempo is told. */
    static final int SETTLE_TICKS = 6;
    /** Ticks closer than this at the start are a burst: 1 ms, a tempo of 2,500 BPM. */
    private static final double MIN_TICK_NANOS = 1e6;
    private final double bandwidthHz;
    private final Listener listener;
    // guarded by this
    private boolean running;
    private long position;      // song position in ticks: the index of the next tick to come
    private int ticksSeen;      // since the loop (re)started
    private double predicted;   // t1: when the next tick should come (port clock, ns)
    private double period;      // e2: the smoothed tick period (ns)
    private double b;
    private double c;
    private long lastTick;
    private long ticks;
    private double lastOff;
    private long firstAt;       // the first tick the loop (re)started from
    private long skipped;       // ticks the last tick was taken to follow as lost (taken back if it was only late)
    private boolean lastSteady; // the last tick came about a period after the one before
    private final long[] settle = new long[SETTLE_TICKS]; // the first ticks' times, for the first period and phase

    /** @param bandwidthHz how fast the loop follows tempo changes (about 1 Hz: smooth, settles in a second or two) */
    public ClockFollower(double bandwidthHz, Listener listener) {
        if (!(bandwidthHz > 0 && bandwidthHz < 10)) {
            throw new IllegalArgumentException("bandwidth " + bandwidthHz + " Hz outside (0, 10)");
        }
        this.bandwidthHz = bandwidthHz;
        this.listener = listener == null ? new Listener() { } : listener;
    }

    public ClockFollower() {
        this(1.0, null);
    }

    @Override
    public void receive(int status, int data1, int data2, long atNanos) {
        switch (status) {
            case Midi.CLOCK -> tick(atNanos);
            case Midi.START -> {
                synchronized (this) {
                    running = true;
                    position = 0;
                }
                listener.started(atNanos);
            }
            case Midi.CONTINUE -> {
                long p;
                synchronized (this) {
                    running = true;
                    p = position;
                }
                listener.continued(p, atNanos);
            }
            case Midi.STOP -> {
                long p;
                synchronized (this) {
                    running = false;
                    p = position;
                }
                listener.stopped(p, atNanos);
            }
            case Midi.SONG_POSITION -> {
                synchronized (this) {
                    // in MIDI beats (sixteenths), 6 ticks each
                    position = 6L * ((data1 & 0x7F) | (data2 & 0x7F) << 7);
                }
            }
            default -> {
                // not clock
            }
        }
    }

    private synchronized void tick(long t) {
        ticks++;
        if (running) {
            position++;
        }
        if (ticksSeen > 0 && (t - lastTick > 1_000_000_000L || t < lastTick)) {
            ticksSeen = 0; // a gap of a second or time going back: the clock was away, start the loop again (ticks
            // at the same instant are a burst delivered late, not time going back)
        }
        long interval = t - lastTick;
        lastTick = t;
        if (ticksSeen == 0 || ticksSeen < SETTLE_TICKS && t - firstAt < ticksSeen * MIN_TICK_NANOS) {
            // the first tick, or the first ones came at once (a burst delivered late): they tell no period yet
            predicted = t;
            firstAt = t;
            settle[0] = t;
            ticksSeen = 1;
            lastOff = 0;
            skipped = 0;
            lastSteady = false;
            return;
        }
        if (ticksSeen < SETTLE_TICKS) {
            // the first ticks: the period and phase are the line under them all that comes nearest them (the lower
            // edge of their hull across their middle): a tick comes on time or late (a late period of the sender, a
            // burst behind it), never early, so a late one lifts the line nowhere. Their mean, as before, took a late
            // first tick for a short period: the bar 90 ticks on came 18.2 times the lateness early (PipeWire at
            // load, the DAW's first tick a JACK period late: the device's bar 4,660 frames before the DAW's).
            settle[ticksSeen] = t;
            ticksSeen++;
            lowerLine(ticksSeen);
            double omega = 2 * Math.PI * bandwidthHz * period / 1e9;
            b = Math.sqrt(2) * omega;
            c = omega * omega;
            return;
        }
        if (skipped > 0) {
            // the last tick was taken to follow lost ticks: so it was if this one is nearer the loop that skipped;
            // else (a burst behind a late tick, a late tick and a less late one) nothing was lost, and the skip is
            // taken back. (A clock slowing in one step to under two thirds of its tempo has its first slow tick
            // taken for one after a lost one: its song position runs a tick ahead; two ticks lost a tick apart
            // count as one.)
            double withSkip = Math.abs(t - predicted);
            double without = Math.abs(t - (predicted - skipped * period));
            if (interval < period / 2 || without < withSkip) {
                predicted -= skipped * period;
                if (running) {
                    position -= skipped;
                }
            }
            skipped = 0;
        }
        boolean steady = interval >= period / 2 && interval <= 1.5 * period;
        double e = t - predicted;
        if (e > period / 2 && interval > 1.5 * period && lastSteady) {
            // a gap after a steady tick: ticks were lost on the way (a starved JACK server drops a late client's
            // events). Counted as lost for now; the next tick says (above)
            long missed = Math.round(e / period);
            predicted += missed * period;
            if (running) {
                position += missed;
            }
            skipped = missed;
            e = t - predicted;
        }
        lastSteady = steady;
        double off = Math.abs(e) > period / 2 ? e : 0;
        if (off != 0 && !(Math.signum(off) == Math.signum(lastOff) && Math.abs(off) > Math.abs(lastOff))) {
            // a tick far off the loop: late (a late period of the sender, a busy machine: the ticks behind it come
            // closer again) or the first of a tempo change the loop has not caught up with (the ticks behind it come
            // further off still, and then pull in full): it pulls the loop half a tick at most, so a late one bends
            // the tempo little. (Taking every tick over half a tick late for lost ticks, as before, pushed the song
            // position ahead at every slow-down of the DAW's clock by a sixth or more: the device's bar came one
            // tick or more before the DAW's, and at 90 BPM from 120 the loop never locked again.)
            e = Math.copySign(period / 2, e);
        }
        lastOff = off;
        predicted += b * e + period;
        period += c * e;
        ticksSeen++;
    }

    /**
     * Sets {@code period} and {@code predicted} (tick {@code n}) from the first {@code n} settle ticks: of the lines
     * through two of them with every tick on or above, the one highest at their middle (it has the least lateness
     * summed over them); their mean period if none rises.
     */
    private void lowerLine(int n) {
        double mid = (n - 1) / 2.0;
        double bestAtMid = Double.NEGATIVE_INFINITY;
        double bestSlope = (settle[n - 1] - settle[0]) / (double) (n - 1);
        double bestBase = settle[0];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double slope = (settle[j] - settle[i]) / (double) (j - i);
                double base = settle[i] - i * slope;
                if (!(slope > 0) || base + mid * slope <= bestAtMid) {
                    continue;
                }
                boolean under = true;
                for (int k = 0; k < n && under; k++) {
                    under = settle[k] >= base + k * slope - 1; // (1 ns for rounding)
                }
                if (under) {
                    bestAtMid = base + mid * slope;
                    bestSlope = slope;
                    bestBase = base;
                }
            }
        }
        period = bestSlope;
        predicted = bestBase + n * bestSlope;
    }

    /** The smoothed tempo in BPM, or NaN before the first {@value #SETTLE_TICKS} ticks came. */
    public synchronized double tempo() {
        return settled() ? 60e9 / (period * Midi.PPQN) : Double.NaN;
    }

    /** The smoothed tick period in ns, or NaN before the first {@value #SETTLE_TICKS} ticks came. */
    public synchronized double tickNanos() {
        return settled() ? period : Double.NaN;
    }

    private boolean settled() {
        return ticksSeen >= SETTLE_TICKS && period > 0;
    }

    public synchronized boolean isRunning() {
        return running;
    }

    /** Song position in ticks (24 per quarter note) of the next tick to come. */
    public synchronized long positionTicks() {
        return position;
    }

    /** Ticks received in all. */
    public synchronized long ticks() {
        return ticks;
    }

    /**
     * When the DAW's next bar starts (port clock), from the song position and the smoothed clock; -1 while stopped
     * or before the loop has settled on a period.
     */
    public synchronized long nextBarNanos(int beatsPerBar) {
        if (!running || !settled()) {
            return -1;
        }
        long perBar = (long) beatsPerBar * Midi.PPQN;
        long barTick = (position + perBar - 1) / perBar * perBar;
        return Math.round(predicted + (barTick - position) * period);
    }
}
