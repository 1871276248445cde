package org.hitlmidi.music;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The paper's initial track: each melody pitch drawn from the scale on the base note, each duration from
 * {0.25, 0.5, 0.75, 1}; percussion is a sixteenth-note grid over the melody's length whose pattern is
 * {@code length} random kit keys repeated. {@link #paperCode} is the published code's own version.
 */
public final class TrackGenerator {
    private static final double[] DURATIONS = {0.25, 0.5, 0.75, 1.0};
    /** The published code's GUI volume (main_gui.py:160). */
    private static final int CODE_VOLUME = 90;

    private TrackGenerator() {
    }

    public static Track random(TrackParams p, RandomGenerator rng) {
        List<Note> melody = melody(p.scale().notesFrom(p.baseNote()), p.length(), rng);
        int[] pattern = pattern(p, rng);
        int steps = (int) Math.round(beats(melody) / DrumHit.LENGTH);
        return new Track(melody, drums(pattern, steps, DrumHit.DEFAULT_VELOCITY), p.tempo());
    }

    /**
     * The published code's initial track (music_generator.py:87-107): its scales end on the octave (base + 12,
     * lines 146-147), and its drum part is the {@code length} random hits repeated ceil(t / 16) times, cut to t,
     * where t is the melody's length in sixteenths (lines 99-105): with 8 notes that is 8 hits while the melody
     * lasts up to 4 beats and 16 hits up to 8 beats, so the drums stop before a long melody does. Velocities are
     * its GUI's volume 90 and 70 for the drums (main_gui.py:160, music_generator.py:64, 80-81).
     */
    public static Track paperCode(TrackParams p, RandomGenerator rng) {
        List<Integer> scale = new ArrayList<>(p.scale().notesFrom(p.baseNote()));
        if (p.baseNote() + 12 <= Pitches.MAX) {
            scale.add(p.baseNote() + 12);
        }
        List<Note> melody = melody(scale, p.length(), rng).stream()
                .map(n -> new Note(n.pitch(), n.duration(), CODE_VOLUME)).toList();
        int[] pattern = pattern(p, rng);
        int t = (int) Math.round(beats(melody) * 4);
        int hits = pattern.length > t ? t : Math.min(t, pattern.length * ceilDiv(t, 16));
        return new Track(melody, drums(pattern, hits, CODE_VOLUME - 20), p.tempo());
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    private static List<Note> melody(List<Integer> scale, int length, RandomGenerator rng) {
        List<Note> melody = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            melody.add(new Note(scale.get(rng.nextInt(scale.size())), DURATIONS[rng.nextInt(DURATIONS.length)]));
        }
        return melody;
    }

    private static double beats(List<Note> melody) {
        return melody.stream().mapToDouble(Note::duration).sum();
    }

    private static int[] pattern(TrackParams p, RandomGenerator rng) {
        List<Integer> keys = p.kit().keys();
        int[] pattern = new int[p.length()];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = keys.get(rng.nextInt(keys.size()));
        }
        return pattern;
    }

    /** {@code steps} sixteenth-note hits from beat 0, the pattern repeated. */
    private static List<DrumHit> drums(int[] pattern, int steps, int velocity) {
        List<DrumHit> drums = new ArrayList<>(steps);
        for (int s = 0; s < steps; s++) {
            drums.add(new DrumHit(s * DrumHit.LENGTH, pattern[s % pattern.length], velocity));
        }
        return drums;
    }
}
