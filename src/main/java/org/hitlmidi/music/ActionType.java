package org.hitlmidi.music;

/** The paper's six edits, in the paper's order (0..5). */
public enum ActionType {
    PITCH_UP,
    PITCH_DOWN,
    DURATION_UP,
    DURATION_DOWN,
    PERCUSSION_CHANGE,
    NOTE_REMOVAL;

    private static final ActionType[] ALL = values();

    public static ActionType of(int paperIndex) {
        if (paperIndex < 0 || paperIndex >= ALL.length) {
            throw new IllegalArgumentException("action type " + paperIndex + " outside 0..5");
        }
        return ALL[paperIndex];
    }

    public static int count() {
        return ALL.length;
    }
}
