package org.hitlmidi.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Where a user's data lives, per platform; {@code --data-dir} overrides. */
public final class DataDirs {
    public static final String APP = "hitl-midi";
    public static final String DB_FILE = "hitl-midi.db";

    private DataDirs() {
    }

    /**
     * Linux and other Unix: $XDG_DATA_HOME/hitl-midi, else ~/.local/share/hitl-midi; macOS:
     * ~/Library/Application Support/hitl-midi; Windows: %APPDATA%\hitl-midi.
     */
    public static Path dataDir(Optional<Path> override, Map<String, String> env, String osName, String home) {
        if (override.isPresent()) {
            return override.get().toAbsolutePath();
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = env.get("APPDATA");
            return (appData != null && !appData.isBlank() ? Path.of(appData) : Path.of(home, "AppData", "Roaming"))
                    .resolve(APP);
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return Path.of(home, "Library", "Application Support", APP);
        }
        String xdg = env.get("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "share")).resolve(APP);
    }

    public static Path dataDir(Optional<Path> override) {
        return dataDir(override, System.getenv(), System.getProperty("os.name"), System.getProperty("user.home"));
    }

    /** Deletes a temporary folder and what is in it; what cannot be deleted stays (a temp folder left is harmless). */
    public static void deleteTree(Path dir) {
        try (var s = java.nio.file.Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // already gone, or unreadable: nothing more to do
        }
    }
}
