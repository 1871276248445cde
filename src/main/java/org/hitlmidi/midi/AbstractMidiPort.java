package org.hitlmidi.midi;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The bookkeeping every backend keeps the same way: its state and who hears about it, where input goes, the count
 * of dropped events, and a close that panics, frees the backend and tells the listener, once.
 *
 * <p>A backend writes {@link #send} and its native side; it overrides {@link #release()} (stop its threads, free the
 * native side) and, if a panic needs time to get out, {@link #afterPanic()}.
 */
public abstract class AbstractMidiPort implements MidiPort {
    private final AtomicLong dropped = new AtomicLong();
    private volatile PortState state = PortState.CONNECTED;
    private volatile MidiReceiver receiver;
    private volatile Consumer<PortState> stateListener = s -> { };

    /** Counts an event that does not leave (or arrive); returns false, what {@link #send} returns then. */
    protected final boolean countDropped() {
        dropped.incrementAndGet();
        return false;
    }

    @Override
    public final long dropped() {
        return dropped.get();
    }

    @Override
    public final PortState state() {
        return state;
    }

    /**
     * For a backend that loses its server and gets it back (CONNECTED and LOST); runs the listener on the caller's
     * thread, and what the listener throws goes to the thread's handler, so a backend's housekeeping thread lives on.
     * CLOSED is {@link #close()}'s alone.
     */
    protected final void setState(PortState s) {
        state = s;
        try {
            stateListener.accept(s);
        } catch (RuntimeException e) {
            uncaught(e);
        }
    }

    @Override
    public final void setStateListener(Consumer<PortState> listener) {
        stateListener = listener == null ? s -> { } : listener;
    }

    @Override
    public final void setReceiver(MidiReceiver r) {
        receiver = r;
    }

    /**
     * Hands one incoming message to the receiver, if there is one; what the receiver throws goes to the thread's
     * handler, so the backend's input thread keeps reading.
     */
    protected final void deliver(int status, int data1, int data2, long atNanos) {
        MidiReceiver r = receiver;
        if (r == null) {
            return;
        }
        try {
            r.receive(status, data1, data2, atNanos);
        } catch (RuntimeException e) {
            uncaught(e);
        }
    }

    private static void uncaught(RuntimeException e) {
        Thread t = Thread.currentThread();
        t.getUncaughtExceptionHandler().uncaughtException(t, e);
    }

    /** An OS scheduler or a sender thread of ours places the event at its time: a millisecond hands it over. */
    @Override
    public long leadNanos() {
        return 1_000_000;
    }

    /**
     * Idempotent. While the port is connected it panics first (a lost port cannot send); from then on every send
     * is dropped; then the backend frees its side, and the listener hears CLOSED once.
     */
    @Override
    public final void close() {
        synchronized (this) {
            if (state == PortState.CLOSED) {
                return;
            }
            if (state == PortState.CONNECTED) {
                Midi.panic(this, nowNanos());
                afterPanic();
            }
            state = PortState.CLOSED;
        }
        release();
        stateListener.accept(PortState.CLOSED);
    }

    /** Called while still connected, after the panic was sent: wait here until it is out, where that takes time. */
    protected void afterPanic() {
    }

    /** Called once, after the state became CLOSED: stop the backend's threads and free its native side. */
    protected abstract void release();

    /**
     * nanoTime minus another clock read in nanoseconds (an ALSA queue's, CoreMIDI's host time), from the tightest of
     * three paired readings: what maps the port clock to the clock a backend schedules on.
     */
    protected static long offsetTo(LongSupplier otherNanos) {
        long best = Long.MAX_VALUE;
        long offset = 0;
        for (int k = 0; k < 3; k++) {
            long a = System.nanoTime();
            long other = otherNanos.getAsLong();
            long b = System.nanoTime();
            if (b - a < best) {
                best = b - a;
                offset = (a + b) / 2 - other;
            }
        }
        return offset;
    }

    /** Waits for a backend thread to end, at most {@code millis}; an interrupt is kept for the caller. */
    protected static void join(Thread t, long millis) {
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
