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
     * {@code --socket} when given, else $XDG_RUNTIME_DIR/hitl-midi/control.sock, else
     * {@code <data dir>/run/control.sock}.
     */
    public static Path socket(Optional<Path> override, Map<String, String> env, Path dataDir) {
        if (override.isPresent()) {
            return override.get().toAbsolutePath();
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        Path dir = xdg != null && !xdg.isBlank() ? Path.of(xdg).resolve("hitl-midi") : dataDir.resolve("run");
        return dir.resolve(SOCKET_FILE).toAbsolutePath();
    }

    public static Path socket(Optional<Path> override, Path dataDir) {
        return socket(override, System.getenv(), dataDir);
    }

    /**
     * Makes the socket's folder: created mode 0700 when missing; the default folders (ours alone) are set to
     * 0700 when they exist with other modes. A folder the user named with --socket is not changed.
     */
    static void prepareDirectory(Path socket, boolean ours) throws IOException {
        Path dir = socket.getParent();
        if (!Files.isDirectory(dir)) {
            if (posix(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
                Files.setPosixFilePermissions(dir, DIR_MODE); // the umask may have narrowed the create mode
            } else {
                Files.createDirectories(dir);
            }
        } else if (ours && posix(dir) && !Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(DIR_MODE)) {
            Files.setPosixFilePermissions(dir, DIR_MODE);
        }
        if (socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new IOException("the socket path " + socket + " is longer than the " + MAX_PATH_BYTES
                    + " bytes a Unix socket allows; pass a shorter --socket PATH");
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
