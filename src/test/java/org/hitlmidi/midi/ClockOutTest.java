package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Clock out through a real JACK server, read by a probe client, and followed by a second port of ours. */
class ClockOutTest {
    /** Records what is sent, from which thread. */
    private static final class Sent implements MidiPort {
        final java.util.List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public boolean send(int status, int data1, int data2, long atNanos) {
            sent.add(Integer.toHexString(status) + "@" + atNanos + (Thread.currentThread().getName().startsWith("hitl-midi-clock-out")
                    ? " clock" : " caller"));
            return true;
        }

        @Override
        public void setReceiver(MidiReceiver receiver) {
        }

        @Override
        public void setStateListener(java.util.function.Consumer<PortState> listener) {
        }

        @Override
        public String backend() {
            return "test";
        }

        @Override
        public String name() {
            return "sent";
        }

        @Override
        public PortState state() {
            return PortState.CONNECTED;
        }

        @Override
        public void close() {
        }
    }

    /**
     * START (and CONTINUE) and the first tick leave together from the caller: before, the first tick was the clock
     * thread's, which a busy machine wakes late, and on PipeWire it came a period after START (the follower's first
     * period bent: ClockJackTest's follow mode).
     */
    @Test
    void theFirstTickLeavesWithStartFromTheCaller() {
        Sent port = new Sent();
        long at = port.nowNanos() + 1_000_000_000_000L; // far ahead: the clock's thread sends nothing more
        try (ClockOut clock = new ClockOut(port, 1_000_000)) {
            clock.start(120, at);
            assertThat(port.sent).containsExactly("fa@" + at + " caller", "f8@" + at + " caller");
            clock.stop();
            port.sent.clear();
            clock.resume(120, at);
            assertThat(port.sent.get(0)).isEqualTo("fb@" + at + " caller");
            assertThat(port.sent).hasSize(2).element(1).isEqualTo("f8@" + at + " caller");
        }
    }

    @Test
    void ticksAtTwentyFourPerBeatFollowedByAnotherPort() throws Exception {
        org.hitlmidi.Required.jackd();
        try (JackDummyServer server = JackDummyServer.start(48000, 256)) {
            PortOptions o = PortOptions.defaults(Path.of("unused")).withJackServer(server.name());
            ClockFollower follower = new ClockFollower();
            try (JackMidiPort port = JackMidiPort.open(o);
                 JackMidiPort daw = JackMidiPort.open(o.withClientName("daw"));
                 JackProbeClient reader = JackProbeClient.open("clockreader", 4096);
                 ClockOut clock = new ClockOut(port)) {
                java.util.List<Long> times = new java.util.concurrent.CopyOnWriteArrayList<>();
                daw.setReceiver((st, d1, d2, at) -> {
                    times.add(at);
                    follower.receive(st, d1, d2, at);
                });
                port.connectOut(reader.inName());
                port.connectOut(daw.inputName());
                Thread.sleep(100);
                clock.start(120, port.nowNanos() + 200_000_000);
                Thread.sleep(2700);
                clock.stop();
                Thread.sleep(500);
                assertThat(reader.status(0)).isEqualTo(Midi.START);
                int last = reader.count() - 1;
                assertThat(reader.status(last)).isEqualTo(Midi.STOP);
                int ticks = 0;
                int exact = 0;
                for (int i = 1; i < last; i++) {
                    assertThat(reader.status(i)).isEqualTo(Midi.CLOCK);
                    ticks++;
                    // 120 BPM at 48 kHz: a tick every 1000 frames exactly
                    exact += i > 1 && reader.frame(i) - reader.frame(i - 1) == 1000 ? 1 : 0;
                }
                assertThat(ticks).isBetween(24, 24 * 6); // up to 2.5 s at 2 beats a second (a starved dummy server runs slow)
                assertThat(exact).as("tick intervals of exactly 1000 frames").isGreaterThanOrEqualTo((ticks - 1) * 3 / 4);
                assertThat(reader.frame(1)).isEqualTo(reader.frame(0)); // the first tick with START
                assertThat(follower.ticks()).isGreaterThanOrEqualTo(ticks * 3L / 4);
                StringBuilder diffs = new StringBuilder();
                for (int i = 1; i < Math.min(40, times.size()); i++) {
                    diffs.append((times.get(i) - times.get(i - 1)) / 1000).append(' ');
                }
                assertThat(follower.tempo()).as(diffs.toString()).isCloseTo(120, within(1.0));
                assertThat(follower.isRunning()).isFalse();
            }
        }
    }
}
