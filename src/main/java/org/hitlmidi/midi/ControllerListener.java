package org.hitlmidi.midi;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Turns a controller's CCs and notes into ratings and commands, by a {@link ControllerMapping}
 * (docs/controllers.md): CC to rating, pickup (soft takeover), the commit rule (the {@code rate} button, or the
 * overall knob at rest for {@code restMs}), buttons once per press, and MIDI-learn.
 *
 * <p>It is a {@link MidiReceiver}: set it on a port. Its work per message is a few comparisons, so a storm of
 * 10,000 CC/s costs little; what it reports goes to the {@link Events} on a thread of its own, so a slow consumer
 * (a rating written to disk) never holds up the port's thread. A storm yields only what the rules allow: one
 * rating per rest of the knob, one press per button per {@link #BUTTON_DEBOUNCE_NANOS}, exploration changes at
 * most every {@link #REPORT_EVERY_NANOS}.
 */
public final class ControllerListener implements MidiReceiver, AutoCloseable {
    /** What the listener reports; each on the listener's own thread, in order. */
    public interface Events {
        default void rating(RatingGesture gesture) {
        }

        /** Every button press, {@code rate} included (the rating itself comes as {@link #rating}). */
        default void button(Control button, long atNanos) {
        }

        /** The exploration knob, 0..1. */
        default void exploration(double value, long atNanos) {
        }

        /** A mapped knob moved (after pickup): for showing the value on a panel, and the live controls. */
        default void knob(Control knob, int ccValue, long atNanos) {
        }

        /**
         * The knobs that moved since the last report, each with its latest value (one call per report, so that a
         * consumer can make one change of them all). The default reports each as {@link #exploration} or
         * {@link #knob}.
         */
        default void knobs(Map<Control, Integer> values, long atNanos) {
            for (Map.Entry<Control, Integer> e : values.entrySet()) {
                if (e.getKey() == Control.EXPLORATION) {
                    exploration(e.getValue() / 127.0, atNanos);
                } else {
                    knob(e.getKey(), e.getValue(), atNanos);
                }
            }
        }

        /** An on/off control set by the DAW's automation lane (CC on {@link #DAW_CHANNEL}, 64 and up is on). */
        default void set(Control control, boolean on, long atNanos) {
        }

        /** A program change 0..127 arrived (the latest of a burst). */
        default void program(int program, long atNanos) {
        }

        /** The layer button switched to {@code layer} (1 or 2). */
        default void layer(int layer, long atNanos) {
        }
    }

    /** The channel of the DAW's automation lanes: CCs there drive the {@link #DAW_CCS} controls, with no pickup. */
    public static final int DAW_CHANNEL = 16;
    /** The DAW's automation lanes: CC number to control (docs/controllers.md). */
    public static final Map<Integer, Control> DAW_CCS;

    static {
        Control[] lanes = {Control.TEMPO, Control.SWING, Control.DENSITY, Control.REGISTER, Control.INTENSITY,
            Control.HUMANIZE, Control.LEVEL_MELODY, Control.LEVEL_BASS, Control.LEVEL_CHORDS, Control.LEVEL_DRUMS,
            Control.KEY, Control.SCALE, Control.STYLE, Control.EXPLORATION, Control.MUTE_MELODY, Control.MUTE_BASS,
            Control.MUTE_CHORDS, Control.MUTE_DRUMS, Control.LOOP, Control.VARIATION, Control.REGENERATE,
            Control.STYLE_NEXT, Control.STYLE_PREVIOUS, Control.KEY_FOLLOW, Control.CHORD_FOLLOW};
        Map<Integer, Control> m = new java.util.TreeMap<>();
        for (int i = 0; i < lanes.length; i++) {
            m.put(20 + i, lanes[i]);
        }
        DAW_CCS = java.util.Collections.unmodifiableMap(m);
    }

    /** Whether a control is on/off rather than a press when the DAW's lane sets it. */
    public static boolean dawLevel(Control c) {
        return c.name().startsWith("MUTE_") || c == Control.LOOP || c == Control.KEY_FOLLOW
                || c == Control.CHORD_FOLLOW;
    }

    /** A button fires at most this often: contact bounce and storms make one press, not hundreds. */
    public static final long BUTTON_DEBOUNCE_NANOS = 150_000_000;
    /** Knob moves and exploration changes are reported at most this often (the latest value wins). */
    public static final long REPORT_EVERY_NANOS = 30_000_000;

    private final Events events;
    private final LongSupplier clock;
    private final ScheduledExecutorService worker;
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();

    // guarded by this
    private ControllerMapping mapping;
    private final Map<Control, Knob> knobs = new EnumMap<>(Control.class);
    private final Map<Control, Long> lastPress = new EnumMap<>(Control.class);
    private final Map<Control, Boolean> down = new EnumMap<>(Control.class);
    private long overallMovedAt = -1;
    /** The layer in force, 1 or 2. */
    private int layer = 1;
    /** Each binding's last value (a CC's position), for pickup across layers and sources. */
    private final Map<ControlBinding, Integer> lastValue = new java.util.HashMap<>();
    /** The DAW's on/off lanes that changed since the last report, with their latest state. */
    private final Map<Control, Boolean> dawSet = new EnumMap<>(Control.class);
    /** The latest program change not reported yet, or -1. */
    private int program = -1;
    /** The track the rating knobs are set for (see {@link #newTrack(long)}), -1 when not told. */
    private long track = -1;
    private ScheduledFuture<?> restCheck;
    private final java.util.Set<Control> moved = java.util.EnumSet.noneOf(Control.class);
    private ScheduledFuture<?> report;
    private Control learning;
    private CompletableFuture<ControlBinding> learned;

    /**
     * A continuous control's state: its last physical value, whether it counts, the value the device holds, and
     * whether it moved since the current track began (a rating knob's position left from the last track is not
     * a rating of this one).
     */
    private static final class Knob {
        int physical = -1;
        boolean pickedUp = true;
        int held = -1;
        /** For a knob that sets a parameter: how many bands its value has (0: fine, |a-b| <= 2 is the same). */
        int bands;
        /** The binding that moved it last (a knob on one layer, the DAW's lane): another must pick it up again. */
        ControlBinding source;
        /** The value last reported to the device, -1 before any. */
        int reported = -1;
        boolean touched;
    }

    public ControllerListener(ControllerMapping mapping, Events events) {
        this(mapping, events, System::nanoTime);
    }

    /** @param clock nanoseconds, for the rest rule and debouncing (tests pass their own) */
    public ControllerListener(ControllerMapping mapping, Events events, LongSupplier clock) {
        this.mapping = mapping;
        this.events = events;
        this.clock = clock;
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "hitl-midi-controller");
            t.setDaemon(true);
            return t;
        });
        w.setRemoveOnCancelPolicy(true);
        this.worker = w;
        for (Control c : Control.values()) {
            knobs.put(c, new Knob()); // buttons too: the DAW's lanes set some of them by value
        }
    }

    public synchronized ControllerMapping mapping() {
        return mapping;
    }

    public synchronized void setMapping(ControllerMapping m) {
        this.mapping = m;
    }

    /**
     * The device now holds {@code ccValue} for a knob (a new track, a rating from the panel, an undo): the knob
     * counts again only after it passes through that value or lands in its rating band (pickup).
     */
    public synchronized void hold(Control knob, int ccValue) {
        hold(knob, ccValue, knobs.get(knob).bands);
    }

    /**
     * {@link #hold} for a knob whose value comes in {@code bands} bands (a style, a key, a density): it counts again
     * once it is in the held value's band (0: a fine value, within 2 of it).
     */
    public synchronized void hold(Control knob, int ccValue, int bands) {
        if (knob.isButton()) {
            throw new IllegalArgumentException(knob.key() + " is a button, not a knob");
        }
        if (ccValue < 0 || ccValue > 127) {
            throw new IllegalArgumentException("CC value " + ccValue + " outside 0..127");
        }
        if (bands < 0 || bands > 128) {
            throw new IllegalArgumentException("bands " + bands + " outside 0..128");
        }
        Knob k = knobs.get(knob);
        k.bands = bands;
        if (k.pickedUp && k.reported >= 0 && !knob.isRating() && sameBand(knob, k.reported, ccValue)) {
            // the device took the value this knob reported: the knob, perhaps moved on since, still counts
            k.held = ccValue;
            return;
        }
        k.held = ccValue;
        k.pickedUp = k.physical >= 0 && sameBand(knob, k.physical, ccValue);
        if (!k.pickedUp) {
            moved.remove(knob); // a move not reported yet came before the value set elsewhere: that one wins
        }
        if (knob == Control.OVERALL) {
            overallMovedAt = -1; // a pending rest-commit is for the old track
        }
    }

    /** The device holds no value for this knob (a parameter left to the style or the composer): it counts at once. */
    public synchronized void release(Control knob) {
        Knob k = knobs.get(knob);
        k.held = -1;
        k.pickedUp = true;
    }

    /** The layer in force, 1 or 2. */
    public synchronized int layer() {
        return layer;
    }

    /**
     * Switches to {@code n} (1 or 2). The knobs whose CCs change hands must be picked up again: each counts once it
     * reaches the value the device holds for it.
     */
    public synchronized void setLayer(int n) {
        if (n != 1 && n != 2) {
            throw new IllegalArgumentException("layer " + n + " is not 1 or 2");
        }
        if (n == layer) {
            return;
        }
        layer = n;
        java.util.Set<ControlBinding> moving = new java.util.HashSet<>(mapping.layer2().values());
        for (Map.Entry<Control, ControlBinding> e : mapping.layer(n).entrySet()) {
            Knob k = knobs.get(e.getKey());
            if (e.getKey().isButton() || !moving.contains(e.getValue())) {
                continue;
            }
            Integer v = lastValue.get(e.getValue());
            k.physical = v == null ? -1 : v;
            k.source = e.getValue();
            k.pickedUp = k.held < 0 || v != null && sameBand(e.getKey(), v, k.held);
            k.touched = false;
        }
        long now = clock.getAsLong();
        post(() -> events.layer(n, now));
    }

    /**
     * A new track began: the rating knobs' positions are the last track's, so none of them counts for this track
     * until it moves again (the rate button alone then gives no rating), and a pending rest commit is dropped.
     */
    public synchronized void newTrack() {
        newTrack(-1);
    }

    /** {@link #newTrack()} naming the track, which the ratings given from now on then name (to refuse if stale). */
    public synchronized void newTrack(long trackId) {
        track = trackId;
        for (Map.Entry<Control, Knob> e : knobs.entrySet()) {
            if (e.getKey().isRating()) {
                e.getValue().touched = false;
            }
        }
        overallMovedAt = -1;
    }

    /** {@link #hold} with a rating 1..10 (the middle of its CC band). */
    public void holdRating(Control knob, int rating) {
        hold(knob, ControllerMapping.ccOf(rating));
    }

    /**
     * MIDI-learn: the next CC that changes, or the next note-on, becomes {@code control}'s binding (taken from any
     * control that had it). The future completes on the listener's thread; {@link #mapping()} has the new binding.
     */
    public synchronized CompletableFuture<ControlBinding> learn(Control control) {
        if (learned != null) {
            learned.cancel(false);
        }
        learning = control;
        learned = new CompletableFuture<>();
        return learned;
    }

    /** Messages that matched no control, for diagnostics. */
    public long ignored() {
        return ignored.get();
    }

    @Override
    public void receive(int status, int data1, int data2, long atNanos) {
        int cmd = status & 0xF0;
        int channel = (status & 0x0F) + 1;
        long now = clock.getAsLong();
        if (cmd == Midi.CONTROL_CHANGE) {
            onControl(ControlBinding.cc(channel, data1), data2, now);
        } else if (cmd == Midi.NOTE_ON && data2 > 0) {
            onControl(ControlBinding.note(channel, data1), 127, now);
        } else if ((cmd == Midi.NOTE_OFF || cmd == Midi.NOTE_ON)) {
            onControl(ControlBinding.note(channel, data1), 0, now);
        } else if (cmd == Midi.PROGRAM_CHANGE && status < 0xF0) {
            onProgram(data1);
        } else {
            ignored.incrementAndGet();
        }
    }

    /** A program change: the latest of a burst is reported (once per {@link #REPORT_EVERY_NANOS}). */
    private synchronized void onProgram(int number) {
        program = number & 0x7F;
        schedule();
    }

    private void schedule() {
        if (report == null) {
            report = worker.schedule(this::reportMoves, REPORT_EVERY_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void onControl(ControlBinding b, int value, long now) {
        if (learning != null && (value > 0 || !b.note())) {
            Control c = learning;
            CompletableFuture<ControlBinding> f = learned;
            learning = null;
            learned = null;
            mapping = mapping.with(c, b, layer);
            post(() -> f.complete(b));
            return;
        }
        Integer previous = lastValue.put(b, value);
        Optional<Control> hit = mapping.controlAt(b, layer);
        boolean daw = false;
        if (hit.isEmpty() && !b.note() && b.channel() == DAW_CHANNEL && DAW_CCS.containsKey(b.number())) {
            hit = Optional.of(DAW_CCS.get(b.number()));
            daw = true;
        }
        if (hit.isEmpty()) {
            ignored.incrementAndGet();
            return;
        }
        Control c = hit.get();
        if (daw && dawLevel(c)) {
            boolean on = value >= 64;
            if (previous == null || (previous >= 64) != on) {
                dawSet.put(c, on);
                schedule();
            }
        } else if (c.isButton()) {
            button(c, value >= 64, now);
        } else {
            knob(c, b, value, previous, daw, now);
        }
    }

    private void button(Control c, boolean pressed, long now) {
        boolean wasDown = down.getOrDefault(c, false);
        down.put(c, pressed);
        if (!pressed || wasDown) {
            return; // once per press: only the edge counts
        }
        Long last = lastPress.get(c);
        if (last != null && now - last < BUTTON_DEBOUNCE_NANOS) {
            return;
        }
        lastPress.put(c, now);
        post(() -> events.button(c, now));
        if (c == Control.LAYER) {
            setLayer(3 - layer);
        } else if (c == Control.RATE) {
            commit(true, now);
        } else if (c == Control.PANIC) {
            overallMovedAt = -1;
        }
    }

    /**
     * A knob moved on binding {@code b} (from {@code previous}, null when not seen before). It counts when it is
     * picked up: it has been since the device last held a value for it and the same binding moved it last, or it
     * now crosses (or is in the band of) the value held. The DAW's lanes ({@code absolute}) always count: an
     * automation lane is the value, and a knob that moves after it must pick it up again.
     */
    private void knob(Control c, ControlBinding b, int value, Integer previous, boolean absolute, long now) {
        Knob k = knobs.get(c);
        k.physical = value;
        k.touched = true;
        if (absolute) {
            k.pickedUp = true;
        } else if (!k.pickedUp || k.source != null && !k.source.equals(b)) {
            if (k.held >= 0) {
                boolean crossed = previous != null && (previous - k.held) * (value - k.held) <= 0;
                if (!crossed && !sameBand(c, value, k.held)) {
                    k.pickedUp = false;
                    k.source = b;
                    return;
                }
            }
            k.pickedUp = true;
        }
        k.source = b;
        moved.add(c);
        schedule();
        if (c == Control.OVERALL && mapping.restMs() > 0) {
            overallMovedAt = now;
            if (restCheck == null) {
                restCheck = worker.schedule(this::checkRest, mapping.restMs(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private boolean sameBand(Control c, int a, int b) {
        if (c.isRating()) {
            return ControllerMapping.rating(a) == ControllerMapping.rating(b);
        }
        int bands = knobs.get(c).bands;
        return bands > 1 ? a * bands / 128 == b * bands / 128 : Math.abs(a - b) <= 2;
    }

    /** Reports the latest value of each knob that moved since the last report (outside the lock). */
    private void reportMoves() {
        Map<Control, Integer> values = new EnumMap<>(Control.class);
        Map<Control, Boolean> sets;
        int pc;
        long now;
        synchronized (this) {
            report = null;
            now = clock.getAsLong();
            for (Control c : moved) {
                Knob k = knobs.get(c);
                values.put(c, k.physical);
                k.reported = k.physical;
            }
            moved.clear();
            sets = new EnumMap<>(Control.class);
            sets.putAll(dawSet);
            dawSet.clear();
            pc = program;
            program = -1;
        }
        if (!values.isEmpty()) {
            events.knobs(values, now);
        }
        for (Map.Entry<Control, Boolean> e : sets.entrySet()) {
            events.set(e.getKey(), e.getValue(), now);
        }
        if (pc >= 0) {
            events.program(pc, now);
        }
    }

    /** The rest rule: one check pending at most; it commits once the knob has been still for restMs. */
    private synchronized void checkRest() {
        restCheck = null;
        if (overallMovedAt < 0) {
            return;
        }
        long now = clock.getAsLong();
        long quietFor = now - overallMovedAt;
        long rest = TimeUnit.MILLISECONDS.toNanos(mapping.restMs());
        if (quietFor >= rest) {
            commit(false, now);
        } else {
            restCheck = worker.schedule(this::checkRest, rest - quietFor, TimeUnit.NANOSECONDS);
        }
    }

    private void commit(boolean byButton, long now) {
        overallMovedAt = -1;
        OptionalInt overall = live(Control.OVERALL);
        if (overall.isEmpty()) {
            return; // the rate button with no overall rating known: the device may use the panel's
        }
        java.util.Map<org.hitlmidi.music.Part, Integer> parts = new EnumMap<>(org.hitlmidi.music.Part.class);
        for (Control c : Control.values()) {
            if (c.part().isPresent()) {
                OptionalInt v = live(c);
                if (v.isPresent()) {
                    parts.put(c.part().get(), v.getAsInt());
                }
            }
        }
        RatingGesture g = new RatingGesture(overall.getAsInt(), live(Control.MUSICALITY), live(Control.NOVELTY),
                live(Control.COHERENCE), parts, byButton, now, track);
        post(() -> events.rating(g));
    }

    private OptionalInt live(Control c) {
        Knob k = knobs.get(c);
        return k.pickedUp && k.touched && k.physical >= 0 && mapping.binds(c)
                ? OptionalInt.of(ControllerMapping.rating(k.physical)) : OptionalInt.empty();
    }

    private void post(Runnable r) {
        queued.incrementAndGet();
        worker.execute(() -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        });
    }

    /**
     * For tests: returns once the listener's thread has nothing left to run, now or scheduled (every event delivered,
     * no rest check or report pending), or false after {@code timeoutNanos}. Waits on that condition, not for a time.
     */
    boolean awaitIdle(long timeoutNanos) throws InterruptedException {
        ScheduledThreadPoolExecutor w = (ScheduledThreadPoolExecutor) worker;
        long deadline = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < deadline) {
            try {
                w.submit(() -> { }).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return false;
            }
            boolean pending;
            synchronized (this) {
                pending = restCheck != null || report != null;
            }
            if (!pending && w.getQueue().isEmpty()) {
                return true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        return false;
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
