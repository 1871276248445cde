package org.hitlmidi.music;

/**
 * The bounds of the six edits. The paper's code steps durations by 0.25 between 0.25 and 1 beat;
 * it leaves pitch unbounded, we keep it inside a range (the MIDI range by default).
 */
public record EditRules(int minPitch, int maxPitch, double durationStep, double minDuration, double maxDuration,
                        DrumKit kit) {
    public static final EditRules PAPER = new EditRules(Pitches.MIN, Pitches.MAX, 0.25, 0.25, 1.0, DrumKit.PAPER);

    public EditRules {
        if (minPitch < Pitches.MIN || maxPitch > Pitches.MAX || minPitch > maxPitch) {
            throw new IllegalArgumentException("pitch range " + minPitch + ".." + maxPitch + " is not inside 0..127");
        }
        if (!(durationStep > 0) || !(minDuration > 0) || minDuration > maxDuration) {
            throw new IllegalArgumentException("duration rules step=" + durationStep + " range "
                    + minDuration + ".." + maxDuration + " are not positive and ordered");
        }
        if (kit == null) {
            throw new IllegalArgumentException("drum kit is missing");
        }
    }

    public EditRules withKit(DrumKit k) {
        return new EditRules(minPitch, maxPitch, durationStep, minDuration, maxDuration, k);
    }
}
