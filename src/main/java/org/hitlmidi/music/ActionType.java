package org.hitlmidi.music;

/**
 * The paper's six edits, in the paper's order (0..5), then {@link #COMPOSE}: not an edit but the move of a
 * learner that writes the next track itself (a fresh draw from the session's parameters, or several edits at
 * once), so that every track a listener hears still has a transition to credit.
 */
public enum ActionType {
    PITCH_UP,
    PITCH_DOWN,
    DURATION_UP,
    DURATION_DOWN,
    PERCUSSION_CHANGE,
    NOTE_REMOVAL,
    /** The learner composed the track itself; the note index is unused (0). As an edit it changes nothing. */
    COMPOSE;

    private static final ActionType[] ALL = values();

    public static ActionType of(int paperIndex) {
        if (paperIndex < 0 || paperIndex >= ALL.length) {
            throw new IllegalArgumentException("action type " + paperIndex + " outside 0.." + (ALL.length - 1));
        }
        return ALL[paperIndex];
    }

    public static int count() {
        return ALL.length;
    }
}
