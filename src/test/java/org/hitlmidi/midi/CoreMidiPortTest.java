package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The CoreMIDI backend's logic against a fake of its native seam (CoreMIDI exists only on macOS). */
class CoreMidiPortTest {
    /** Host time in ticks of 41.666 ns (24 MHz, an Apple-silicon timebase of 125/3), offset from nanoTime. */
    static final class FakeCoreMidi implements CoreMidi {
        static final double NANOS_PER_TICK = 125.0 / 3;
        final List<long[]> sent = new CopyOnWriteArrayList<>(); // hostTime, length, b0, b1, b2
        final long offset = 123_456_789_000L;
        Input input;
        String name;
        boolean closed;

        @Override
        public void open(String n, Input in) {
            name = n;
            input = in;
        }

        @Override
        public long hostTime() {
            return Math.round((System.nanoTime() + offset) / NANOS_PER_TICK);
        }

        @Override
        public double nanosPerTick() {
            return NANOS_PER_TICK;
        }

        @Override
        public void send(long hostTime, byte[] data, int length) {
            sent.add(new long[] {hostTime, length, data[0] & 0xFF, length > 1 ? data[1] : 0, length > 2 ? data[2] : 0});
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void timesBecomeHostTimeAtTheBoundary() throws Exception {
        FakeCoreMidi f = new FakeCoreMidi();
        try (CoreMidiPort port = new CoreMidiPort(f, "hitl-midi")) {
            assertThat(f.name).isEqualTo("hitl-midi");
            long t = System.nanoTime() + 500_000_000;
            port.send(Midi.NOTE_ON, 60, 100, t);
            port.send(Midi.NOTE_OFF, 60, 0, t + 250_000_000);
            port.send(Midi.CLOCK, 0, 0, System.nanoTime() - 1_000_000); // already past: now
            long[] on = f.sent.get(0);
            long[] off = f.sent.get(1);
            assertThat(on[1]).isEqualTo(3);
            assertThat(on[2]).isEqualTo(0x90);
            // the interval survives the conversion to within a tick
            assertThat(Math.abs((off[0] - on[0]) * FakeCoreMidi.NANOS_PER_TICK - 250_000_000)).isLessThan(100);
            // and the time itself to within the pairing's precision
            double expectedTicks = (t + f.offset) / FakeCoreMidi.NANOS_PER_TICK;
            assertThat(Math.abs(on[0] - expectedTicks) * FakeCoreMidi.NANOS_PER_TICK).isLessThan(1_000_000);
            assertThat(f.sent.get(2)[0]).isZero();
            assertThat(f.sent.get(2)[1]).isEqualTo(1);
        }
        assertThat(f.closed).isTrue();
    }

    @Test
    void packetsAreSplitIntoShortMessagesOffTheNativeThread() throws Exception {
        FakeCoreMidi f = new FakeCoreMidi();
        List<List<Integer>> got = new CopyOnWriteArrayList<>();
        try (CoreMidiPort port = new CoreMidiPort(f, "hitl-midi")) {
            port.setReceiver((st, d1, d2, at) -> got.add(List.of(st, d1, d2)));
            byte[] p = {(byte) 0xB0, 16, (byte) 0xF8, 100, (byte) 0x90, 60, 90, (byte) 0xF0, 1, 2, 3, (byte) 0xF7,
                (byte) 0xC2, 5};
            f.input.packet(0, p, p.length); // a clock byte inside a CC, a sysex, a program change
            org.hitlmidi.Await.within(java.time.Duration.ofSeconds(5), () -> got.size() >= 4);
        }
        assertThat(got).containsExactly(List.of(Midi.CLOCK, 0, 0), List.of(0xB0, 16, 100), List.of(0x90, 60, 90),
                List.of(0xC2, 5, 0));
    }
}
