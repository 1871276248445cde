package org.hitlmidi.learn;

import org.hitlmidi.music.Action;
import org.hitlmidi.music.Track;

/** The edit whose result the listener heard: from {@code before}, {@code action} made {@code after}. */
public record Transition(Track before, Action action, Track after) {
    public Transition {
        if (before == null || action == null || after == null) {
            throw new IllegalArgumentException("a transition needs before, action and after");
        }
    }
}
