package org.hitlmidi.music;

import java.util.ArrayList;
import java.util.List;

/**
 * Names the chord a set of held notes makes: a template match over the pitch classes held, for every root and the
 * qualities {@link Quality} lists (triads, sevenths). A template's tones held count for it, a tone held that is
 * not in it counts against it twice, a tone of it not held counts against it (a seventh chord's fifth, which
 * players leave out, only half), and the lowest note held as the root breaks ties (of the four diminished sevenths
 * a dim7 is, the one on its bass). At least three pitch classes make a chord, and a template's root and third must
 * be among them.
 */
public final class ChordFinder {
    /** A chord's kind: its tones above the root, its suffix in a chord name and in a Roman numeral. */
    public enum Quality {
        MAJOR("", "", true, 0, 4, 7),
        MINOR("m", "", false, 0, 3, 7),
        DIMINISHED("dim", "°", false, 0, 3, 6),
        DOMINANT7("7", "7", true, 0, 4, 7, 10),
        MAJOR7("maj7", "maj7", true, 0, 4, 7, 11),
        MINOR7("m7", "7", false, 0, 3, 7, 10),
        HALF_DIMINISHED("m7b5", "dim7", false, 0, 3, 6, 10),
        DIMINISHED7("dim7", "°7", false, 0, 3, 6, 9);

        private final String suffix;
        private final String numeralSuffix;
        private final boolean upper;
        private final List<Integer> tones;

        Quality(String suffix, String numeralSuffix, boolean upper, int... tones) {
            this.suffix = suffix;
            this.numeralSuffix = numeralSuffix;
            this.upper = upper;
            List<Integer> t = new ArrayList<>();
            for (int x : tones) {
                t.add(x);
            }
            this.tones = List.copyOf(t);
        }

        public List<Integer> tones() {
            return tones;
        }
    }

    /** A chord found: its root's pitch class 0..11 and quality. */
    public record Found(int root, Quality quality) {
        /** The chord's name: "Dm", "G7", "Bm7b5", "F#maj7". */
        public String name() {
            return NAMES[root] + quality.suffix;
        }

        /**
         * This chord as a Roman numeral of the key with tonic pitch class {@code tonic} (major, or natural minor
         * when {@code minorKey}), as {@link Chord#parse} reads it: "ii", "V7", "bVII", "vii°", "iidim7" (half
         * diminished); parsed back it has this chord's root and tones.
         */
        public Chord inKey(int tonic, boolean minorKey) {
            int[] degrees = minorKey ? MINOR_DEGREES : MAJOR_DEGREES;
            int r = Math.floorMod(root - tonic, 12);
            String accidental = "";
            int degree = indexOf(degrees, r);
            if (degree < 0) { // a note between two degrees: the upper one flattened
                degree = indexOf(degrees, Math.floorMod(r + 1, 12));
                accidental = "b";
            }
            String numeral = ROMAN[degree];
            String symbol = accidental + (quality.upper ? numeral : numeral.toLowerCase(java.util.Locale.ROOT))
                    + quality.numeralSuffix;
            return new Chord(symbol, r, quality.tones);
        }
    }

    private static final String[] NAMES = {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};
    private static final String[] ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII"};
    private static final int[] MAJOR_DEGREES = {0, 2, 4, 5, 7, 9, 11};
    private static final int[] MINOR_DEGREES = {0, 2, 3, 5, 7, 8, 10};

    private ChordFinder() {
    }

    /**
     * A chord by its name as {@link Found#name} writes it ("Dm", "G7", "F#maj7", "Bbm7b5"; flats and sharps
     * both read).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Found parse(String name) {
        String s = name == null ? "" : name.strip();
        int root = s.isEmpty() ? -1 : "C D EF G A B".indexOf(Character.toUpperCase(s.charAt(0)));
        if (root < 0 || s.charAt(0) == ' ') {
            throw new IllegalArgumentException("chord '" + name + "' does not begin with a note name (C..B)");
        }
        int i = 1;
        while (i < s.length() && (s.charAt(i) == '#' || s.charAt(i) == 'b' && i == 1)) {
            root += s.charAt(i) == '#' ? 1 : -1;
            i++;
        }
        String suffix = s.substring(i);
        for (Quality q : Quality.values()) {
            if (q.suffix.equals(suffix)) {
                return new Found(Math.floorMod(root, 12), q);
            }
        }
        throw new IllegalArgumentException("chord '" + name + "': '" + suffix + "' is none of the qualities "
                + java.util.Arrays.stream(Quality.values()).map(q -> "'" + q.suffix + "'").toList());
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The chord that the held pitches make, or null when they make none (fewer than three pitch classes, or no
     * template with its root and third held fits better than it misses).
     *
     * @param pitches MIDI note numbers held (any order, repeats and octaves allowed)
     */
    public static Found find(List<Integer> pitches) {
        boolean[] held = new boolean[12];
        int count = 0;
        int lowest = Integer.MAX_VALUE;
        for (int p : pitches) {
            int pc = Math.floorMod(p, 12);
            if (!held[pc]) {
                held[pc] = true;
                count++;
            }
            lowest = Math.min(lowest, p);
        }
        if (count < 3) {
            return null;
        }
        int bass = Math.floorMod(lowest, 12);
        Found best = null;
        double bestScore = 0;
        for (Quality q : Quality.values()) {
            for (int root = 0; root < 12; root++) {
                if (!held[root] || !held[(root + q.tones.get(1)) % 12]) {
                    continue;
                }
                double score = 0;
                boolean[] in = new boolean[12];
                for (int i = 0; i < q.tones.size(); i++) {
                    int pc = (root + q.tones.get(i)) % 12;
                    in[pc] = true;
                    if (held[pc]) {
                        score += 1;
                    } else {
                        score -= q.tones.size() == 4 && i == 2 ? 0.5 : 1;
                    }
                }
                for (int pc = 0; pc < 12; pc++) {
                    if (held[pc] && !in[pc]) {
                        score -= 2;
                    }
                }
                if (root == bass) {
                    score += 0.25;
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = new Found(root, q);
                }
            }
        }
        return best;
    }
}
