package org.hitlmidi.learn;

import java.util.Locale;

/** The sub-ratings of the paper's evaluation, which may also be rated while listening. */
public enum Aspect {
    MUSICALITY, NOVELTY, COHERENCE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Aspect parse(String s) {
        for (Aspect a : values()) {
            if (a.id().equalsIgnoreCase(s.strip())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown sub-rating '" + s + "': use musicality, novelty or coherence");
    }
}
