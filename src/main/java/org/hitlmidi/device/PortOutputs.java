package org.hitlmidi.device;

import java.io.IOException;
import org.hitlmidi.midi.MidiPort;
import org.hitlmidi.midi.Player;
import org.hitlmidi.midi.PortException;
import org.hitlmidi.midi.PortOptions;
import org.hitlmidi.midi.Ports;

/**
 * The real outputs: a port from {@link Ports} (auto, jack, alsa, coremidi, device:NAME, synth) and a Player on it; a
 * JACK port may still be opening ({@link Ports#opening}): {@link DeviceRunner.Output#ready()} waits for it.
 */
public final class PortOutputs {
    private PortOutputs() {
    }

    public static DeviceRunner.Output open(String backend, PortOptions options) throws IOException {
        Ports.Opening o;
        try {
            o = Ports.opening(backend, options);
        } catch (PortException e) {
            throw failed(backend, e);
        }
        MidiPort port = o.port();
        return new DeviceRunner.Output(port, new Player(port), o.why(), () -> {
            try {
                o.ready().await();
            } catch (PortException e) {
                throw failed(backend, e);
            }
        });
    }

    private static IOException failed(String backend, PortException e) {
        return new IOException("cannot open the MIDI port '" + backend + "': " + e.getMessage(), e);
    }
}
