package org.hitlmidi.control;

import java.util.Optional;
import java.util.OptionalInt;

/** Who this process runs as, where the OS has Unix users (Linux, macOS). */
public final class Users {
    private static final OptionalInt UID;
    private static final Optional<String> NAME;

    static {
        OptionalInt uid = OptionalInt.empty();
        Optional<String> name = Optional.empty();
        try {
            com.sun.security.auth.module.UnixSystem u = new com.sun.security.auth.module.UnixSystem();
            uid = OptionalInt.of((int) u.getUid());
            name = Optional.ofNullable(u.getUsername());
        } catch (LinkageError | RuntimeException e) {
            // not a Unix (Windows): no uid to compare; callers fall back to what the OS offers
        }
        UID = uid;
        NAME = name;
    }

    private Users() {
    }

    /** Our real uid, or empty on an OS without Unix users. */
    public static OptionalInt uid() {
        return UID;
    }

    /** Our user's name as the OS reports a peer's (SO_PEERCRED) or a file's owner, or empty. */
    public static Optional<String> name() {
        return NAME;
    }
}
