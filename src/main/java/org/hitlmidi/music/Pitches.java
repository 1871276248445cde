package org.hitlmidi.music;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Note names and MIDI numbers, with C4 = 60 (scientific pitch notation, as most DAWs outside Yamaha's). */
public final class Pitches {
    public static final int MIN = 0;
    public static final int MAX = 127;

    private static final Pattern NAME = Pattern.compile("([A-Ga-g])([#sb♯♭]*)(-?\\d+)");
    private static final int[] NATURAL = {9, 11, 0, 2, 4, 5, 7}; // A B C D E F G
    private static final String[] SHARP_NAMES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

    private Pitches() {
    }

    /**
     * Parses "C4", "F#3", "Bb2", "c#-1" or a plain MIDI number "60".
     *
     * @throws IllegalArgumentException naming what is allowed when the text is no note in 0..127
     */
    public static int parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.matches("\\d{1,3}")) {
            return check(Integer.parseInt(t), text);
        }
        Matcher m = NAME.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown note '" + text
                    + "': use a name with octave such as C4, F#3, Bb2 (C4 = 60) or a MIDI number 0..127");
        }
        int pc = NATURAL[Character.toUpperCase(m.group(1).charAt(0)) - 'A'];
        for (char c : m.group(2).toCharArray()) {
            pc += (c == 'b' || c == '♭') ? -1 : 1;
        }
        int octave = Integer.parseInt(m.group(3));
        return check((octave + 1) * 12 + pc, text);
    }

    /** The name of a MIDI number with sharps, e.g. 61 -> "C#4". */
    public static String name(int midi) {
        check(midi, String.valueOf(midi));
        return SHARP_NAMES[midi % 12] + (midi / 12 - 1);
    }

    /** Pitch class 0..11 (C = 0). */
    public static int pitchClass(int midi) {
        return Math.floorMod(midi, 12);
    }

    private static int check(int midi, String text) {
        if (midi < MIN || midi > MAX) {
            throw new IllegalArgumentException("note '" + text + "' is outside the MIDI range 0..127 (C-1..G9)");
        }
        return midi;
    }
}
