package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.midi.Midi;
import org.hitlmidi.music.KeyFinder;
import org.hitlmidi.music.Pitches;

/**
 * Key follow: notes played into the device's input (a keyboard, a DAW's track) set its key. A rolling pitch-class
 * histogram of the notes heard, each weighted by how long it sounded and fading with a time constant of a few bars,
 * goes to the Krumhansl-Kessler key finder ({@link KeyFinder#ofHistogram}). Hysteresis, so one passing note never
 * switches: a new key must be the finder's best, beat the key in force by {@link #MARGIN} in correlation, with
 * enough notes heard ({@link #MIN_BEATS}), for {@link #HOLD_BARS} bars in a row; then {@code onKey} is told
 * (off the input's thread: the caller's executor), and the device's next loop moves there on its next bar line.
 *
 * <p>Channel 10 (drums) is not a key. Thread-safe: the input thread feeds it, requests switch it and read it.
 */
final class KeyFollower {
    /** Time constant of the fading, in bars: notes of the last few bars count, older ones fade away. */
    static final double WINDOW_BARS = 4;
    /** Correlation a new key needs over the key in force. */
    static final double MARGIN = 0.1;
    /** How long a new key must stay the best before it is taken, in bars. */
    static final double HOLD_BARS = 1;
    /** Beats of notes (fading) that must be heard before any key is taken. */
    static final double MIN_BEATS = 4;

    private final BiConsumer<Integer, Boolean> onKey;
    // guarded by this
    private boolean on;
    private double bpm = 120;
    private final double[] hist = new double[12];
    private long histAt;
    /** Per channel and key: when the sounding note began (port clock), or 0. */
    private final long[] since = new long[16 * 128];
    private int tonic = -1;
    private boolean minor;
    private int candTonic = -1;
    private boolean candMinor;
    private long candSince;
    private KeyFinder.Key last;

    /** @param onKey told of a new key: its tonic pitch class 0..11 and whether it is minor */
    KeyFollower(BiConsumer<Integer, Boolean> onKey) {
        this.onKey = onKey;
    }

    synchronized boolean on() {
        return on;
    }

    /** Switches following on or off; off forgets what was heard. */
    synchronized void setOn(boolean v) {
        on = v;
        if (!v) {
            java.util.Arrays.fill(hist, 0);
            java.util.Arrays.fill(since, 0);
            candTonic = -1;
            last = null;
        }
    }

    /** The key the device is in now (as set by anyone), so a key is taken only when it differs. */
    synchronized void keyInForce(int tonicPc, boolean isMinor) {
        tonic = tonicPc;
        minor = isMinor;
    }

    /** The tempo bars are counted at. */
    synchronized void tempo(double beatsPerMinute) {
        bpm = beatsPerMinute;
    }

    /** A message of the input; notes count, the rest is ignored. */
    void receive(int status, int data1, int data2, long atNanos) {
        int type = status & 0xF0;
        int ch = status & 0x0F;
        if (ch == 9 || type != Midi.NOTE_ON && type != Midi.NOTE_OFF) {
            return;
        }
        boolean noteOn = type == Midi.NOTE_ON && data2 > 0;
        int[] found = null;
        synchronized (this) {
            if (!on) {
                return;
            }
            int k = ch * 128 + (data1 & 0x7F);
            fade(atNanos);
            if (noteOn) {
                if (since[k] == 0) {
                    since[k] = Math.max(1, atNanos);
                }
            } else if (since[k] != 0) {
                hist[(data1 & 0x7F) % 12] += Math.max(0.05, (atNanos - since[k]) / beatNanos());
                since[k] = 0;
            }
            found = decide(atNanos);
        }
        if (found != null) {
            onKey.accept(found[0], found[1] == 1);
        }
    }

    private double beatNanos() {
        return 60e9 / bpm;
    }

    /** Fades the histogram to {@code at} (lock held). */
    private void fade(long at) {
        if (histAt != 0 && at > histAt) {
            double k = Math.exp(-(at - histAt) / (WINDOW_BARS * 4 * beatNanos()));
            for (int i = 0; i < 12; i++) {
                hist[i] *= k;
            }
        }
        histAt = Math.max(histAt, at);
    }

    /** The histogram now: what faded so far plus the notes still sounding, up to {@code at} (lock held). */
    private double[] now(long at) {
        double[] h = hist.clone();
        for (int k = 0; k < since.length; k++) {
            if (since[k] != 0 && at > since[k]) {
                h[(k & 0x7F) % 12] += (at - since[k]) / beatNanos();
            }
        }
        return h;
    }

    /** The key to take now, as {tonic, minor 0/1}, or null (lock held). */
    private int[] decide(long at) {
        double[] h = now(at);
        double total = 0;
        for (double x : h) {
            total += x;
        }
        KeyFinder.Key best = KeyFinder.ofHistogram(h);
        last = best;
        if (total < MIN_BEATS || best.tonic() == tonic && best.minor() == minor) {
            candTonic = -1;
            return null;
        }
        double held = tonic < 0 ? -1 : KeyFinder.correlation(h, tonic, minor);
        if (best.correlation() < held + MARGIN) {
            candTonic = -1;
            return null;
        }
        if (best.tonic() != candTonic || best.minor() != candMinor) {
            candTonic = best.tonic();
            candMinor = best.minor();
            candSince = at;
            return null;
        }
        if (at - candSince < HOLD_BARS * 4 * beatNanos()) {
            return null;
        }
        tonic = candTonic;
        minor = candMinor;
        candTonic = -1;
        return new int[] {tonic, minor ? 1 : 0};
    }

    /** {@code follow} {key, heard: the finder's best now {key, correlation}, candidate}. */
    synchronized ObjectNode json() {
        ObjectNode o = Protocol.nodes().objectNode().put("key", on);
        if (last != null) {
            o.putObject("heard").put("key", name(last.tonic(), last.minor()))
                    .put("correlation", Math.round(last.correlation() * 1000) / 1000.0);
        }
        if (candTonic >= 0) {
            o.put("candidate", name(candTonic, candMinor));
        }
        return o;
    }

    static String name(int tonicPc, boolean isMinor) {
        return Pitches.name(60 + tonicPc).replaceAll("-?\\d+$", "") + (isMinor ? " minor" : " major");
    }

    static String scaleName(boolean isMinor) {
        return (isMinor ? "minor" : "major").toLowerCase(Locale.ROOT);
    }
}
