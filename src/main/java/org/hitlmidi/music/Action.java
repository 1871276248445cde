package org.hitlmidi.music;

/** An edit applied to one note index of a track. */
public record Action(ActionType type, int index) {
    public Action {
        if (type == null) {
            throw new IllegalArgumentException("action type is missing");
        }
        if (index < 0) {
            throw new IllegalArgumentException("note index " + index + " is negative");
        }
    }

    @Override
    public String toString() {
        return type.name().toLowerCase(java.util.Locale.ROOT) + "@" + index;
    }
}
