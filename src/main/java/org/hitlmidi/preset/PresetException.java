package org.hitlmidi.preset;

/** A preset that cannot be found or read; the message names the file and the field. */
public class PresetException extends IllegalArgumentException {
    public PresetException(String message) {
        super(message);
    }

    public PresetException(String message, Throwable cause) {
        super(message, cause);
    }
}
