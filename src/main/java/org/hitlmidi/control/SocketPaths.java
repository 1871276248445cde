package org.hitlmidi.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Where the control socket lives and how its folder is made private. */
public final class SocketPaths {
    public static final String SOCKET_FILE = "control.sock";
    /** sun_path is 108 bytes on Linux and 104 on macOS, terminator included. */
    public static final int MAX_PATH_BYTES = 103;
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-------");

    private SocketPaths() {
    }

    /**
     * {@code --socket} when given; else, for the default data dir, $XDG_RUNTIME_DIR/hitl-midi/control.sock, and for
     * any other data dir $XDG_RUNTIME_DIR/hitl-midi/HASH/control.sock (HASH: the first 16 hex digits of the SHA-256
     * of its absolute path), so that each data dir has a device of its own; without XDG_RUNTIME_DIR
     * {@code <data dir>/run/control.sock}.
     */
    public static Path socket(Optional<Path> override, Map<String, String> env, Path dataDir, Path defaultDataDir) {
        if (override.isPresent()) {
            return override.get().toAbsolutePath();
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg == null || xdg.isBlank()) {
            return dataDir.resolve("run").resolve(SOCKET_FILE).toAbsolutePath();
        }
        Path dir = Path.of(xdg).resolve("hitl-midi");
        String data = canonical(dataDir);
        if (!data.equals(canonical(defaultDataDir))) {
            dir = dir.resolve(hash(data));
        }
        return dir.resolve(SOCKET_FILE).toAbsolutePath();
    }

    public static Path socket(Optional<Path> override, Path dataDir, Path defaultDataDir) {
        return socket(override, System.getenv(), dataDir, defaultDataDir);
    }

    /** The real path when the folder exists (a symlinked data dir is the same device), else the normal one. */
    private static String canonical(Path dir) {
        Path p = dir.toAbsolutePath().normalize();
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toString();
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
    }

    /**
     * Makes the socket's folder safe before anything is bound in it. The default folders ({@code ours}: the socket's
     * folder, and {@code $XDG_RUNTIME_DIR/hitl-midi} above a per-data-dir one) are created mode 0700, and when they
     * exist must be real folders (not symlinks) owned by us, and are set to 0700: a folder another user made, or left
     * open, would let them replace the socket. A folder the user named with --socket is created 0700 when missing;
     * when it exists it must be ours or root's (like /tmp), and its mode is the user's choice (the peer check still
     * stands behind it).
     */
    static void prepareDirectory(Path socket, boolean ours) throws IOException {
        Path dir = socket.getParent();
        if (ours) {
            Path top = dir.getParent();
            if (top != null && top.getFileName() != null && top.getFileName().toString().equals("hitl-midi")
                    && dir.getFileName().toString().matches("[0-9a-f]{16}")) {
                secure(top);
            }
            secure(dir);
        } else if (!Files.isDirectory(dir)) {
            createPrivate(dir);
        } else if (posix(dir)) {
            int uid = (Integer) Files.getAttribute(dir, "unix:uid");
            if (uid != 0 && Users.uid().isPresent() && uid != Users.uid().getAsInt()) {
                throw new IOException("the socket's folder " + dir + " belongs to another user (uid " + uid
                        + "), who could replace the socket; pass a --socket PATH in a folder of yours");
            }
        }
        if (socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new IOException("the socket path " + socket + " is longer than the " + MAX_PATH_BYTES
                    + " bytes a Unix socket allows; pass a shorter --socket PATH");
        }
    }

    /** Creates {@code dir} 0700 (whatever the umask), or checks an existing one is a real folder of ours, and makes it 0700. */
    private static void secure(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            createPrivate(dir);
        }
        if (!posix(dir)) {
            return;
        }
        java.nio.file.attribute.PosixFileAttributes a = Files.readAttributes(dir,
                java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink() || !a.isDirectory()) {
            throw new IOException("the socket's folder " + dir + " is " + (a.isSymbolicLink() ? "a symbolic link"
                    : "not a folder") + "; the device uses only a real folder of its user there. Remove it and"
                    + " start again (it was left untouched)");
        }
        int uid = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (Users.uid().isPresent() && uid != Users.uid().getAsInt()) {
            throw new IOException("the socket's folder " + dir + " belongs to another user (uid " + uid + "), who"
                    + " could replace the socket; remove it (as that user or root) and start again (it was left"
                    + " untouched)");
        }
        if (!a.permissions().equals(DIR_MODE)) {
            Files.setPosixFilePermissions(dir, DIR_MODE);
        }
    }

    private static void createPrivate(Path dir) throws IOException {
        if (posix(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            Files.setPosixFilePermissions(dir, DIR_MODE); // the umask may have narrowed the create mode
        } else {
            Files.createDirectories(dir);
        }
    }

    static void restrict(Path socket) throws IOException {
        if (posix(socket.getParent())) {
            Files.setPosixFilePermissions(socket, SOCKET_MODE);
        }
    }

    private static boolean posix(Path p) {
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** The type bits of st_mode, and the socket type among them. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    /**
     * Why {@code path} (which exists) is not a socket file of ours, or null when it is one: only such a file may be
     * removed as a crashed device's leftover. Anything else (the database a mistyped --socket names, a symlink, a
     * socket of another user) is left alone. Where the OS tells no owner or type (Windows), only a socket Java can
     * tell apart from a regular file would do, so nothing is ever removed there.
     */
    public static String notOurSocket(Path path) {
        java.util.Map<String, Object> a;
        try {
            a = Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return "the OS cannot tell what kind of file it is";
        } catch (IOException e) {
            return "it cannot be examined (" + e.getMessage() + ")";
        }
        int mode = (Integer) a.get("mode");
        if ((mode & S_IFMT) != S_IFSOCK) {
            return "it is " + kind(mode) + ", not a socket";
        }
        OptionalInt me = Users.uid();
        int uid = (Integer) a.get("uid");
        if (me.isEmpty() || me.getAsInt() != uid) {
            return "it is a socket of another user (uid " + uid + ")";
        }
        return null;
    }

    private static String kind(int mode) {
        return switch (mode & S_IFMT) {
            case 0100000 -> "a regular file";
            case 0040000 -> "a directory";
            case 0120000 -> "a symbolic link";
            case 0010000 -> "a FIFO";
            case 0020000, 0060000 -> "a device";
            default -> "a special file";
        };
    }

    /** The file's inode and device, to tell later whether the name still means the same file; null where unknown. */
    static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** True when something accepts connections on {@code socket}. */
    public static boolean answers(Path socket) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }
}
