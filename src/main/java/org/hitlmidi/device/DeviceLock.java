package org.hitlmidi.device;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.hitlmidi.store.DataDirs;

/**
 * One device per data directory: an OS file lock on {@code <data dir>/device.lock}, released by the OS when
 * the process dies however it dies, so a crash never leaves a stale lock. The file holds the owner's pid
 * for the message a second device shows.
 */
public final class DeviceLock implements AutoCloseable {
    public static final String FILE = "device.lock";
    private final FileChannel channel;
    private final FileLock lock;

    private DeviceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws DeviceLockedException when another device holds the lock */
    public static DeviceLock acquire(Path dataDir) throws IOException {
        DataDirs.privateDir(dataDir);
        Path f = dataDir.resolve(FILE);
        FileChannel ch;
        try {
            // never through a symlink: the pid written below would overwrite whatever file it points to
            ch = FileChannel.open(f, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), DataDirs.privateFileAttributes(f));
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(f)) {
                throw new IOException(f + " is a symbolic link; the device does not follow it (it would overwrite"
                        + " the file it points to). Remove the link and start again", e);
            }
            throw e;
        }
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // held by this very JVM (a second device in one process)
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            String owner = "";
            try {
                ByteBuffer b = ByteBuffer.allocate(32); // a pid and a newline
                ch.read(b, 0);
                owner = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
            } catch (IOException ignored) {
                // the message just lacks the pid
            }
            ch.close();
            throw new DeviceLockedException("a hitl-midi device is already running on " + dataDir
                    + (owner.isEmpty() ? "" : " (pid " + owner + ")") + "; use it, or 'hitl-midi stop' it first");
        }
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            l.release();
            ch.close();
            throw new IOException(f + " is not a regular file; move it away and start again");
        }
        DataDirs.privateFile(f); // a lock file of an older hitl-midi was 0644
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(false);
        return new DeviceLock(ch, l);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS drops the lock with the process anyway
        }
    }

    /** Another device owns the data directory. */
    public static final class DeviceLockedException extends IOException {
        public DeviceLockedException(String message) {
            super(message);
        }
    }
}
