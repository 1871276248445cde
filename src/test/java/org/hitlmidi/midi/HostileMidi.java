package org.hitlmidi.midi;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded raw MIDI input as a broken or hostile sender makes it, built from pieces whose meaning is known by
 * construction (so the expected messages are not computed by the parser under test): whole messages, real-time
 * bytes dropped into them, SysEx with and without an end, messages cut short, stray data bytes, undefined status
 * bytes and running status. Song position (0xF2) is never made: a test may tag events with it.
 */
final class HostileMidi {
    /** One raw event and the messages (status, data1, data2) it must yield, in order. */
    record Event(byte[] bytes, List<int[]> expected) {
    }

    /** How many of each piece went in, for the figures. */
    static final class Counts {
        int messages;
        int realtime;
        int sysexWithEnd;
        int sysexWithoutEnd;
        int cut;
        int stray;
        int undefined;
        int runningStatus;
    }

    private static final int[] REALTIME = {0xF8, 0xFA, 0xFB, 0xFC, 0xFE, 0xFF};

    private HostileMidi() {
    }

    private static int data(SplittableRandom r) {
        return r.nextInt(0x80);
    }

    /** A channel or system common message with its data bytes. */
    private static int[] message(SplittableRandom r) {
        int kind = r.nextInt(10);
        if (kind < 7) {
            int[] cmds = {0x80, 0x90, 0xA0, 0xB0, 0xC0, 0xD0, 0xE0};
            int st = cmds[r.nextInt(cmds.length)] | r.nextInt(16);
            int len = Midi.length(st);
            return len == 2 ? new int[] {st, data(r)} : new int[] {st, data(r), data(r)};
        }
        return switch (kind) {
            case 7 -> new int[] {0xF6}; // 0xF2 (song position) is left to tag events with
            case 8 -> new int[] {r.nextBoolean() ? 0xF1 : 0xF3, data(r)};
            default -> new int[] {0xF6};
        };
    }

    private static int[] asExpected(int[] m) {
        return new int[] {m[0], m.length > 1 ? m[1] : 0, m.length > 2 ? m[2] : 0};
    }

    /** An event of 1..maxPieces pieces. */
    static Event event(SplittableRandom r, int maxPieces, Counts c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<int[]> expected = new ArrayList<>();
        int pieces = r.nextInt(1, maxPieces + 1);
        if (r.nextInt(8) == 0) { // the tail of an earlier SysEx, or noise: data bytes before any status
            for (int i = r.nextInt(1, 20); i > 0; i--) {
                out.write(data(r));
            }
            c.stray++;
        }
        for (int p = 0; p < pieces; p++) {
            boolean last = p == pieces - 1;
            int kind = r.nextInt(12);
            if (kind < 4) { // a whole message, maybe with a real-time byte inside it
                int[] m = message(r);
                int at = m.length > 1 && r.nextBoolean() ? r.nextInt(1, m.length) : -1;
                for (int i = 0; i < m.length; i++) {
                    if (i == at) {
                        int rt = REALTIME[r.nextInt(REALTIME.length)];
                        out.write(rt);
                        expected.add(new int[] {rt, 0, 0});
                        c.realtime++;
                    }
                    out.write(m[i]);
                }
                expected.add(asExpected(m));
                c.messages++;
                if (m[0] < 0xF0 && r.nextInt(4) == 0) { // running status: more data for the same status
                    int len = Midi.length(m[0]);
                    int d1 = data(r);
                    int d2 = data(r);
                    out.write(d1);
                    if (len == 3) {
                        out.write(d2);
                    }
                    expected.add(new int[] {m[0], d1, len == 3 ? d2 : 0});
                    c.runningStatus++;
                }
            } else if (kind < 6) { // a real-time byte on its own, or an undefined one
                if (r.nextInt(5) == 0) {
                    out.write(r.nextBoolean() ? 0xF9 : 0xFD);
                    c.undefined++;
                } else {
                    int rt = REALTIME[r.nextInt(REALTIME.length)];
                    out.write(rt);
                    expected.add(new int[] {rt, 0, 0});
                    c.realtime++;
                }
            } else if (kind < 9) { // SysEx, maybe with real-time bytes inside, maybe without its end
                out.write(0xF0);
                for (int i = r.nextInt(0, 300); i > 0; i--) {
                    if (r.nextInt(50) == 0) {
                        int rt = REALTIME[r.nextInt(REALTIME.length)];
                        out.write(rt);
                        expected.add(new int[] {rt, 0, 0});
                        c.realtime++;
                    } else {
                        out.write(data(r));
                    }
                }
                if (r.nextBoolean()) {
                    out.write(0xF7);
                    c.sysexWithEnd++;
                } else {
                    c.sysexWithoutEnd++; // ended by the next status byte, or by the end of the event
                }
            } else if (kind < 11) { // a message cut short: the next piece starts with a status byte, or the event ends
                int[] m = message(r);
                if (m.length == 1) {
                    continue;
                }
                for (int i = 0; i < m.length - 1; i++) {
                    out.write(m[i]);
                }
                c.cut++;
                if (!last) {
                    int[] next = message(r); // a status byte other than real-time comes next
                    for (int b : next) {
                        out.write(b);
                    }
                    expected.add(asExpected(next));
                    c.messages++;
                }
            } else { // an undefined system common status byte, then a status byte
                out.write(r.nextBoolean() ? 0xF4 : 0xF5);
                c.undefined++;
            }
            if (kind >= 11 || (kind >= 6 && kind < 9)) {
                // an undefined status or a SysEx cancels running status: stray data after them is nobody's
                if (r.nextInt(6) == 0) {
                    out.write(data(r));
                    c.stray++;
                }
            }
        }
        return new Event(out.toByteArray(), expected);
    }
}
