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
 *
 * <p>A track can also replace the playing one at a line of its grid ({@link #replaceAt}): the old track plays on
 * up to the line, its notes sounding across it end there, the new one (from its top, or from the same place in
 * the loop for a change of tempo or feel) begins on it. Nothing is cut mid-bar, doubled or left hanging.
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

    /** Where a queued replacement lands ({@link #replaceAt}): the playing loop's next bar line, beat, or at once. */
    public enum Grid {
        BAR, BEAT, NONE
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
    /** The lookahead asked for; the port's lead may ask for more ({@link #lookaheadNanos()}). */
    private final long minLookahead;
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
    /** What replaces {@link #current} at its {@code switchAt} (a quantized change), or null. */
    private Performance pending;
    /** Events of the current performance up to this time were sent: a replacement can land after it only. */
    private long sentUpTo = Long.MIN_VALUE;
    private boolean closed;

    /** One play of one track: where the scheduler is in it. */
    private static final class Performance {
        final long trackId;
        final TrackEvents first;
        final TrackEvents repeat;
        final boolean loop;
        /** One beat and one bar of the track at its tempo, in ns: its grid, from {@link #start}. */
        final double beatNanos;
        final double barNanos;
        TrackEvents events;
        /** Time of the track's top in the round being played (a loop's round moves it on). */
        long start;
        /** When it begins to sound: {@link #start}, or later for a play that goes on from the middle of the loop. */
        final long switchAt;
        /** Bars played since the play began (across replacements) at {@link #start}: for "at bar N". */
        double barsAtStart;
        int next;
        boolean started;

        Performance(long trackId, TrackEvents first, TrackEvents repeat, boolean loop, long start, long switchAt,
                    double bpm, double beatsPerBar, double barsAtStart) {
            this(trackId, first, repeat, loop, start, switchAt, bpm, beatsPerBar, barsAtStart, switchAt);
        }

        /**
         * @param playedTo the first moment (on this play's time line) whose notes were not played yet: its first
         *                 moment, or later when the play before it, ahead of the clock it is brought back to, played
         *                 them already (they are not struck twice)
         */
        Performance(long trackId, TrackEvents first, TrackEvents repeat, boolean loop, long start, long switchAt,
                    double bpm, double beatsPerBar, double barsAtStart, long playedTo) {
            this.trackId = trackId;
            this.first = first;
            this.repeat = repeat;
            this.loop = loop;
            this.events = first;
            this.start = start;
            this.switchAt = switchAt;
            this.beatNanos = 60e9 / bpm;
            this.barNanos = beatNanos * beatsPerBar;
            this.barsAtStart = barsAtStart;
            // a play from the middle: what lies before its first moment is not played (its program change is, at it);
            // a note played early by humanize, just before it, is its downbeat: played on it
            long skip = Math.max(switchAt, playedTo) - start - Math.round(beatNanos * EARLY_BEATS) - SKIP_TOLERANCE_NANOS;
            while (next < first.size() && first.offsets[next] < skip) {
                next++;
            }
        }

        long end() {
            return events.size() == 0 ? start : start + events.offsets[events.size() - 1];
        }

        double bars(long at) {
            return barsAtStart + (at - start) / barNanos;
        }

        /** The first line of {@code grid} at or after {@code t} (the top of the next round is a line too). */
        long nextLine(long t, Grid grid) {
            if (grid == Grid.NONE) {
                return t;
            }
            double g = grid == Grid.BAR ? barNanos : beatNanos;
            long base = start;
            long len = events.lengthNanos;
            if (loop && t > base + len) {
                base += (t - base) / len * len;
            }
            if (t <= base) {
                return base;
            }
            long k = (long) Math.ceil((t - base) / g - 1e-9);
            long line = base + Math.round(k * g);
            while (line < t) { // rounding
                line = base + Math.round(++k * g);
            }
            return loop && line > base + len ? base + len : line;
        }
    }

    /**
     * The old loop strikes no note this close before the line a replacement lands on, in beats: the most a style's
     * humanize moves a note early (24 ticks of 1/480 beat), so a downbeat played early is not heard twice.
     */
    private static final double EARLY_BEATS = 24 / 480.0;

    /** A play from the middle of a loop starts with the events this close before its first moment (rounding). */
    private static final long SKIP_TOLERANCE_NANOS = 1000;

    public Player(MidiPort port) {
        this(port, 0);
    }

    /** @param lookaheadNanos how far ahead events are sent; at least the port's lead and 5 ms */
    public Player(MidiPort port, long lookaheadNanos) {
        this(port, lookaheadNanos, true);
    }

    /**
     * @param scheduler false for tests only: no scheduler thread; the test runs {@link #stepAt} itself, on the port's
     *                  clock as it moves it (the schedule then follows from the code, not from a thread's wake-ups)
     */
    Player(MidiPort port, long lookaheadNanos, boolean scheduler) {
        this.port = port;
        this.minLookahead = Math.max(lookaheadNanos, MIN_LOOKAHEAD_NANOS);
        this.events = Executors.newSingleThreadExecutor(r -> daemon(r, "hitl-midi-player-events"));
        if (scheduler) {
            this.thread = daemon(this::run, "hitl-midi-player");
            this.thread.setPriority(Thread.MAX_PRIORITY);
            this.thread.start();
        } else {
            this.thread = null;
        }
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
        // the port's lead as it is now: a JACK port opening while the device starts learns its period later
        return Math.max(minLookahead, 3 * port.leadNanos());
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
            current = new Performance(trackId, first, repeat, loop, startNanos, startNanos, track.tempo(),
                    beatsPerBar(track), 0);
            sentUpTo = Long.MIN_VALUE;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static double beatsPerBar(Track t) {
        return t.arrangement().meter().beatsPerBar();
    }

    /**
     * Queues {@code track} to replace the playing one at the first line of {@code grid} that can still be placed
     * exactly (after everything already sent ahead, and at least {@link MidiPort#earliestStart()}); replaces a
     * replacement queued before it. The old track plays on up to the line; its notes sounding across it get their
     * note-offs on it. With nothing playing it plays at once: at the port's soonest start ({@link
     * MidiPort#soonestStart()}), its first events sent on the caller's thread.
     *
     * @param line when not null, picks the line instead of the grid: given the earliest possible time, it returns
     *             the time to switch at, not before it (a followed clock's next bar)
     * @param fromSamePlace the new track goes on from where the old one is in its loop (the same beat of the same
     *                      bar, at its own tempo): a change of tempo or feel, not of material; else from its top
     * @return when the new track begins to sound (port clock)
     */
    public long replaceAt(long trackId, Track track, MidiFiles.Voice voice, int bank, boolean loop, Grid grid,
                          java.util.function.LongUnaryOperator line, boolean fromSamePlace) {
        return replaceAt(trackId, track, voice, bank, loop, grid, line, fromSamePlace, 0);
    }

    /**
     * {@link #replaceAt(long, Track, MidiFiles.Voice, int, boolean, Grid, java.util.function.LongUnaryOperator,
     * boolean)}, from the same place taken to the nearest multiple of {@code snapBeats} (0: as it is). A followed
     * clock's bar line is a bar line of the loop: a loop that drifted off the clock (played at the clock's old tempo)
     * goes on from the bar (or beat) it is nearest, so its grid is the clock's again from the line on.
     */
    public long replaceAt(long trackId, Track track, MidiFiles.Voice voice, int bank, boolean loop, Grid grid,
                          java.util.function.LongUnaryOperator line, boolean fromSamePlace, double snapBeats) {
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
            Performance p = current;
            long earliest = Math.max(port.earliestStart(), sentUpTo == Long.MIN_VALUE ? Long.MIN_VALUE : sentUpTo + 1);
            if (p == null) {
                // nothing plays and nothing to line up with: at once (the port's soonest start), the first events
                // sent from here rather than after the player's thread wakes (a rating's next track, issue 13 item 5)
                long at = line == null ? port.soonestStart() : Math.max(earliest, line.applyAsLong(earliest));
                PathTrace.mark(PathTrace.Stage.PLAY);
                PathTrace.started(at);
                pending = null;
                current = new Performance(trackId, first, repeat, loop, at, at, track.tempo(), beatsPerBar(track), 0);
                sentUpTo = Long.MIN_VALUE;
                if (line == null) {
                    step(port.nowNanos());
                }
                changed.signalAll();
                return at;
            }
            if (p.switchAt > earliest) {
                earliest = p.switchAt; // the playing one has not begun yet: the replacement can come no sooner
            }
            long at = line == null ? p.nextLine(earliest, grid) : Math.max(earliest, line.applyAsLong(earliest));
            long start = at;
            long playedTo = at;
            double bars = p.bars(at);
            if (fromSamePlace) {
                long into = at - p.start;
                if (p.loop) {
                    into = Math.floorMod(into, p.events.lengthNanos);
                }
                if (into >= 0 && into < p.events.lengthNanos) {
                    double beats = Math.round(into / p.beatNanos * 1e6) / 1e6;
                    if (snapBeats > 0) {
                        // how far the play is past the nearest line of the grid (ahead of the clock: > 0), counted
                        // from where the play began (a loop of part of a bar is on the grid across its rounds)
                        double unit = snapBeats / p.barNanos * p.beatNanos; // in bars
                        double target = Math.round(bars / unit) * unit;
                        double ahead = (bars - target) * p.barNanos / p.beatNanos;
                        if (ahead > 0) {
                            // what the old play struck from the line's place on was heard (early), not again; behind
                            // the clock, what lies between is not played (the line is the clock's)
                            playedTo = at + TrackEvents.beatsToNanos(ahead, track.tempo());
                        }
                        beats -= ahead;
                        double loopBeats = p.events.lengthNanos / p.beatNanos;
                        if (p.loop && beats < -1e-6) {
                            beats += loopBeats;
                        } else if (p.loop && beats >= loopBeats - 1e-6) {
                            beats -= loopBeats; // the end of a loop is its top
                        }
                        beats = Math.round(Math.max(p.loop ? 0 : beats, beats) * 1e6) / 1e6;
                        bars = target;
                    }
                    start = at - TrackEvents.beatsToNanos(beats, track.tempo());
                    bars -= beats / beatsPerBar(track);
                }
            }
            pending = new Performance(trackId, first, repeat, loop, start, at, track.tempo(), beatsPerBar(track), bars,
                    playedTo);
            changed.signalAll();
            return at;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Where the playing track is at {@code atNanos} (port clock): bars since the play began, across replacements and
     * rounds of a loop, with the fraction of the bar; NaN with nothing playing. A replacement queued is not counted.
     */
    public double barsAt(long atNanos) {
        lock.lock();
        try {
            return current == null ? Double.NaN : current.bars(atNanos);
        } finally {
            lock.unlock();
        }
    }

    /** The playing track's bar in ns (at the tempo it plays at), or NaN with nothing playing. */
    public double barNanos() {
        lock.lock();
        try {
            return current == null ? Double.NaN : current.barNanos;
        } finally {
            lock.unlock();
        }
    }

    /** When the queued replacement begins to sound (port clock), or -1 when none is queued. */
    public long pendingAt() {
        lock.lock();
        try {
            return pending == null ? -1 : pending.switchAt;
        } finally {
            lock.unlock();
        }
    }

    /** The id of the queued replacement, or -1. */
    public long pendingTrackId() {
        lock.lock();
        try {
            return pending == null ? -1 : pending.trackId;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The bar (1 for the first) of the play at {@code atNanos}, counted since it began and across replacements, or
     * -1 with nothing playing. Before a queued replacement's moment it counts the playing track's bars.
     */
    public long barAt(long atNanos) {
        lock.lock();
        try {
            Performance p = pending != null && atNanos >= pending.switchAt ? pending : current;
            return p == null ? -1 : (long) Math.floor(p.bars(atNanos) + 1e-6) + 1;
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
            return current != null || pending != null;
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
            if (thread != null) {
                thread.join(1000);
            }
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
        pending = null;
        Performance p = current;
        if (p == null) {
            return;
        }
        current = null;
        sentUpTo = Long.MIN_VALUE;
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

    /** One pass of the scheduler at {@code now}, as its thread makes it (for a player made without the thread). */
    long stepAt(long now) {
        lock.lock();
        try {
            return step(now);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends what is due (lock held); returns how long to sleep, or -1 for "until something changes". What one pass
     * sends is one batch of the port's ({@link MidiPort#beginBatch}): a track's first chord and its programs, sent
     * at its start with nothing to spare, leave in one period, not split over two.
     */
    private long step(long now) {
        port.beginBatch();
        try {
            return sendDue(now);
        } finally {
            port.endBatch();
        }
    }

    private long sendDue(long now) {
        long horizon = now + lookaheadNanos();
        while (true) {
            Performance p = current;
            if (p == null) {
                return -1;
            }
            if (!p.started && now >= p.switchAt) {
                p.started = true;
                long at = p.switchAt;
                fire(l -> l.trackStarted(p.trackId, at));
            }
            Performance q = pending;
            // the old track sends nothing at or after the moment its replacement begins
            long limit = q == null ? horizon : Math.min(horizon, q.switchAt - 1);
            // a note the old loop would strike just before the line (its downbeat played early by humanize) belongs
            // to the bar after it: it is not struck, so the line has one downbeat, the new one
            boolean done = sendUpTo(p, limit, q == null ? Long.MAX_VALUE : q.switchAt - Math.round(p.beatNanos * EARLY_BEATS));
            sentUpTo = Math.max(sentUpTo, limit);
            if (q != null && horizon >= q.switchAt) {
                // the line: what sounds across it ends on it, the replacement begins on it
                releaseAll(q.switchAt);
                if (p.started) {
                    fire(l -> l.trackEnded(p.trackId, q.switchAt, EndReason.REPLACED));
                }
                current = q;
                pending = null;
                sentUpTo = Long.MIN_VALUE;
                for (int i = 0; i < q.next; i++) { // a play from the middle still sets its programs, on its line
                    int st = q.first.status[i] & 0xF0;
                    if (st != Midi.NOTE_ON && st != Midi.NOTE_OFF) {
                        port.send(q.first.status[i], q.first.data1[i], q.first.data2[i], q.switchAt);
                    }
                }
                continue;
            }
            long due;
            if (done) {
                long end = p.end();
                if (q == null && now >= end) {
                    current = null;
                    sentUpTo = Long.MIN_VALUE;
                    fire(l -> l.trackEnded(p.trackId, end, EndReason.FINISHED));
                    return -1;
                }
                // a track that ended waits silent for its queued replacement
                due = q != null ? Long.MAX_VALUE : (p.started ? end : Math.min(end, p.switchAt)) - 0;
                if (q == null) {
                    return Math.max(1, due - now);
                }
            } else {
                long lookahead = lookaheadNanos();
                due = p.next < p.events.size() ? p.start + p.events.offsets[p.next] - lookahead
                        : p.start + p.events.lengthNanos - lookahead;
            }
            if (!p.started) {
                due = Math.min(due, p.switchAt);
            }
            if (q != null) {
                due = Math.min(due, q.switchAt - lookaheadNanos());
            }
            return Math.max(1, due - now);
        }
    }

    /**
     * Sends the events of {@code p} due up to {@code limit}, round after round of a loop, but no note-on from
     * {@code lastOn} on; true when it has no more.
     */
    private boolean sendUpTo(Performance p, long limit, long lastOn) {
        while (true) {
            TrackEvents ev = p.events;
            while (p.next < ev.size() && p.start + ev.offsets[p.next] <= limit) {
                long at = Math.max(p.start + ev.offsets[p.next], p.switchAt);
                if (at < lastOn || (ev.status[p.next] & 0xF0) != Midi.NOTE_ON || ev.data2[p.next] == 0) {
                    send(ev, p.next, at);
                }
                p.next++;
            }
            if (p.next < ev.size()) {
                return false;
            }
            if (!p.loop) {
                return true;
            }
            if (p.start + ev.lengthNanos > limit) {
                return false;
            }
            p.barsAtStart += ev.lengthNanos / p.barNanos;
            p.start += ev.lengthNanos;
            p.events = p.repeat;
            p.next = 0;
        }
    }
}
