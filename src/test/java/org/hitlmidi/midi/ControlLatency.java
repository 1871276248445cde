package org.hitlmidi.midi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Control change -> the first note that reflects it, read at a reading client by frame ({@code bench timing}'s
 * {@code controlToNote}). The player marks every switch to a new track, or to the same one at a new tempo or feel,
 * with the track's program changes on the switch's frame (a loop's later rounds carry none), so the change is
 * heard from the first program change at or after the frame the control left at, and the first note that
 * reflects it is the first note-on (velocity above 0) at or after that line: what the old loop struck before the
 * line and the note-offs on it are the old material.
 */
public final class ControlLatency {
    private ControlLatency() {
    }

    /** Messages as a reading client got them, in order: its frame counter and the message bytes. */
    public interface Events {
        int count();

        long frame(int i);

        int status(int i);

        int data1(int i);

        int data2(int i);
    }

    /** A {@link JackProbeClient}'s messages. */
    public static Events of(JackProbeClient r) {
        return new Events() {
            @Override
            public int count() {
                return r.count();
            }

            @Override
            public long frame(int i) {
                return r.frame(i);
            }

            @Override
            public int status(int i) {
                return r.status(i);
            }

            @Override
            public int data1(int i) {
                return r.data1(i);
            }

            @Override
            public int data2(int i) {
                return r.data2(i);
            }
        };
    }

    /**
     * What one control change led to, in frames after the one it left at.
     *
     * @param line the switch (the first program change at or after it)
     * @param note the first note-on at or after the switch
     */
    public record Result(long line, long note) {
    }

    /**
     * The switch and the first note of the change sent at {@code sentFrame}, looking at the messages from index
     * {@code from} on; empty while they have not both arrived. JACK's frame counter is 32 bits: differences wrap.
     */
    public static Optional<Result> find(Events e, int from, long sentFrame) {
        int n = e.count();
        int i = from;
        long line = -1;
        for (; i < n; i++) {
            long d = since(e.frame(i), sentFrame);
            if (d >= 0 && (e.status(i) & 0xF0) == Midi.PROGRAM_CHANGE) {
                line = d;
                break;
            }
        }
        if (line < 0) {
            return Optional.empty();
        }
        for (; i < n; i++) {
            long d = since(e.frame(i), sentFrame);
            if (d >= line && (e.status(i) & 0xF0) == Midi.NOTE_ON && e.data2(i) > 0) {
                return Optional.of(new Result(line, d));
            }
        }
        return Optional.empty();
    }

    /** Frames from {@code from} to {@code frame} on JACK's 32-bit counter. */
    static long since(long frame, long from) {
        return ((frame - from) << 32) >> 32;
    }

    /**
     * The figures of a set of changes: count, and for the first note (and for the line) p50 and p99 in frames,
     * ms and bars (each change's in frames of the bar that played when its control moved, {@code barFrames}, in
     * the same order). Nearest-rank percentiles, each figure's own (the p99 in bars is the 99th of the bars).
     */
    public static ObjectNode summary(List<Result> results, List<Double> barFrames, int rate) {
        if (barFrames.size() != results.size()) {
            throw new IllegalArgumentException(results.size() + " results, " + barFrames.size() + " bar lengths");
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("count", results.size());
        if (results.isEmpty()) {
            return o;
        }
        put(o, "firstNote", results.stream().mapToLong(Result::note).toArray(), barFrames, rate);
        put(o, "line", results.stream().mapToLong(Result::line).toArray(), barFrames, rate);
        return o;
    }

    private static void put(ObjectNode o, String what, long[] frames, List<Double> barFrames, int rate) {
        long[] sorted = frames.clone();
        java.util.Arrays.sort(sorted);
        double[] bars = new double[frames.length];
        for (int i = 0; i < frames.length; i++) {
            bars[i] = frames[i] / barFrames.get(i);
        }
        java.util.Arrays.sort(bars);
        for (int p : new int[] {50, 99}) {
            long f = percentile(sorted, p);
            o.put(what + "P" + p + "Frames", f);
            o.put(what + "P" + p + "Ms", Math.round(f * 1e6 / rate) / 1000.0);
            o.put(what + "P" + p + "Bars", Math.round(bars[rank(bars.length, p)] * 1000) / 1000.0);
        }
        o.put(what + "MaxMs", Math.round(sorted[sorted.length - 1] * 1e6 / rate) / 1000.0);
    }

    /** The nearest-rank percentile {@code p} (1..100) of sorted values: the smallest with p% at or below it. */
    static long percentile(long[] sorted, int p) {
        return sorted[rank(sorted.length, p)];
    }

    private static int rank(int n, int p) {
        int rank = (int) Math.ceil(p / 100.0 * n);
        return Math.max(0, Math.min(n - 1, rank - 1));
    }
}
