package org.hitlmidi.control;

import java.util.Locale;

/** The error codes of docs/protocol.md; the wire form is the lower-case name. */
public enum ErrorCode {
    /** Not JSON, not an object, too long, invalid UTF-8. */
    BAD_REQUEST,
    UNKNOWN_COMMAND,
    /** A field missing, of the wrong type or out of range. */
    BAD_VALUE,
    /** No such profile, kept track or port. */
    NOT_FOUND,
    /** A trackId that is no longer the current track. */
    STALE,
    /** The store or a port failed; the message says why. */
    FAILED,
    /**
     * The last line on a connection the device closes because it sent no request for the idle time and has no
     * subscription; a request that arrives after it is not done.
     */
    IDLE_TIMEOUT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The code of a wire id; an id this version does not know reads as FAILED rather than breaking a client. */
    public static ErrorCode of(String id) {
        for (ErrorCode c : values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return FAILED;
    }
}
