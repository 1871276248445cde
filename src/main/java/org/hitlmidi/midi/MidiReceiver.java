package org.hitlmidi.midi;

/** Receives incoming short MIDI messages with their arrival time on the port's clock ({@link MidiPort#nowNanos()}). */
@FunctionalInterface
public interface MidiReceiver {
    void receive(int status, int data1, int data2, long atNanos);
}
