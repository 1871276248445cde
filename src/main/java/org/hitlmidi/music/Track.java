package org.hitlmidi.music;

import java.util.List;

/**
 * What the learner edits and the player plays: a monophonic melody, a percussion part and a tempo, and for a
 * composed track its {@link Arrangement} (meter, bars, bass and chord parts, feel). Immutable; the lists are
 * unmodifiable copies. A composed track is exactly its bars long, so it loops seamlessly.
 */
public record Track(List<Note> melody, List<DrumHit> percussion, double tempo, Arrangement arrangement) {
    public static final double MIN_TEMPO = 20;
    public static final double MAX_TEMPO = 400;

    public Track {
        melody = List.copyOf(melody);
        percussion = List.copyOf(percussion);
        arrangement = arrangement == null ? Arrangement.NONE : arrangement;
        if (!(tempo >= MIN_TEMPO && tempo <= MAX_TEMPO)) {
            throw new IllegalArgumentException("tempo " + tempo + " BPM outside 20..400");
        }
    }

    /** A track of the paper's kind: a melody, a drum part, no bars. */
    public Track(List<Note> melody, List<DrumHit> percussion, double tempo) {
        this(melody, percussion, tempo, Arrangement.NONE);
    }

    /** Start of melody note {@code i} in beats. */
    public double startOf(int i) {
        double t = 0;
        for (int k = 0; k < i; k++) {
            t += melody.get(k).duration();
        }
        return t;
    }

    /** Length in beats: its bars for a composed track, else the end of the last melody note or drum hit. */
    public double lengthBeats() {
        if (arrangement.barred()) {
            return arrangement.lengthBeats();
        }
        double end = startOf(melody.size());
        for (DrumHit h : percussion) {
            end = Math.max(end, h.beat() + DrumHit.LENGTH);
        }
        return end;
    }

    /** The parts this track has notes in (whether muted or not): what a listener can rate part by part. */
    public java.util.Set<Part> parts() {
        java.util.Set<Part> out = java.util.EnumSet.noneOf(Part.class);
        if (!melody.isEmpty()) {
            out.add(Part.MELODY);
        }
        if (!arrangement.bass().isEmpty()) {
            out.add(Part.BASS);
        }
        if (!arrangement.chords().isEmpty()) {
            out.add(Part.CHORDS);
        }
        if (!percussion.isEmpty()) {
            out.add(Part.DRUMS);
        }
        return out;
    }

    public Track withMelody(List<Note> m) {
        return new Track(m, percussion, tempo, arrangement);
    }

    public Track withPercussion(List<DrumHit> p) {
        return new Track(melody, p, tempo, arrangement);
    }

    public Track withTempo(double bpm) {
        return new Track(melody, percussion, bpm, arrangement);
    }

    public Track withArrangement(Arrangement a) {
        return new Track(melody, percussion, tempo, a);
    }
}
