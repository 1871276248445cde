package org.hitlmidi.midi;

/** A port that cannot be opened: the backend is missing, its server does not run, the device is busy. */
public class PortException extends Exception {
    public PortException(String message) {
        super(message);
    }

    public PortException(String message, Throwable cause) {
        super(message, cause);
    }
}
