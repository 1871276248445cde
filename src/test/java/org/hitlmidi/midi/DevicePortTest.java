package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Transmitter;
import org.junit.jupiter.api.Test;

/**
 * The javax.sound.midi device backend against an in-memory device (this machine, like CI, has no MIDI hardware and
 * no ALSA, so javax.sound.midi lists none): the sender thread releases each event at its time and in order, input
 * reaches the receiver, and close panics once.
 */
class DevicePortTest {
    /** A device with one receiver that records what arrives and when, and one transmitter the test drives. */
    static final class MemoryDevice implements MidiDevice {
        record Got(long atNanos, int status, int data1, int data2) {
        }

        final List<Got> got = new CopyOnWriteArrayList<>();
        final boolean output;
        volatile Receiver downstream;
        volatile boolean open;
        volatile int closes;

        MemoryDevice(boolean output) {
            this.output = output;
        }

        @Override
        public Info getDeviceInfo() {
            return new Info("memory", "hitl-midi tests", "in-memory device", "1") {
            };
        }

        @Override
        public void open() {
            open = true;
        }

        @Override
        public void close() {
            open = false;
            closes++;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public long getMicrosecondPosition() {
            return -1;
        }

        @Override
        public int getMaxReceivers() {
            return output ? -1 : 0;
        }

        @Override
        public int getMaxTransmitters() {
            return output ? 0 : -1;
        }

        @Override
        public Receiver getReceiver() {
            return new Receiver() {
                @Override
                public void send(MidiMessage m, long ts) {
                    ShortMessage s = (ShortMessage) m;
                    got.add(new Got(System.nanoTime(), s.getStatus(), s.getData1(), s.getData2()));
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public List<Receiver> getReceivers() {
            return List.of();
        }

        @Override
        public Transmitter getTransmitter() {
            return new Transmitter() {
                @Override
                public void setReceiver(Receiver r) {
                    downstream = r;
                }

                @Override
                public Receiver getReceiver() {
                    return downstream;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public List<Transmitter> getTransmitters() {
            return List.of();
        }

        void arrive(int status, int d1, int d2) throws Exception {
            downstream.send(new ShortMessage(status, d1, d2), -1);
        }
    }

    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        org.hitlmidi.Await.within(java.time.Duration.ofSeconds(10), done::getAsBoolean);
    }

    @Test
    void eventsLeaveInTimeOrderNotBeforeTheirTime() throws Exception {
        MemoryDevice out = new MemoryDevice(true);
        try (DevicePort port = new DevicePort("memory", out, null)) {
            long t0 = System.nanoTime() + 50_000_000;
            // sent out of order: the later one first, then two at the same time (these keep their order)
            port.send(Midi.NOTE_OFF, 60, 0, t0 + 40_000_000);
            port.send(Midi.NOTE_ON, 60, 100, t0);
            port.send(Midi.CONTROL_CHANGE, 7, 90, t0);
            port.send(Midi.PROGRAM_CHANGE | 2, 5, 99, t0 + 20_000_000);
            await(() -> out.got.size() >= 4);
            assertThat(out.got).extracting(MemoryDevice.Got::status)
                    .containsExactly(Midi.NOTE_ON, Midi.CONTROL_CHANGE, Midi.PROGRAM_CHANGE | 2, Midi.NOTE_OFF);
            assertThat(out.got.get(2).data1()).isEqualTo(5);
            assertThat(out.got.get(2).data2()).as("a 2-byte message carries no second data byte").isZero();
            long[] due = {t0, t0, t0 + 20_000_000, t0 + 40_000_000};
            for (int i = 0; i < due.length; i++) {
                assertThat(out.got.get(i).atNanos()).as("event %d not released early", i).isGreaterThanOrEqualTo(due[i]);
            }
            assertThat(port.send(0xF0, 0, 0, t0)).as("sysex is no short message").isFalse();
            assertThat(port.dropped()).isEqualTo(1);
        }
    }

    @Test
    void inputReachesTheReceiver() throws Exception {
        MemoryDevice out = new MemoryDevice(true);
        MemoryDevice in = new MemoryDevice(false);
        List<List<Integer>> got = new CopyOnWriteArrayList<>();
        try (DevicePort port = new DevicePort("memory", out, in)) {
            in.arrive(Midi.CONTROL_CHANGE, 16, 1); // before a receiver is set: ignored, not a crash
            port.setReceiver((st, d1, d2, at) -> got.add(List.of(st, d1, d2)));
            in.arrive(Midi.CONTROL_CHANGE | 1, 16, 100);
            in.arrive(Midi.NOTE_ON | 9, 36, 90);
        }
        assertThat(got).containsExactly(List.of(0xB1, 16, 100), List.of(0x99, 36, 90));
        assertThat(in.closes).as("the input device is closed with the port").isEqualTo(1);
    }

    @Test
    void closePanicsOnceTellsTheListenerOnceAndThenDropsEverything() throws Exception {
        MemoryDevice out = new MemoryDevice(true);
        List<PortState> states = new ArrayList<>();
        DevicePort port = new DevicePort("memory", out, null);
        port.setStateListener(states::add);
        assertThat(port.state()).isEqualTo(PortState.CONNECTED);
        port.close();
        port.close();
        assertThat(port.state()).isEqualTo(PortState.CLOSED);
        assertThat(states).containsExactly(PortState.CLOSED);
        assertThat(out.closes).isEqualTo(1);
        long panics = out.got.stream().filter(g -> (g.status() & 0xF0) == Midi.CONTROL_CHANGE
                && (g.data1() == Midi.CC_ALL_NOTES_OFF || g.data1() == Midi.CC_ALL_SOUND_OFF)).count();
        assertThat(panics).as("all-notes-off and all-sound-off on 16 channels, delivered before the device closed")
                .isEqualTo(32);
        assertThat(port.send(Midi.NOTE_ON, 60, 100, 0)).isFalse();
        assertThat(port.dropped()).isEqualTo(1);
    }
}
