package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every backend whose native side can be faked here promises the same way: {@link MidiPort#close()} is
 * idempotent, panics first, frees the native side, tells the listener once, and every send after it is dropped and
 * counted; a receiver that throws does not stop the input.
 */
class PortContractTest {
    /** Makes a short message arrive at the port's input, as its native side would. */
    interface Input {
        void arrive(int status, int data1, int data2) throws Exception;
    }

    /** A port, a way to ask whether its native side was freed, and its input. */
    record Case(String name, MidiPort port, BooleanSupplier freed, Input input) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> ports() throws Exception {
        AlsaMidiPortTest.FakeSeq seq = new AlsaMidiPortTest.FakeSeq();
        CoreMidiPortTest.FakeCoreMidi core = new CoreMidiPortTest.FakeCoreMidi();
        DevicePortTest.MemoryDevice dev = new DevicePortTest.MemoryDevice(true);
        DevicePortTest.MemoryDevice devIn = new DevicePortTest.MemoryDevice(false);
        return Stream.of(
                Arguments.of(new Case("alsa", new AlsaMidiPort(seq, "hitl-midi"), () -> seq.closed,
                        (st, d1, d2) -> seq.arrive(SeqEvent.of(st, d1, d2)))),
                Arguments.of(new Case("coremidi", new CoreMidiPort(core, "hitl-midi"), () -> core.closed,
                        (st, d1, d2) -> core.input.packet(0, new byte[] {(byte) st, (byte) d1, (byte) d2}, 3))),
                Arguments.of(new Case("device", new DevicePort("memory", dev, devIn), () -> dev.closes == 1,
                        devIn::arrive)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void closeIsIdempotentAndTellsTheListenerOnce(Case c) {
        MidiPort port = c.port();
        List<PortState> states = new CopyOnWriteArrayList<>();
        port.setStateListener(states::add);
        assertThat(port.state()).isEqualTo(PortState.CONNECTED);
        assertThat(port.send(Midi.NOTE_ON, 60, 100, 0)).isTrue();
        assertThat(port.dropped()).isZero();
        port.close();
        assertThat(c.freed().getAsBoolean()).as("native side freed").isTrue();
        port.close();
        assertThat(port.state()).isEqualTo(PortState.CLOSED);
        assertThat(states).containsExactly(PortState.CLOSED);
        assertThat(port.send(Midi.NOTE_OFF, 60, 0, 0)).isFalse();
        assertThat(port.dropped()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void aNullListenerIsNoListener(Case c) {
        c.port().setStateListener(null);
        c.port().close();
        assertThat(c.port().state()).isEqualTo(PortState.CLOSED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void aReceiverThatThrowsDoesNotStopTheInput(Case c) throws Exception {
        List<Integer> got = new CopyOnWriteArrayList<>();
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> reported.add(e));
        try (MidiPort port = c.port()) {
            port.setReceiver((st, d1, d2, at) -> {
                got.add(d1);
                if (d1 == 1) {
                    throw new IllegalStateException("a receiver's bug");
                }
            });
            for (int cc = 1; cc <= 3; cc++) {
                c.input().arrive(Midi.CONTROL_CHANGE, cc, 64);
                int n = cc;
                org.hitlmidi.Await.within(java.time.Duration.ofSeconds(10), () -> got.size() >= n);
            }
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertThat(got).as("the messages after the throw arrive too").containsExactly(1, 2, 3);
        assertThat(reported).as("the bug is reported, not swallowed").hasSize(1);
        assertThat(reported.get(0)).hasMessage("a receiver's bug");
    }
}
