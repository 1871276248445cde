package org.hitlmidi.store;

import java.time.Instant;
import org.hitlmidi.music.TrackParams;

/** A user or a project: its learner preset, its track parameters, and (in the store) its ratings. */
public record Profile(long id, String name, String learner, TrackParams params, Instant created) {
    public static final String DEFAULT = "default";

    public Profile {
        checkName(name);
    }

    public static String checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}")) {
            throw new IllegalArgumentException("profile name '" + name
                    + "' must be 1..64 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }
}
