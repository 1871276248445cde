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

    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> DIR_MODE =
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> FILE_MODE =
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");

    /**
     * Makes {@code dir} a folder only its user can enter: created mode 0700 when missing (whatever the umask), set to
     * 0700 when it exists with looser modes (a data dir made by an older hitl-midi, or by hand). A symlink to a folder
     * is followed (a data dir moved to another disk), but its target is made private the same way.
     */
    public static Path privateDir(Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            if (posix(dir)) {
                java.nio.file.Files.createDirectories(dir,
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(DIR_MODE));
            } else {
                java.nio.file.Files.createDirectories(dir);
            }
        }
        if (posix(dir) && !java.nio.file.Files.getPosixFilePermissions(dir).equals(DIR_MODE)) {
            java.nio.file.Files.setPosixFilePermissions(dir, DIR_MODE);
        }
        return dir;
    }

    /**
     * Makes {@code file} (in a folder that exists) readable by its user alone: created empty with mode 0600 when
     * missing, set to 0600 when it exists with looser modes. A symlink is refused, never followed: another user's
     * link must not make us write (or chmod) the file it points to.
     */
    public static Path privateFile(Path file) throws java.io.IOException {
        if (java.nio.file.Files.isSymbolicLink(file)) {
            throw new java.io.IOException(file + " is a symbolic link; hitl-midi does not follow links for its own"
                    + " files (move it away)");
        }
        if (!posix(file)) {
            return file;
        }
        try {
            java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(FILE_MODE));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // an existing file: only its modes may need narrowing
        }
        var attrs = java.nio.file.Files.readAttributes(file, java.nio.file.attribute.PosixFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
            throw new java.io.IOException(file + " is a symbolic link; hitl-midi does not follow links for its own files"
                    + " (move it away)");
        }
        if (attrs.isRegularFile() && !attrs.permissions().equals(FILE_MODE)) {
            java.nio.file.Files.setPosixFilePermissions(file, FILE_MODE);
        }
        return file;
    }

    /** The attributes to create a private file with (mode 0600), none where the OS has no POSIX modes. */
    public static java.nio.file.attribute.FileAttribute<?>[] privateFileAttributes(Path file) {
        return posix(file) ? new java.nio.file.attribute.FileAttribute<?>[] {
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(FILE_MODE)} : new java.nio.file.attribute.FileAttribute<?>[0];
    }

    /** Tightens an existing file of ours to 0600 (SQLite's WAL and shared-memory files); no-op when it is missing. */
    public static void tightenIfExists(Path file) throws java.io.IOException {
        if (java.nio.file.Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            privateFile(file);
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
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
