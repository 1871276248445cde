package org.hitlmidi.learn;

import java.util.Arrays;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;

/**
 * The paper's state: the whole track array (every melody pitch and duration, every percussion key), packed
 * into bytes so that equal tracks give equal keys and the key costs tens of bytes, not an object graph.
 * Velocity and tempo are not part of the paper's state.
 */
public final class TrackKey {
    /** Durations are kept in 1/960 beat, exact for the paper's quarter steps and any SMF resolution up to 960. */
    static final int DURATION_UNITS = 960;
    private final byte[] bytes;
    private final int hash;

    private TrackKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The key's bytes (a copy), as a learner snapshot stores them. */
    byte[] bytes() {
        return bytes.clone();
    }

    /** A key read back from {@link #bytes()}. */
    static TrackKey ofBytes(byte[] b) {
        return new TrackKey(b.clone());
    }

    public static TrackKey of(Track t) {
        int n = t.melody().size();
        int m = t.percussion().size();
        boolean barred = t.arrangement().barred();
        byte[] b = new byte[4 + 3 * n + m + (barred ? 8 : 0)];
        int p = 0;
        b[p++] = (byte) (n >> 8);
        b[p++] = (byte) n;
        for (Note note : t.melody()) {
            int d = (int) Math.round(note.duration() * DURATION_UNITS);
            b[p++] = (byte) note.pitch();
            b[p++] = (byte) (d >> 8);
            b[p++] = (byte) d;
        }
        b[p++] = (byte) (m >> 8);
        b[p++] = (byte) m;
        for (DrumHit h : t.percussion()) {
            b[p++] = (byte) h.key();
        }
        if (barred) { // a composed track is also its accompaniment and where its drums fall
            long h = accompaniment(t);
            for (int k = 0; k < 8; k++) {
                b[p++] = (byte) (h >>> (8 * k));
            }
        }
        return new TrackKey(b);
    }

    private static long accompaniment(Track t) {
        long h = 0xcbf29ce484222325L;
        for (org.hitlmidi.music.PartNote n : t.arrangement().bass()) {
            h = (h ^ (n.pitch() * 31L + Math.round(n.start() * DURATION_UNITS))) * 0x100000001b3L;
        }
        h = (h ^ 0x55) * 0x100000001b3L;
        for (org.hitlmidi.music.PartNote n : t.arrangement().chords()) {
            h = (h ^ (n.pitch() * 31L + Math.round(n.start() * DURATION_UNITS))) * 0x100000001b3L;
        }
        h = (h ^ 0xAA) * 0x100000001b3L;
        for (DrumHit d : t.percussion()) {
            h = (h ^ Math.round(d.beat() * DURATION_UNITS)) * 0x100000001b3L;
        }
        return h;
    }

    /** Number of melody notes of the state, i.e. the note indices its actions address. */
    public int notes() {
        return ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
    }

    public int byteSize() {
        return bytes.length;
    }

    /** Readable: "60:0.5 62:1.0 | 38 35 ..." (pitch:beats per note, then the drum keys). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int n = notes();
        int p = 2;
        for (int i = 0; i < n; i++, p += 3) {
            int d = ((bytes[p + 1] & 0xFF) << 8) | (bytes[p + 2] & 0xFF);
            sb.append(bytes[p] & 0xFF).append(':').append(d / (double) DURATION_UNITS).append(' ');
        }
        sb.append('|');
        for (p += 2; p < bytes.length; p++) {
            sb.append(' ').append(bytes[p] & 0xFF);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrackKey k && k.hash == hash && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
