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
    private long skipped;       // ticks the last late tick was taken to have lost (taken back if it was only late)
    private long skippedAt;

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
        lastTick = t;
        if (ticksSeen == 0) {
            predicted = t;
            ticksSeen = 1;
            skipped = 0;
            return;
        }
        if (ticksSeen == 1) {
            period = t - predicted;
            predicted = t + period;
            double omega = 2 * Math.PI * bandwidthHz * period / 1e9;
            b = Math.sqrt(2) * omega;
            c = omega * omega;
            ticksSeen = 2;
            return;
        }
        if (skipped > 0) {
            if (t - skippedAt < period / 2) {
                // this tick came right behind the late one, a burst: the late tick was delivered late (a late period
                // on the way), nothing was lost, so the skip is taken back and only the ticks that came are counted
                predicted -= skipped * period;
                if (running) {
                    position -= skipped;
                }
            }
            skipped = 0;
        }
        double e = t - predicted;
        if (e > period / 2) {
            // ticks were lost on the way (a late period of the sender): skip the loop ahead, not bend its tempo
            long missed = Math.round(e / period);
            predicted += missed * period;
            if (running) {
                position += missed;
            }
            skipped = missed;
            skippedAt = t;
            e = t - predicted;
        }
        predicted += b * e + period;
        period += c * e;
        ticksSeen++;
    }

    /** The smoothed tempo in BPM, or NaN before two ticks came. */
    public synchronized double tempo() {
        return ticksSeen < 2 ? Double.NaN : 60e9 / (period * Midi.PPQN);
    }

    /** The smoothed tick period in ns, or NaN before two ticks came. */
    public synchronized double tickNanos() {
        return ticksSeen < 2 ? Double.NaN : period;
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
        if (!running || ticksSeen < 2) {
            return -1;
        }
        long perBar = (long) beatsPerBar * Midi.PPQN;
        long barTick = (position + perBar - 1) / perBar * perBar;
        return Math.round(predicted + (barTick - position) * period);
    }
}
