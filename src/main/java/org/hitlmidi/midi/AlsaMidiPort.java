package org.hitlmidi.midi;

/** Placeholder until the ALSA sequencer backend lands. */
final class AlsaMidiPort {
    private AlsaMidiPort() {
    }

    static BackendStatus probe() {
        return new BackendStatus("alsa", false, Ports.alsaSequencerPresent() ? "ALSA sequencer present, backend not built yet"
                : "no ALSA sequencer (/dev/snd/seq is missing)");
    }

    static MidiPort open(PortOptions o) throws PortException {
        throw new PortException("alsa: " + probe().reason());
    }
}
