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
 * What {@link MidiPort#close()} promises, the same for every backend whose native side can be faked here: it is
 * idempotent, panics first, frees the native side, tells the listener once, and every send after it is dropped
 * and counted.
 */
class PortCloseContractTest {
    /** A port and a way to ask whether its native side was freed. */
    record Case(String name, MidiPort port, BooleanSupplier freed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> ports() throws Exception {
        AlsaMidiPortTest.FakeSeq seq = new AlsaMidiPortTest.FakeSeq();
        CoreMidiPortTest.FakeCoreMidi core = new CoreMidiPortTest.FakeCoreMidi();
        DevicePortTest.MemoryDevice dev = new DevicePortTest.MemoryDevice(true);
        return Stream.of(
                Arguments.of(new Case("alsa", new AlsaMidiPort(seq, "hitl-midi"), () -> seq.closed)),
                Arguments.of(new Case("coremidi", new CoreMidiPort(core, "hitl-midi"), () -> core.closed)),
                Arguments.of(new Case("device", new DevicePort("memory", dev, null), () -> dev.closes == 1)));
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
}
