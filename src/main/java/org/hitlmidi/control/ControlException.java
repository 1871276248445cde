package org.hitlmidi.control;

/** A request that cannot be done: becomes an error reply with {@link #code()}, or is thrown by the client. */
public class ControlException extends RuntimeException {
    private final ErrorCode code;

    public ControlException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ControlException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
