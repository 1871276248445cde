package org.hitlmidi.music;

import java.util.List;

/**
 * What the learner edits and the player plays: a monophonic melody, a percussion part and a tempo.
 * Immutable; the lists are unmodifiable copies.
 */
public record Track(List<Note> melody, List<DrumHit> percussion, double tempo) {
    public static final double MIN_TEMPO = 20;
    public static final double MAX_TEMPO = 400;

    public Track {
        melody = List.copyOf(melody);
        percussion = List.copyOf(percussion);
        if (!(tempo >= MIN_TEMPO && tempo <= MAX_TEMPO)) {
            throw new IllegalArgumentException("tempo " + tempo + " BPM outside 20..400");
        }
    }

    /** Start of melody note {@code i} in beats. */
    public double startOf(int i) {
        double t = 0;
        for (int k = 0; k < i; k++) {
            t += melody.get(k).duration();
        }
        return t;
    }

    /** Length in beats: the end of the last melody note or drum hit. */
    public double lengthBeats() {
        double end = startOf(melody.size());
        for (DrumHit h : percussion) {
            end = Math.max(end, h.beat() + DrumHit.LENGTH);
        }
        return end;
    }

    public Track withMelody(List<Note> m) {
        return new Track(m, percussion, tempo);
    }

    public Track withPercussion(List<DrumHit> p) {
        return new Track(melody, p, tempo);
    }

    public Track withTempo(double bpm) {
        return new Track(melody, percussion, bpm);
    }
}
