package org.hitlmidi.midi;

/** Receives incoming short MIDI messages with their arrival time on the {@link System#nanoTime()} clock. */
@FunctionalInterface
public interface MidiReceiver {
    void receive(int status, int data1, int data2, long atNanos);
}
