package org.hitlmidi.device;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import org.hitlmidi.store.DataDirs;

/**
 * The device's log, {@code <data dir>/logs/device.log}: one timestamped line per event, appended (O_APPEND, so
 * a JVM crash report redirected into the same file by {@code start} interleaves by whole writes), and echoed
 * to a console stream in the foreground.
 */
public final class DeviceLog implements Consumer<String>, AutoCloseable {
    public static final String FILE = "device.log";
    private final Path file;
    private final OutputStream out;
    private final PrintStream echo;

    private DeviceLog(Path file, OutputStream out, PrintStream echo) {
        this.file = file;
        this.out = out;
        this.echo = echo;
    }

    /** @param echo where lines also go (stderr in the foreground), or null */
    public static DeviceLog open(Path dataDir, PrintStream echo) throws IOException {
        Path f = prepare(dataDir);
        try {
            return new DeviceLog(f, Files.newOutputStream(f, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), echo);
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException("cannot open the log " + f + ": " + (e.getReason() != null ? e.getReason()
                    : e.getClass().getSimpleName()), e);
        }
    }

    /**
     * Makes {@code logs/} (0700) and {@code device.log} (0600, never through a symlink) in the data dir, for the device
     * and for {@code start}, which sends the child's output there. Returns the log file.
     */
    public static Path prepare(Path dataDir) throws IOException {
        Path f = file(dataDir);
        try {
            DataDirs.privateDir(dataDir);
            DataDirs.privateDir(f.getParent());
            return DataDirs.privateFile(f);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IOException("cannot create the log folder " + f.getParent() + ": " + e.getFile()
                    + " is in the way (a file, not a folder); move it away", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("cannot create the log " + f + ": permission denied on " + e.getFile(), e);
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException("cannot create the log " + f + ": " + (e.getReason() != null ? e.getReason()
                    : e.getClass().getSimpleName()) + " (" + e.getFile() + ")", e);
        }
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve("logs").resolve(FILE);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void accept(String message) {
        String line = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + escape(message) + "\n";
        try {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // a full disk must not stop the music; the console still shows the line
        }
        if (echo != null) {
            echo.print(line);
            echo.flush();
        }
    }

    /**
     * One call, one line: control characters (a newline in a client's export path, a carriage return, an escape
     * sequence for the terminal) and Unicode line breaks are written as {@code \n}, {@code \r}, {@code \x1b},
     * and U+2028 as a backslash, u and its hex digits, so no value can forge a line of its own or repaint the console.
     */
    static String escape(String message) {
        StringBuilder b = null;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            boolean control = c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x2029;
            if (control && b == null) {
                b = new StringBuilder(message.length() + 16).append(message, 0, i);
            }
            if (b == null) {
                continue;
            }
            if (!control) {
                b.append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c < 0x100) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b == null ? message : b.toString();
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing buffered: every line was flushed
        }
    }
}
