package org.hitlmidi.midi.porthost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rate-limits the port host's stderr on its way into the device's log (issue 13): while a JACK server stays down,
 * libjack says the same few lines about five times a second ("Cannot connect to server socket err = No such file or
 * directory", "jack server is not running or cannot be started", ...), which filled `device.log` with hundreds of
 * lines a minute. Each kind of line (its text with the numbers taken out) passes at most {@link #BURST} times per
 * {@link #WINDOW_NANOS}; the rest are counted, and when the window ends one line says how many of each were left out.
 * Not thread-safe: one reader thread owns it.
 */
final class StderrLimiter {
    static final int BURST = 3;
    static final long WINDOW_NANOS = 60_000_000_000L;

    private static final class Kind {
        final String example;
        int passed;
        int dropped;

        Kind(String example) {
            this.example = example;
        }
    }

    private final Map<String, Kind> kinds = new LinkedHashMap<>();
    private long windowStart;
    private boolean started;

    /** The lines to write now for {@code line}, read at {@code now} (a summary of the last window may come first). */
    List<String> accept(String line, long now) {
        List<String> out = new ArrayList<>(tick(now));
        Kind k = kinds.computeIfAbsent(kindOf(line), x -> new Kind(line));
        if (k.passed < BURST) {
            k.passed++;
            out.add(line);
        } else {
            k.dropped++;
        }
        return out;
    }

    /** Ends the window when it is over: the summary of what was left out in it (nothing when nothing was). */
    List<String> tick(long now) {
        if (!started) {
            started = true;
            windowStart = now;
            return List.of();
        }
        if (now - windowStart < WINDOW_NANOS) {
            return List.of();
        }
        List<String> out = summary();
        kinds.clear();
        windowStart = now;
        return out;
    }

    /** What was left out so far in this window, one line per kind; the counts start again. */
    List<String> summary() {
        List<String> out = new ArrayList<>();
        for (Kind k : kinds.values()) {
            if (k.dropped > 0) {
                out.add("port host: " + k.dropped + " more line(s) like \"" + k.example + "\" in the last "
                        + WINDOW_NANOS / 1_000_000_000L + " s left out");
                k.dropped = 0;
            }
        }
        return out;
    }

    /** A line with its numbers (pids, error codes, times) taken out: the lines libjack repeats are one kind. */
    static String kindOf(String line) {
        return line.replaceAll("[0-9]+", "#").strip();
    }
}
