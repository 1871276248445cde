package org.hitlmidi.music;

/**
 * The choices a composed track was made from: which of its style's progressions, grooves, bass lines and
 * comping patterns (indices, taken modulo the style's lists), how dense (0..3 notes-per-bar class), which
 * register (-1, 0, +1: the melody's centre a fifth lower, at, or a fourth higher), which contour (0 arch,
 * 1 rise, 2 fall, 3 wave, 4 valley), the seeds of the motif's intervals and rhythm, the phrase form
 * (0 AABA, 1 ABAB, 2 AABB, 3 ABAC), which accompanying parts play (bit 0 bass, 1 chords, 2 drums) and how busy
 * the drums are (0 kick and snare only, 1 time kept in quarters, 2 the groove as written).
 * A learner varies a track by changing one choice; the same sketch always composes the same track.
 */
public record Sketch(int progression, int groove, int bassLine, int comping, int density, int register, int contour,
                     long motif, long rhythm, int form, int parts, int drums) {
    public static final int CONTOURS = 5;
    public static final int FORMS = 4;
    public static final int ALL_PARTS = 7;

    public Sketch {
        if (progression < 0 || groove < 0 || bassLine < 0 || comping < 0) {
            throw new IllegalArgumentException("sketch indices must not be negative");
        }
        if (density < 0 || density > 3 || register < -1 || register > 1 || contour < 0 || contour >= CONTOURS
                || form < 0 || form >= FORMS || parts < 0 || parts > ALL_PARTS || drums < 0 || drums > 2) {
            throw new IllegalArgumentException("sketch out of range: density " + density + ", register " + register
                    + ", contour " + contour + ", form " + form + ", parts " + parts + ", drums " + drums);
        }
    }

    public boolean plays(Part p) {
        return switch (p) {
            case MELODY -> true;
            case BASS -> (parts & 1) != 0;
            case CHORDS -> (parts & 2) != 0;
            case DRUMS -> (parts & 4) != 0;
        };
    }

    public Sketch withProgression(int v) {
        return new Sketch(v, groove, bassLine, comping, density, register, contour, motif, rhythm, form, parts, drums);
    }

    public Sketch withGroove(int v) {
        return new Sketch(progression, v, bassLine, comping, density, register, contour, motif, rhythm, form, parts, drums);
    }

    public Sketch withBassLine(int v) {
        return new Sketch(progression, groove, v, comping, density, register, contour, motif, rhythm, form, parts, drums);
    }

    public Sketch withComping(int v) {
        return new Sketch(progression, groove, bassLine, v, density, register, contour, motif, rhythm, form, parts, drums);
    }

    public Sketch withDensity(int v) {
        return new Sketch(progression, groove, bassLine, comping, v, register, contour, motif, rhythm, form, parts, drums);
    }

    public Sketch withRegister(int v) {
        return new Sketch(progression, groove, bassLine, comping, density, v, contour, motif, rhythm, form, parts, drums);
    }

    public Sketch withContour(int v) {
        return new Sketch(progression, groove, bassLine, comping, density, register, v, motif, rhythm, form, parts, drums);
    }

    public Sketch withMotif(long v) {
        return new Sketch(progression, groove, bassLine, comping, density, register, contour, v, rhythm, form, parts, drums);
    }

    public Sketch withRhythm(long v) {
        return new Sketch(progression, groove, bassLine, comping, density, register, contour, motif, v, form, parts, drums);
    }

    public Sketch withForm(int v) {
        return new Sketch(progression, groove, bassLine, comping, density, register, contour, motif, rhythm, v, parts, drums);
    }

    public Sketch withParts(int v) {
        return new Sketch(progression, groove, bassLine, comping, density, register, contour, motif, rhythm, form, v, drums);
    }

    public Sketch withDrums(int v) {
        return new Sketch(progression, groove, bassLine, comping, density, register, contour, motif, rhythm, form, parts, v);
    }
}
