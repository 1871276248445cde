package org.hitlmidi.music;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict, bounded reader of Standard MIDI Files. It never trusts a length: every chunk, variable-length
 * number, meta and SysEx length is checked against what is left, times are bounded, and the work is linear
 * in the file size, so a hostile file gets an {@link SmfException} instead of a hang or an exhausted heap.
 */
final class SmfReader {
    static final int MAX_TRACKS = 1024;
    static final long MAX_TICK = 1L << 31;
    private static final int MAX_VLQ_BYTES = 4;

    /** A channel message as read: absolute tick, status byte (with channel), data bytes. */
    record Event(long tick, int status, int data1, int data2) {
        int command() {
            return status & 0xF0;
        }

        int channel() {
            return status & 0x0F;
        }
    }

    /** What the file holds that tracks need: resolution, first tempo (microseconds per quarter, 0 if none), events. */
    record Contents(int format, int ppq, int tracks, int firstTempo, List<Event> events) {
    }

    private final byte[] b;
    private int pos;

    private SmfReader(byte[] bytes) {
        this.b = bytes;
    }

    static Contents read(byte[] bytes) throws SmfException {
        return new SmfReader(bytes).file();
    }

    private Contents file() throws SmfException {
        if (b.length < 14 || !chunkIs(0, "MThd")) {
            throw new SmfException("not a Standard MIDI File (no MThd header)");
        }
        pos = 4;
        long headerLength = u32();
        if (headerLength < 6 || headerLength > b.length - 8) {
            throw new SmfException("header length " + headerLength + " is impossible");
        }
        int format = u16();
        int declaredTracks = u16();
        int division = u16();
        pos = 8 + (int) headerLength;
        if (format > 2) {
            throw new SmfException("format " + format + " is not 0, 1 or 2");
        }
        if ((division & 0x8000) != 0) {
            throw new SmfException("SMPTE time division is not supported, only ticks per quarter note");
        }
        if (division == 0) {
            throw new SmfException("a time division of 0 ticks per quarter note is impossible");
        }
        if (declaredTracks > MAX_TRACKS) {
            throw new SmfException("the header declares " + declaredTracks + " tracks; at most " + MAX_TRACKS
                    + " are read");
        }
        List<Event> events = new ArrayList<>();
        int[] tempo = {0};
        int tracks = 0;
        while (pos + 8 <= b.length && tracks < declaredTracks) {
            boolean isTrack = chunkIs(pos, "MTrk");
            pos += 4;
            long length = u32();
            if (length > b.length - pos) {
                throw new SmfException("chunk " + (tracks + 1) + " claims " + length + " bytes but only "
                        + (b.length - pos) + " remain (truncated file?)");
            }
            int end = pos + (int) length;
            if (isTrack) {
                track(end, events, tempo, tracks + 1);
                tracks++;
            }
            pos = end; // unknown chunks are skipped, as the standard asks
        }
        if (tracks < declaredTracks) {
            throw new SmfException("the header declares " + declaredTracks + " tracks but the file holds " + tracks
                    + " (truncated file?)");
        }
        return new Contents(format, division, tracks, tempo[0], events);
    }

    private void track(int end, List<Event> out, int[] tempo, int number) throws SmfException {
        long tick = 0;
        int running = 0;
        while (pos < end) {
            long delta = vlq(end, number);
            tick += delta;
            if (tick > MAX_TICK) {
                throw new SmfException("track " + number + ": delta times add up past " + MAX_TICK + " ticks");
            }
            if (pos >= end) {
                throw new SmfException("track " + number + " ends inside an event (truncated)");
            }
            int status = b[pos] & 0xFF;
            if (status == 0xFF) {
                pos++;
                int type = byteAt(end, number);
                long len = vlq(end, number);
                if (len > end - pos) {
                    throw new SmfException("track " + number + ": meta event of " + len + " bytes overruns the track");
                }
                if (type == 0x51 && len == 3 && tempo[0] == 0) {
                    int mpq = ((b[pos] & 0xFF) << 16) | ((b[pos + 1] & 0xFF) << 8) | (b[pos + 2] & 0xFF);
                    tempo[0] = mpq;
                }
                pos += (int) len;
                running = 0; // meta events cancel running status
                if (type == 0x2F) {
                    return;
                }
            } else if (status == 0xF0 || status == 0xF7) {
                pos++;
                long len = vlq(end, number);
                if (len > end - pos) {
                    throw new SmfException("track " + number + ": SysEx of " + len + " bytes overruns the track");
                }
                pos += (int) len;
                running = 0; // and so do SysEx events
            } else if (status >= 0xF1) {
                throw new SmfException("track " + number + ": system message 0x" + Integer.toHexString(status)
                        + " is not allowed in a file");
            } else {
                if (status >= 0x80) {
                    running = status;
                    pos++;
                } else if (running == 0) {
                    throw new SmfException("track " + number + ": data byte 0x" + Integer.toHexString(status)
                            + " with no running status (after a meta or SysEx event, or at the start)");
                }
                int cmd = running & 0xF0;
                int d1 = data(end, number);
                int d2 = (cmd == 0xC0 || cmd == 0xD0) ? 0 : data(end, number);
                out.add(new Event(tick, running, d1, d2));
            }
        }
    }

    private int data(int end, int track) throws SmfException {
        int v = byteAt(end, track);
        if (v > 0x7F) {
            throw new SmfException("track " + track + ": data byte 0x" + Integer.toHexString(v) + " has its top bit set");
        }
        return v;
    }

    private int byteAt(int end, int track) throws SmfException {
        if (pos >= end) {
            throw new SmfException("track " + track + " ends inside an event (truncated)");
        }
        return b[pos++] & 0xFF;
    }

    private long vlq(int end, int track) throws SmfException {
        long v = 0;
        for (int i = 0; i < MAX_VLQ_BYTES; i++) {
            int c = byteAt(end, track);
            v = (v << 7) | (c & 0x7F);
            if ((c & 0x80) == 0) {
                return v;
            }
        }
        throw new SmfException("track " + track + ": a variable-length number is longer than 4 bytes");
    }

    private boolean chunkIs(int at, String id) {
        return at + 4 <= b.length && b[at] == id.charAt(0) && b[at + 1] == id.charAt(1) && b[at + 2] == id.charAt(2)
                && b[at + 3] == id.charAt(3);
    }

    private int u16() {
        int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    private long u32() {
        long v = ((long) (b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }
}
