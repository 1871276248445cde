package org.hitlmidi.midi;

/** Placeholder until the CoreMIDI backend lands. */
final class CoreMidiPort {
    private CoreMidiPort() {
    }

    static BackendStatus probe() {
        return new BackendStatus("coremidi", false, Ports.isMac() ? "macOS, backend not built yet" : "not macOS");
    }

    static MidiPort open(PortOptions o) throws PortException {
        throw new PortException("coremidi: " + probe().reason());
    }
}
