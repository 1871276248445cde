package org.hitlmidi.store;

import java.time.Instant;
import org.hitlmidi.music.TrackParams;

/** A user or a project: its learner preset, its track parameters, and (in the store) its ratings. */
public record Profile(long id, String name, String learner, TrackParams params, Instant created) {
    public static final String DEFAULT = "default";

    public Profile {
        // what an older version stored (a name ending in a space) must still load, to be renamed or deleted
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}")) {
            checkName(name);
        }
    }

    /**
     * A name for a new profile, or one asked for: letters, digits, spaces, '.', '_', '-', beginning and ending with
     * no space ("default " would be a second profile that looks the same as "default").
     */
    public static String checkName(String name) {
        if (name != null && !name.isEmpty() && !name.strip().isEmpty() && !name.equals(name.strip())) {
            throw new IllegalArgumentException("profile name '" + name + "' begins or ends with a space; did you mean '"
                    + name.strip() + "'?");
        }
        if (name == null || !name.matches("[A-Za-z0-9]([A-Za-z0-9 ._-]{0,62}[A-Za-z0-9._-])?")) {
            throw new IllegalArgumentException("profile name '" + name
                    + "' must be 1..64 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }
}
