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

    public static TrackKey of(Track t) {
        int n = t.melody().size();
        int m = t.percussion().size();
        byte[] b = new byte[4 + 3 * n + m];
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
        return new TrackKey(b);
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
