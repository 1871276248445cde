package org.hitlmidi.panel;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the panel remembers between runs (the device remembers its own settings): whether it opens in stage
 * mode. Kept with java.util.prefs (per user, where the platform keeps such things); tests give a node of their own.
 */
public final class PanelSettings {
    private static final String STAGE = "stageMode";
    private final Preferences node;

    public PanelSettings(Preferences node) {
        this.node = node;
    }

    /** The user's settings for the panel. */
    public static PanelSettings user() {
        return new PanelSettings(Preferences.userRoot().node("org/hitlmidi/panel"));
    }

    public boolean stageMode() {
        return node.getBoolean(STAGE, false);
    }

    public void stageMode(boolean on) {
        node.putBoolean(STAGE, on);
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // kept for this run; the platform's store refused to save it for the next
        }
    }
}
