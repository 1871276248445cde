package org.hitlmidi.store;

/** The store cannot do what was asked; the message says why in words and the file is left as it was. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
