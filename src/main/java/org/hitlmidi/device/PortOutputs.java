package org.hitlmidi.device;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.hitlmidi.midi.MidiPort;
import org.hitlmidi.midi.Player;
import org.hitlmidi.midi.PortException;
import org.hitlmidi.midi.PortOptions;
import org.hitlmidi.midi.Ports;

/** The real outputs: a port from {@link Ports} (auto, jack, alsa, coremidi, device:NAME, synth) and a Player on it. */
public final class PortOutputs {
    private PortOutputs() {
    }

    public static DeviceRunner.Output open(String backend, Path dataDir, Consumer<String> log) throws IOException {
        Ports.Opened o;
        try {
            o = Ports.open(backend, PortOptions.defaults(dataDir));
        } catch (PortException e) {
            throw new IOException("cannot open the MIDI port '" + backend + "': " + e.getMessage(), e);
        }
        MidiPort port = o.port();
        return new DeviceRunner.Output(port, new Player(port), o.why());
    }
}
