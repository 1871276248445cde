package org.hitlmidi.music;

/**
 * One melody note: MIDI pitch, duration in beats (quarter notes), velocity 1..127.
 * Notes follow each other; a note's start is the sum of the durations before it.
 */
public record Note(int pitch, double duration, int velocity) {
    public static final int DEFAULT_VELOCITY = 100;

    public Note {
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

    public Note(int pitch, double duration) {
        this(pitch, duration, DEFAULT_VELOCITY);
    }

    public Note withPitch(int p) {
        return new Note(p, duration, velocity);
    }

    public Note withDuration(double d) {
        return new Note(pitch, d, velocity);
    }
}
