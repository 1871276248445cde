package org.hitlmidi.midi;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends MIDI clock: 24 ticks per quarter note, with start and stop, so a DAW or a drum machine follows our tempo.
 * Ticks are computed from the start time (never accumulated), stamped with their exact time and sent a little
 * ahead, like the player's notes, so a backend with a real-time side (JACK) puts each on its frame.
 */
public final class ClockOut implements AutoCloseable {
    private final MidiPort port;
    private final long lookahead;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    // guarded by lock
    private boolean running;
    private boolean closed;
    private long origin;      // port time of tick 0 of the current tempo segment
    private long originTick;  // the tick number at origin
    private long nextTick;    // the next tick to send
    private double tickNanos;
    /** A tempo change queued for a tick to come ({@link #setTempoAt}): from tick {@code tempoTick} on, -1 for none. */
    private long tempoTick = -1;
    private double tempoTickNanos;

    public ClockOut(MidiPort port) {
        this(port, Math.max(Player.MIN_LOOKAHEAD_NANOS, 3 * port.leadNanos()));
    }

    /**
     * Sends each tick {@code lookaheadNanos} ahead at least: more than the default rides out a longer stall of the
     * sending thread on a busy machine (a test's DAW), at the cost of a stop or a tempo change reaching less far.
     */
    public ClockOut(MidiPort port, long lookaheadNanos) {
        this.port = port;
        this.lookahead = lookaheadNanos;
        this.thread = new Thread(this::run, "hitl-midi-clock-out");
        this.thread.setDaemon(true);
        this.thread.setPriority(Thread.MAX_PRIORITY);
        this.thread.start();
    }

    static double tickNanos(double bpm) {
        if (!(bpm >= 20 && bpm <= 400)) {
            throw new IllegalArgumentException("tempo " + bpm + " BPM outside 20..400");
        }
        return 60e9 / (bpm * Midi.PPQN);
    }

    /** Sends START at {@code atNanos} (port clock) and ticks from there; a running clock restarts. */
    public void start(double bpm, long atNanos) {
        double t = tickNanos(bpm);
        lock.lock();
        try {
            if (running) {
                port.send(Midi.STOP, 0, 0, Math.min(atNanos, port.nowNanos()));
            }
            // tick 0 goes with START, from this thread: sent by the clock's thread after a wake-up, it could miss
            // START's period on a busy machine (PipeWire at load: a period late, and a follower's first ticks bent)
            port.beginBatch();
            try {
                port.send(Midi.START, 0, 0, atNanos);
                port.send(Midi.CLOCK, 0, 0, atNanos);
            } finally {
                port.endBatch();
            }
            running = true;
            origin = atNanos;
            originTick = 0;
            nextTick = 1;
            tickNanos = t;
            tempoTick = -1;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends CONTINUE at {@code atNanos} (port clock) and ticks from there at {@code bpm}, the song position going on
     * from where {@link #stop()} left it (a DAW's play after its stop); nothing while the clock runs.
     */
    public void resume(double bpm, long atNanos) {
        double t = tickNanos(bpm);
        lock.lock();
        try {
            if (running) {
                return;
            }
            port.beginBatch();
            try {
                port.send(Midi.CONTINUE, 0, 0, atNanos);
                port.send(Midi.CLOCK, 0, 0, atNanos); // the first tick with CONTINUE, as with START
            } finally {
                port.endBatch();
            }
            running = true;
            origin = atNanos;
            originTick = nextTick;
            nextTick++;
            tickNanos = t;
            tempoTick = -1;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Changes the tempo from the next tick on, without a jump in the ticks already sent. */
    public void setTempo(double bpm) {
        double t = tickNanos(bpm);
        lock.lock();
        try {
            if (running) {
                origin = tickTime(nextTick);
                originTick = nextTick;
            }
            tickNanos = t;
            tempoTick = -1;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes the tempo from the first tick at or after {@code atNanos} on (a change quantized to a bar line: the
     * tick on the line comes on it, the ones after at the new tempo); at once when that tick was sent already.
     */
    public void setTempoAt(double bpm, long atNanos) {
        double t = tickNanos(bpm);
        lock.lock();
        try {
            long n = running ? originTick + (long) Math.ceil((atNanos - origin) / tickNanos - 1e-6) : -1;
            if (n < nextTick) {
                setTempo(bpm);
                return;
            }
            if (n == nextTick) { // the tick on the line is the next to go: the new tempo counts from it
                origin = tickTime(n);
                originTick = n;
                tickNanos = t;
                tempoTick = -1;
            } else {
                tempoTick = n;
                tempoTickNanos = t;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sends STOP now (after the ticks already queued). */
    public void stop() {
        lock.lock();
        try {
            if (running) {
                running = false;
                port.send(Midi.STOP, 0, 0, Math.max(port.nowNanos(), tickTime(nextTick - 1)));
            }
        } finally {
            lock.unlock();
        }
    }

    public boolean isRunning() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** The port time of tick {@code n} (lock held). */
    private long tickTime(long n) {
        return origin + Math.round((n - originTick) * tickNanos);
    }

    private void run() {
        lock.lock();
        try {
            while (!closed) {
                if (!running) {
                    changed.await();
                    continue;
                }
                long horizon = port.nowNanos() + lookahead;
                long t;
                while ((t = tickTime(nextTick)) <= horizon) {
                    port.send(Midi.CLOCK, 0, 0, t);
                    nextTick++;
                    if (nextTick == tempoTick) {
                        origin = tickTime(nextTick);
                        originTick = nextTick;
                        tickNanos = tempoTickNanos;
                        tempoTick = -1;
                    }
                }
                changed.awaitNanos(Math.max(1_000_000, t - horizon));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        stop();
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
