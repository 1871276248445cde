package org.hitlmidi.control;

import java.nio.file.Path;

/** Nothing answers on the control socket. */
public class DeviceNotRunningException extends java.io.IOException {
    private final transient Path socket;

    public DeviceNotRunningException(Path socket, Throwable cause) {
        super("no device running (nothing answers on " + socket + "); start one with 'hitl-midi start'", cause);
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }
}
