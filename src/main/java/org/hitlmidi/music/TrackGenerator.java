package org.hitlmidi.music;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The paper's initial track: each melody pitch drawn from the scale on the base note, each duration from
 * {0.25, 0.5, 0.75, 1}; percussion is a sixteenth-note grid over the melody's length whose pattern is
 * {@code length} random kit keys repeated.
 */
public final class TrackGenerator {
    private static final double[] DURATIONS = {0.25, 0.5, 0.75, 1.0};

    private TrackGenerator() {
    }

    public static Track random(TrackParams p, RandomGenerator rng) {
        List<Integer> scale = p.scale().notesFrom(p.baseNote());
        List<Note> melody = new ArrayList<>(p.length());
        double beats = 0;
        for (int i = 0; i < p.length(); i++) {
            Note n = new Note(scale.get(rng.nextInt(scale.size())), DURATIONS[rng.nextInt(DURATIONS.length)]);
            melody.add(n);
            beats += n.duration();
        }
        List<Integer> keys = p.kit().keys();
        int[] pattern = new int[p.length()];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = keys.get(rng.nextInt(keys.size()));
        }
        int steps = (int) Math.round(beats / DrumHit.LENGTH);
        List<DrumHit> drums = new ArrayList<>(steps);
        for (int s = 0; s < steps; s++) {
            drums.add(new DrumHit(s * DrumHit.LENGTH, pattern[s % pattern.length], DrumHit.DEFAULT_VELOCITY));
        }
        return new Track(melody, drums, p.tempo());
    }
}
