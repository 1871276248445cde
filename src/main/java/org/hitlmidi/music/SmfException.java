package org.hitlmidi.music;

/** A Standard MIDI File that cannot be read or written, with the reason in words. */
public class SmfException extends Exception {
    public SmfException(String message, Throwable cause) {
        super(message, cause);
    }

    public SmfException(String message) {
        super(message);
    }
}
