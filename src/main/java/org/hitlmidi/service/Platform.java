package org.hitlmidi.service;

import java.util.Locale;

/** The user-level service managers we write files for. */
public enum Platform {
    /** Linux: a systemd user unit, driven with {@code systemctl --user}. */
    SYSTEMD,
    /** macOS: a launchd agent, driven with {@code launchctl}. */
    LAUNCHD;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The platform of an OS name (System's os.name); Windows has none (see README: the Startup folder). */
    public static Platform of(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            throw new IllegalArgumentException("no background service manager on Windows: put a shortcut to "
                    + "'hitl-midi device' in shell:startup (see README)");
        }
        return os.contains("mac") || os.contains("darwin") ? LAUNCHD : SYSTEMD;
    }

    public static Platform parse(String text) {
        for (Platform p : values()) {
            if (p.id().equalsIgnoreCase(text.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown service platform '" + text + "': use systemd or launchd");
    }
}
