package org.hitlmidi.midi;

import java.util.Locale;

/** What a controller's knob, fader, pad or button does (docs/controllers.md). */
public enum Control {
    OVERALL(false), MUSICALITY(false), NOVELTY(false), COHERENCE(false), EXPLORATION(false),
    RATE(true), NEXT(true), REPLAY(true), UNDO(true), KEEP(true), PANIC(true);

    private final boolean button;

    Control(boolean button) {
        this.button = button;
    }

    public boolean isButton() {
        return button;
    }

    /** A rating knob: overall or a sub-rating. */
    public boolean isRating() {
        return !button && this != EXPLORATION;
    }

    /** The name in mapping files, e.g. "overall". */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Control ofKey(String key) {
        for (Control c : values()) {
            if (c.key().equals(key)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no control named '" + key + "'");
    }
}
