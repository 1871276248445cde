package org.hitlmidi.midi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Track;

/**
 * Plays tracks on a {@link MidiPort} at their tempo, on the port's clock ({@link MidiPort#nowNanos()}; all times
 * here are on it). One scheduler thread sends each event a little ahead of its
 * time ({@link #lookaheadNanos()}), stamped with its exact time, so a backend with a real-time side (JACK) places
 * it at its exact frame; the thread's own wake-up jitter never shows in the output.
 *
 * <p>Every note-on that left is followed by its note-off: on the track's own schedule, on {@link #stop()} (for the
 * notes sounding or already queued), on {@link #panic()} and {@link #close()} (plus all-notes-off and
 * all-sound-off on all 16 channels). Listeners hear track start and end on a thread of their own, so a slow
 * listener never delays a note.
 */
public final class Player implements AutoCloseable {
    /** Why a track stopped sounding. */
    public enum EndReason {
        /** It played to its end (not in loop mode). */
        FINISHED,
        /** {@link #stop()} or {@link #panic()}. */
        STOPPED,
        /** Another track was played. */
        REPLACED,
        /** The player was closed. */
        CLOSED
    }

    /** Hears tracks start and end; called on the player's event thread, in order. */
    public interface Listener {
        default void trackStarted(long trackId, long atNanos) {
        }

        default void trackEnded(long trackId, long atNanos, EndReason reason) {
        }
    }

    /**
     * Sent this far ahead at least: enough to ride out the scheduler thread waking late on a busy machine, small so a
     * stop leaves few notes queued (and those get their note-offs right after them).
     */
    public static final long MIN_LOOKAHEAD_NANOS = 50_000_000;
    private static final int KEYS = 16 * 128;

    private final MidiPort port;
    private final long lookahead;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService events;
    private final Thread thread;
    /** Per channel and key: how many note-ons left without their note-off yet, and when the last one sounds. */
    private final int[] onCount = new int[KEYS];
    private final long[] lastOnAt = new long[KEYS];

    // guarded by lock
    private Performance current;
    private boolean closed;

    /** One play of one track: where the scheduler is in it. */
    private static final class Performance {
        final long trackId;
        final TrackEvents first;
        final TrackEvents repeat;
        final boolean loop;
        TrackEvents events;
        long start;
        int next;
        boolean started;

        Performance(long trackId, TrackEvents first, TrackEvents repeat, boolean loop, long start) {
            this.trackId = trackId;
            this.first = first;
            this.repeat = repeat;
            this.loop = loop;
            this.events = first;
            this.start = start;
        }

        long end() {
            return events.size() == 0 ? start : start + events.offsets[events.size() - 1];
        }
    }

    public Player(MidiPort port) {
        this(port, 0);
    }

    /** @param lookaheadNanos how far ahead events are sent; at least the port's lead and 5 ms */
    public Player(MidiPort port, long lookaheadNanos) {
        this.port = port;
        this.lookahead = Math.max(Math.max(lookaheadNanos, MIN_LOOKAHEAD_NANOS), 3 * port.leadNanos());
        this.events = Executors.newSingleThreadExecutor(r -> daemon(r, "hitl-midi-player-events"));
        this.thread = daemon(this::run, "hitl-midi-player");
        this.thread.setPriority(Thread.MAX_PRIORITY);
        this.thread.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public MidiPort port() {
        return port;
    }

    public long lookaheadNanos() {
        return lookahead;
    }

    /** The earliest start at which a track's first note is placed as exactly as the rest ({@link MidiPort#earliestStart()}). */
    public long earliestStart() {
        return port.earliestStart();
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    /** Plays at {@link #earliestStart()}, replacing what plays now. */
    public void play(long trackId, Track track, MidiFiles.Voice voice, boolean loop) {
        play(trackId, track, voice, -1, loop, earliestStart());
    }

    /**
     * Plays {@code track} from {@code startNanos} (the port's clock), replacing what plays now: the notes of
     * the old track that sound get their note-offs at once.
     *
     * @param bank the melody's bank (0..16383, sent as CC 0 and 32 before the program), or -1 for none
     * @param loop repeat seamlessly until stopped or replaced
     */
    public void play(long trackId, Track track, MidiFiles.Voice voice, int bank, boolean loop, long startNanos) {
        if (bank < -1 || bank > 16383) {
            throw new IllegalArgumentException("bank " + bank + " outside 0..16383 (or -1 for none)");
        }
        TrackEvents first = TrackEvents.of(track, voice, bank, true);
        TrackEvents repeat = loop ? TrackEvents.of(track, voice, bank, false) : first;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the player is closed");
            }
            end(EndReason.REPLACED, Math.min(port.nowNanos(), startNanos));
            current = new Performance(trackId, first, repeat, loop, startNanos);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops playing; every note that sounds or is queued gets its note-off now. */
    public void stop() {
        lock.lock();
        try {
            end(EndReason.STOPPED, port.nowNanos());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** {@link #stop()} and all-notes-off plus all-sound-off on all 16 channels. */
    public void panic() {
        lock.lock();
        try {
            long now = port.nowNanos();
            end(EndReason.STOPPED, now);
            Midi.panic(port, now);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isPlaying() {
        lock.lock();
        try {
            return current != null;
        } finally {
            lock.unlock();
        }
    }

    /** The id of the track playing or about to play, or -1. */
    public long currentTrackId() {
        lock.lock();
        try {
            return current == null ? -1 : current.trackId;
        } finally {
            lock.unlock();
        }
    }

    /** Stops with a panic, ends the threads; the port stays open (its owner closes it). Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long now = port.nowNanos();
            end(EndReason.CLOSED, now);
            Midi.panic(port, now);
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
        events.shutdown();
        try {
            events.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the current performance (lock held): note-offs for everything that sounds or is queued. */
    private void end(EndReason reason, long now) {
        Performance p = current;
        if (p == null) {
            return;
        }
        current = null;
        releaseAll(now);
        if (p.started) {
            fire(l -> l.trackEnded(p.trackId, now, reason));
        }
    }

    private void releaseAll(long now) {
        for (int k = 0; k < KEYS; k++) {
            // a note-on queued for later gets its note-off right after it, never before: no note can hang
            long at = Math.max(now, lastOnAt[k]);
            while (onCount[k] > 0) {
                port.send(Midi.NOTE_OFF | (k >> 7), k & 0x7F, 0, at);
                onCount[k]--;
            }
        }
    }

    private void fire(java.util.function.Consumer<Listener> call) {
        if (listeners.isEmpty()) {
            return;
        }
        events.execute(() -> {
            for (Listener l : listeners) {
                try {
                    call.accept(l);
                } catch (RuntimeException e) {
                    // a listener's bug must not stop the others or the player
                    Thread t = Thread.currentThread();
                    t.getUncaughtExceptionHandler().uncaughtException(t, e);
                }
            }
        });
    }

    private void send(TrackEvents ev, int i, long at) {
        int st = ev.status[i];
        int cmd = st & 0xF0;
        if (cmd == Midi.NOTE_ON || cmd == Midi.NOTE_OFF) {
            int k = ((st & 0x0F) << 7) | ev.data1[i];
            if (cmd == Midi.NOTE_ON && ev.data2[i] > 0) {
                onCount[k]++;
                lastOnAt[k] = at;
            } else if (onCount[k] > 0) {
                onCount[k]--;
            } else {
                return; // its note-on was released by a stop or replace already
            }
        }
        port.send(st, ev.data1[i], ev.data2[i], at);
    }

    private void run() {
        lock.lock();
        try {
            while (!closed) {
                long wait = step(port.nowNanos());
                if (wait < 0) {
                    changed.await();
                } else if (wait > 0) {
                    changed.awaitNanos(wait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Sends what is due (lock held); returns how long to sleep, or -1 for "until something changes". */
    private long step(long now) {
        Performance p = current;
        if (p == null) {
            return -1;
        }
        if (!p.started && now >= p.start) {
            p.started = true;
            long at = p.start;
            fire(l -> l.trackStarted(p.trackId, at));
        }
        long horizon = now + lookahead;
        while (true) {
            TrackEvents ev = p.events;
            while (p.next < ev.size() && p.start + ev.offsets[p.next] <= horizon) {
                send(ev, p.next, p.start + ev.offsets[p.next]);
                p.next++;
            }
            if (p.next < ev.size()) {
                break;
            }
            if (p.loop) {
                if (p.start + ev.lengthNanos > horizon) {
                    break;
                }
                p.start += ev.lengthNanos;
                p.events = p.repeat;
                p.next = 0;
                continue;
            }
            long end = p.end();
            if (now >= end) {
                current = null;
                fire(l -> l.trackEnded(p.trackId, end, EndReason.FINISHED));
                return -1;
            }
            return Math.max(1, (p.started ? end : Math.min(end, p.start)) - now);
        }
        long due = p.next < p.events.size() ? p.start + p.events.offsets[p.next] - lookahead
                : p.start + p.events.lengthNanos - lookahead;
        if (!p.started) {
            due = Math.min(due, p.start);
        }
        return Math.max(1, due - now);
    }
}
