package org.hitlmidi.midi;

/**
 * Where a control sits on a controller: a CC number or a note (a pad or key), on a MIDI channel 1..16.
 *
 * @param note true for a note (pad), false for a control change
 */
public record ControlBinding(int channel, boolean note, int number) {
    public ControlBinding {
        if (channel < 1 || channel > 16) {
            throw new IllegalArgumentException("channel " + channel + " outside 1..16");
        }
        if (number < 0 || number > 127) {
            throw new IllegalArgumentException((note ? "note " : "cc ") + number + " outside 0..127");
        }
    }

    public static ControlBinding cc(int channel, int cc) {
        return new ControlBinding(channel, false, cc);
    }

    public static ControlBinding note(int channel, int note) {
        return new ControlBinding(channel, true, note);
    }

    @Override
    public String toString() {
        return (note ? "note " : "cc ") + number + " on channel " + channel;
    }
}
