package org.hitlmidi.midi;

/** Whether a port can carry MIDI now. */
public enum PortState {
    CONNECTED, LOST, CLOSED
}
