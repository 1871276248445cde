package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.midi.Midi;
import org.hitlmidi.music.ChordFinder;

/**
 * Chord follow: chords held on the device's input (a keyboard, a DAW's track) steer the progression. The notes held
 * are named by {@link ChordFinder}; with hysteresis, so a passing note or the moment between two chords never
 * counts: a chord is taken once it has been held for {@link #HOLD_BEATS} beats unchanged, and only when it is not
 * the chord taken last. The chords taken make the progression (up to {@link #MAX_CHORDS}, the latest kept); after
 * {@link #GAP_BARS} bars with nothing held, the next chord begins a new one. Each time the progression grows,
 * {@code onChords} is told (on this follower's timer thread, or the input's), and the device's next loop plays
 * over it, from its next bar line.
 *
 * <p>Channel 10 (drums) is not a chord. Thread-safe: the input thread feeds it, its timer takes chords, requests
 * switch and read it.
 */
final class ChordFollower implements AutoCloseable {
    /** How long a chord must be held unchanged before it counts, in beats. */
    static final double HOLD_BEATS = 1;
    /** Silence (nothing held) after which the next chord begins a new progression, in bars. */
    static final double GAP_BARS = 2;
    /** The longest progression kept: the latest chords. */
    static final int MAX_CHORDS = 8;

    private final Consumer<List<ChordFinder.Found>> onChords;
    private final java.util.function.LongSupplier clock;
    // guarded by this
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> check;
    private boolean on;
    private double bpm = 120;
    private double beatsPerBar = 4;
    /** Per channel and key: how many times it is held (a key struck twice without release counts once more). */
    private final int[] held = new int[16 * 128];
    private int heldCount;
    private ChordFinder.Found candidate;
    private long candidateSince;
    /** When the last note was released with nothing left held, or -1 while something is held. */
    private long silentSince = -1;
    private boolean newProgression = true;
    private final List<ChordFinder.Found> taken = new ArrayList<>();

    /**
     * @param onChords told the progression each time it grows (the chords taken, oldest first)
     * @param clock    the port's clock (the time messages are stamped with), nanoseconds
     */
    ChordFollower(Consumer<List<ChordFinder.Found>> onChords, java.util.function.LongSupplier clock) {
        this.onChords = onChords;
        this.clock = clock;
    }

    synchronized boolean on() {
        return on;
    }

    /** Switches following on or off; off forgets what was held and taken. */
    synchronized void setOn(boolean v) {
        on = v;
        if (!v) {
            java.util.Arrays.fill(held, 0);
            heldCount = 0;
            candidate = null;
            taken.clear();
            newProgression = true;
            silentSince = -1;
            if (check != null) {
                check.cancel(false);
                check = null;
            }
        }
    }

    /** The tempo and meter beats and bars are counted in. */
    synchronized void tempo(double beatsPerMinute, double beatsInABar) {
        bpm = beatsPerMinute;
        beatsPerBar = beatsInABar;
    }

    private double beatNanos() {
        return 60e9 / bpm;
    }

    /** A message of the input; notes count, the rest is ignored. */
    void receive(int status, int data1, int data2, long atNanos) {
        int type = status & 0xF0;
        int ch = status & 0x0F;
        if (ch == 9 || type != Midi.NOTE_ON && type != Midi.NOTE_OFF) {
            return;
        }
        boolean noteOn = type == Midi.NOTE_ON && data2 > 0;
        synchronized (this) {
            if (!on) {
                return;
            }
            int k = ch * 128 + (data1 & 0x7F);
            if (noteOn) {
                if (heldCount == 0 && silentSince >= 0 && atNanos - silentSince > GAP_BARS * beatsPerBar * beatNanos()) {
                    newProgression = true;
                }
                silentSince = -1;
                held[k]++;
                heldCount++;
            } else if (held[k] > 0) {
                held[k]--;
                heldCount--;
                if (heldCount == 0) {
                    silentSince = atNanos;
                }
            } else {
                return;
            }
            ChordFinder.Found f = heldChord();
            if (java.util.Objects.equals(f, candidate)) {
                return; // the same chord goes on being held (a doubled note, an inversion's change)
            }
            candidate = f;
            candidateSince = atNanos;
            if (check != null) {
                check.cancel(false);
                check = null;
            }
            if (f != null) {
                long delay = Math.max(0, Math.round(HOLD_BEATS * beatNanos()) - (clock.getAsLong() - atNanos));
                check = timer().schedule(this::decide, delay, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** The chord of the notes held now, or null (lock held). */
    private ChordFinder.Found heldChord() {
        if (heldCount < 3) {
            return null;
        }
        List<Integer> pitches = new ArrayList<>();
        for (int k = 0; k < held.length; k++) {
            if (held[k] > 0) {
                pitches.add(k & 0x7F);
            }
        }
        return ChordFinder.find(pitches);
    }

    private ScheduledExecutorService timer() {
        if (timer == null) {
            timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "chord-follow");
                t.setDaemon(true);
                return t;
            });
        }
        return timer;
    }

    /** The timer: the candidate may have been held long enough by now. */
    private void decide() {
        synchronized (this) {
            check = null;
        }
        poll(clock.getAsLong());
    }

    /**
     * Takes the chord held, if it has been held unchanged for {@link #HOLD_BEATS} at {@code now} (port clock) and is
     * not the one taken last; then tells {@code onChords} (on this thread). The timer calls it when the hold time is
     * up; it decides by the message times and {@code now} alone.
     */
    void poll(long now) {
        List<ChordFinder.Found> told;
        synchronized (this) {
            if (!on || candidate == null) {
                return;
            }
            long left = Math.round(HOLD_BEATS * beatNanos()) - (now - candidateSince);
            if (left > 0) {
                if (check == null && timer != null) { // early (a clock read before the timer's time): again later
                    check = timer.schedule(this::decide, left, TimeUnit.NANOSECONDS);
                }
                return;
            }
            if (newProgression) {
                taken.clear();
                newProgression = false;
            }
            if (!taken.isEmpty() && taken.get(taken.size() - 1).equals(candidate)) {
                return;
            }
            taken.add(candidate);
            while (taken.size() > MAX_CHORDS) {
                taken.remove(0);
            }
            told = List.copyOf(taken);
        }
        onChords.accept(told);
    }

    /** The chords taken so far, oldest first. */
    synchronized List<ChordFinder.Found> progression() {
        return List.copyOf(taken);
    }

    /** {@code chords} (on or off), {@code held}: the chord held now, {@code progression}: the chords taken. */
    synchronized ObjectNode json() {
        ObjectNode o = Protocol.nodes().objectNode().put("chords", on);
        if (candidate != null) {
            o.put("held", candidate.name());
        }
        if (!taken.isEmpty()) {
            o.put("progression", names(taken));
        }
        return o;
    }

    /** "Dm-G7". */
    static String names(List<ChordFinder.Found> chords) {
        return String.join("-", chords.stream().map(ChordFinder.Found::name).toList());
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
