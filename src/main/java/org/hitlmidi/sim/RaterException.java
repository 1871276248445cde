package org.hitlmidi.sim;

/** A rater that cannot give a rating: it answered nonsense, an error, too late, or died. */
public class RaterException extends Exception {
    public RaterException(String message) {
        super(message);
    }

    public RaterException(String message, Throwable cause) {
        super(message, cause);
    }
}
