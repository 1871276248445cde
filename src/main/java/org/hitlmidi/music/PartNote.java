package org.hitlmidi.music;

/** A note of an accompanying part (bass, chords): start and duration in beats, MIDI pitch, velocity. */
public record PartNote(double start, int pitch, double duration, int velocity) {
    public PartNote {
        if (!(start >= 0) || start > 4096) {
            throw new IllegalArgumentException("part note at beat " + start + " outside [0, 4096]");
        }
        if (pitch < Pitches.MIN || pitch > Pitches.MAX) {
            throw new IllegalArgumentException("pitch " + pitch + " outside 0..127");
        }
        if (!(duration > 0) || duration > 64) {
            throw new IllegalArgumentException("duration " + duration + " beats outside (0, 64]");
        }
        if (velocity < 1 || velocity > 127) {
            throw new IllegalArgumentException("velocity " + velocity + " outside 1..127");
        }
    }

    public double end() {
        return start + duration;
    }
}
