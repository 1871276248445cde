package org.hitlmidi.device;

import java.io.IOException;
import org.hitlmidi.midi.JackDummyServer;
import org.hitlmidi.midi.JackMidiPort;
import org.hitlmidi.midi.Player;
import org.hitlmidi.midi.PortException;
import org.hitlmidi.midi.RecordingPort;

/**
 * The device's output for the storm tests: a JACK port on the test's own server behind a {@link RecordingPort}, so
 * the test can connect a sender to the port and count what went in and out.
 */
final class TappedJack {
    private volatile JackMidiPort jack;
    private volatile RecordingPort tap;

    /** Opens the port on {@code server} when the device asks for its output. */
    DeviceRunner.Outputs on(JackDummyServer server) {
        return (backend, portOptions) -> {
            JackMidiPort p;
            try {
                p = JackMidiPort.open(portOptions.withJackServer(server.name()));
            } catch (PortException e) {
                throw new IOException(e);
            }
            jack = p;
            RecordingPort r = new RecordingPort(p);
            tap = r;
            return new DeviceRunner.Output(r, new Player(r), "the test's JACK server");
        };
    }

    JackMidiPort jack() {
        return jack;
    }

    RecordingPort tap() {
        return tap;
    }
}
