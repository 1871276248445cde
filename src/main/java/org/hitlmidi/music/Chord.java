package org.hitlmidi.music;

import java.util.ArrayList;
import java.util.List;

/**
 * A chord as a Roman numeral of the key: its root in semitones above the tonic and its tones as semitones
 * above the root. Parsed from "I", "vi", "V7", "ii7", "bVII", "vii°", "IVmaj7": upper case is major, lower case
 * minor, ° (or "dim") diminished; "7" adds a minor seventh, "maj7" a major one. Degrees count on the key's
 * major scale, or on its natural minor when the key is minor (so "VI" in A minor is F), and "b"/"#" shift them.
 */
public record Chord(String symbol, int root, List<Integer> tones) {
    private static final int[] MAJOR_DEGREES = {0, 2, 4, 5, 7, 9, 11};
    private static final int[] MINOR_DEGREES = {0, 2, 3, 5, 7, 8, 10};
    private static final String[] NUMERALS = {"VII", "III", "IV", "VI", "II", "V", "I"};
    private static final int[] NUMERAL_DEGREE = {7, 3, 4, 6, 2, 5, 1};

    public Chord {
        tones = List.copyOf(tones);
        if (tones.isEmpty() || tones.get(0) != 0) {
            throw new IllegalArgumentException("chord '" + symbol + "' must start on its root");
        }
    }

    /** @param minorKey count degrees on the natural minor scale */
    public static Chord parse(String symbol, boolean minorKey) {
        String s = symbol.trim();
        int shift = 0;
        while (s.startsWith("b") || s.startsWith("#")) {
            shift += s.charAt(0) == 'b' ? -1 : 1;
            s = s.substring(1);
        }
        String upper = s.toUpperCase(java.util.Locale.ROOT);
        for (int k = 0; k < NUMERALS.length; k++) {
            if (upper.startsWith(NUMERALS[k])) {
                String numeral = s.substring(0, NUMERALS[k].length());
                String rest = s.substring(NUMERALS[k].length());
                boolean major = numeral.equals(numeral.toUpperCase(java.util.Locale.ROOT));
                int degree = NUMERAL_DEGREE[k];
                int root = Math.floorMod((minorKey ? MINOR_DEGREES : MAJOR_DEGREES)[degree - 1] + shift, 12);
                List<Integer> tones = new ArrayList<>();
                tones.add(0);
                boolean dim = rest.startsWith("°") || rest.startsWith("dim") || rest.startsWith("o");
                tones.add(major && !dim ? 4 : 3);
                tones.add(dim ? 6 : 7);
                if (rest.contains("maj7")) {
                    tones.add(11);
                } else if (rest.contains("7")) {
                    tones.add(dim && rest.contains("°7") ? 9 : 10);
                }
                return new Chord(symbol.trim(), root, tones);
            }
        }
        throw new IllegalArgumentException("chord '" + symbol + "' is not a Roman numeral (I..VII, i..vii)");
    }

    /** True when {@code pitch} is one of this chord's tones in the key of {@code tonic}. */
    public boolean contains(int tonic, int pitch) {
        int pc = Math.floorMod(pitch - tonic - root, 12);
        return tones.contains(pc);
    }

    /** The pitch class (0..11) of this chord's root in the key of {@code tonic}. */
    public int rootClass(int tonic) {
        return Math.floorMod(tonic + root, 12);
    }

    @Override
    public String toString() {
        return symbol;
    }
}
