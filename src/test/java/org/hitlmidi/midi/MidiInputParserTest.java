package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MidiInputParserTest {
    private static List<int[]> parse(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        List<int[]> got = new ArrayList<>();
        int n = MidiInputParser.parse(b, b.length, (st, d1, d2) -> got.add(new int[] {st, d1, d2}));
        assertThat(n).isEqualTo(got.size());
        return got;
    }

    @Test
    void aClockByteInsideAControlChangeStandsAloneAndLeavesItWhole() {
        // read naively as three bytes, this is CC 120 (all sound off) on channel 1
        assertThat(parse(0xB0, 0xF8, 0x07)).containsExactly(new int[] {0xF8, 0, 0});
        assertThat(parse(0xB0, 0xF8, 0x07, 0x64)).containsExactly(new int[] {0xF8, 0, 0}, new int[] {0xB0, 7, 100});
    }

    @Test
    void aTuneRequestIsOneByteCountedOnceAndCancelsRunningStatus() {
        assertThat(parse(0xF6)).containsExactly(new int[] {0xF6, 0, 0});
        assertThat(parse(0x90, 60, 100, 0xF6, 61, 100)).containsExactly(new int[] {0x90, 60, 100},
                new int[] {0xF6, 0, 0});
    }

    @Test
    void aSysExWithoutAnEndEndsAtTheNextStatusByte() {
        assertThat(parse(0xF0, 0x43, 0x10, 0x4C, 0x90, 60, 100)).containsExactly(new int[] {0x90, 60, 100});
        assertThat(parse(0xF0, 0x43, 0x10)).isEmpty();
        assertThat(parse(0x10, 0x20, 0xF7)).as("the tail of a SysEx in a later event").isEmpty();
    }

    @Test
    void cutMessagesStrayDataAndUndefinedBytesYieldNothing() {
        assertThat(parse(0x90, 60, 0x80, 60, 0)).containsExactly(new int[] {0x80, 60, 0});
        assertThat(parse(0xF4, 1, 2, 0xF9, 0xFD, 0xF5)).isEmpty();
        assertThat(parse(0xC3, 5, 6)).as("running status").containsExactly(new int[] {0xC3, 5, 0}, new int[] {0xC3, 6, 0});
        assertThat(parse(0xF2, 1, 2, 3, 4)).as("no running status for system common")
                .containsExactly(new int[] {0xF2, 1, 2});
    }

    @Test
    void seededHostileEventsYieldExactlyTheMessagesPutInThem() {
        SplittableRandom r = new SplittableRandom(0x51DE_0007L);
        HostileMidi.Counts c = new HostileMidi.Counts();
        long bytes = 0;
        for (int i = 0; i < 20_000; i++) {
            HostileMidi.Event e = HostileMidi.event(r, 8, c);
            List<int[]> got = new ArrayList<>();
            MidiInputParser.parse(e.bytes(), e.bytes().length, (st, d1, d2) -> got.add(new int[] {st, d1, d2}));
            assertThat(got).as("event %d: %s", i, java.util.HexFormat.ofDelimiter(" ").formatHex(e.bytes()))
                    .containsExactlyElementsOf(e.expected());
            bytes += e.bytes().length;
        }
        assertThat(c.sysexWithoutEnd).isPositive();
        assertThat(c.realtime).isPositive();
        assertThat(c.cut).isPositive();
        System.out.printf("midi input parser: 20000 hostile events (%d bytes): %d messages, %d real-time bytes inside or "
                + "between, %d SysEx with end, %d without, %d cut messages, %d stray data runs, %d undefined bytes, "
                + "%d running-status messages; every one as built%n", bytes, c.messages, c.realtime, c.sysexWithEnd,
                c.sysexWithoutEnd, c.cut, c.stray, c.undefined, c.runningStatus);
    }
}
