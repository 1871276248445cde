package org.hitlmidi.preset;

/**
 * What a config record's compact constructor throws for a value it refuses: the field (its JSON path inside the
 * record, "" for the value itself) and what is wrong. {@link Configs#bind} puts the file and the path of the record in
 * the file in front, so the user reads "presets/learners/mine.json: field exploration.epsilon: 2 is outside [0, 1]".
 */
public final class InvalidField extends IllegalArgumentException {
    private final String field;

    public InvalidField(String field, String what) {
        super(what);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
