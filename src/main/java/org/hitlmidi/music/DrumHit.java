package org.hitlmidi.music;

/** One percussion hit: start in beats, General MIDI drum key (35..81, played on channel 10), velocity. */
public record DrumHit(double beat, int key, int velocity) {
    public static final int DEFAULT_VELOCITY = 80;
    /** Every hit sounds for a sixteenth, as in the paper's code. */
    public static final double LENGTH = 0.25;

    public DrumHit {
        if (!(beat >= 0) || beat > 4096) {
            throw new IllegalArgumentException("drum hit at beat " + beat + " outside [0, 4096]");
        }
        if (key < 0 || key > 127) {
            throw new IllegalArgumentException("drum key " + key + " outside 0..127");
        }
        if (velocity < 1 || velocity > 127) {
            throw new IllegalArgumentException("velocity " + velocity + " outside 1..127");
        }
    }

    public DrumHit withKey(int k) {
        return new DrumHit(beat, k, velocity);
    }
}
