package org.hitlmidi.midi;

/**
 * Where the time of a rating's path goes (issue 13 item 5, {@code bench timing}): the time from an input event's
 * frame to each stage the device passes on its way to the next track's first event, on the port's clock. Off unless
 * a bench turns it on; one path at a time (each input begins a new one, each stage keeps its first mark after it).
 */
public final class PathTrace {
    /** The stages, in the order a rating passes them. */
    public enum Stage {
        /** The device read the input event from its port (the host's callback, its pipe and our reader's wake-up). */
        INPUT,
        /** The controller listener's thread hands the rating to the device. */
        LISTENER,
        /** The device's lock is taken, the rating begins. */
        LOCKED,
        /** The learner as it was is kept (for an undo of this rating). */
        KEPT,
        /** The learner learned the rating (the write goes on beside it). */
        LEARNED,
        /** The next track is chosen (the candidates made ahead scored). */
        PROPOSED,
        /** The player is asked to play it (its start chosen). */
        PLAY,
        /** The first event of it is handed to the port. */
        SENT,
        /** It left for the port host (written and flushed to its pipe). */
        WRITTEN
    }

    private static volatile boolean enabled;
    private static volatile MidiPort clockOf;
    private static volatile long begun = Long.MIN_VALUE;
    private static final long[] at = new long[Stage.values().length];
    /** The marking thread's CPU time at each stage (what the stage cost, whatever the machine's load). */
    private static final long[] cpu = new long[Stage.values().length];
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private static volatile long start = Long.MIN_VALUE;

    private static final java.util.concurrent.ConcurrentHashMap<String, Long> counts =
            new java.util.concurrent.ConcurrentHashMap<>();

    private PathTrace() {
    }

    /** Counts something a path met (e.g. candidates not made ahead yet), while tracing. */
    public static void count(String what) {
        if (enabled) {
            counts.merge(what, 1L, Long::sum);
        }
    }

    /** What {@link #count} counted since tracing was turned on. */
    public static java.util.Map<String, Long> counts() {
        return new java.util.TreeMap<>(counts);
    }

    /** Turns tracing on (a bench) or off, forgetting what was traced. */
    public static synchronized void enable(boolean on) {
        enabled = on;
        counts.clear();
        begun = Long.MIN_VALUE;
        java.util.Arrays.fill(at, Long.MIN_VALUE);
    }

    public static boolean enabled() {
        return enabled;
    }

    /** An input event at {@code atNanos} (the port's clock) came in: a new path begins. */
    public static void begin(MidiPort port, long atNanos) {
        if (!enabled) {
            return;
        }
        synchronized (PathTrace.class) {
            clockOf = port;
            begun = atNanos;
            start = Long.MIN_VALUE;
            java.util.Arrays.fill(at, Long.MIN_VALUE);
            java.util.Arrays.fill(cpu, Long.MIN_VALUE);
        }
        mark(Stage.INPUT);
    }

    /** The path reached {@code s} now (the first time since it began). */
    public static void mark(Stage s) {
        if (!enabled) {
            return;
        }
        MidiPort p = clockOf;
        if (p == null) {
            return;
        }
        long now = p.nowNanos();
        long cpuNow = THREADS.getCurrentThreadCpuTime();
        synchronized (PathTrace.class) {
            if (begun != Long.MIN_VALUE && at[s.ordinal()] == Long.MIN_VALUE) {
                at[s.ordinal()] = now - begun;
                cpu[s.ordinal()] = cpuNow;
            }
        }
    }

    /** The start chosen for what the path plays (the port's clock). */
    public static void started(long startNanos) {
        if (enabled) {
            synchronized (PathTrace.class) {
                if (begun != Long.MIN_VALUE && start == Long.MIN_VALUE) {
                    start = startNanos - begun;
                }
            }
        }
    }

    /** Whether a path is under way and has not yet reached {@code s}. */
    public static boolean awaits(Stage s) {
        if (!enabled) {
            return false;
        }
        synchronized (PathTrace.class) {
            return begun != Long.MIN_VALUE && at[s.ordinal()] == Long.MIN_VALUE;
        }
    }

    /**
     * The CPU time the thread that marked both spent from stage {@code from} to {@code to} of the last path (they are
     * marked on one thread: LOCKED to PLAY), or Long.MIN_VALUE.
     */
    public static synchronized long cpuBetween(Stage from, Stage to) {
        long a = cpu[from.ordinal()];
        long b = cpu[to.ordinal()];
        return a == Long.MIN_VALUE || b == Long.MIN_VALUE ? Long.MIN_VALUE : b - a;
    }

    /**
     * The last path: nanoseconds from the input's time to each stage (Long.MIN_VALUE for one not reached), then the
     * start chosen, from the input's time.
     */
    public static synchronized long[] last() {
        long[] r = java.util.Arrays.copyOf(at, at.length + 1);
        r[at.length] = start;
        return r;
    }
}
