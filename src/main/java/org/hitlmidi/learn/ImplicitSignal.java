package org.hitlmidi.learn;

import java.util.Locale;

/**
 * What a listener does with a track besides rating it: skipping it to the next one, keeping (bookmarking) it,
 * or exporting it as a .mid file. Learners may read a skip as a low rating and a keep or export as a high one.
 */
public enum ImplicitSignal {
    SKIP, KEEP, EXPORT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
