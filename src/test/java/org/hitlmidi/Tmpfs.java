package org.hitlmidi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A small real file system (tmpfs) for storage faults: a full disk, a read-only one. Needs root, as in CI. */
public final class Tmpfs implements AutoCloseable {
    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code size} (e.g. "192k", "4m") on {@code dir}; the test is skipped when not root. */
    public static Tmpfs mount(Path dir, String size) throws IOException, InterruptedException {
        Required.root("mounting a tmpfs");
        Files.createDirectories(dir);
        ExternalTools.check(List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString()));
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Remounts with other options ("remount,ro", "remount,size=4m"). */
    public void remount(String options) throws IOException, InterruptedException {
        ExternalTools.check(List.of("mount", "-o", options, dir.toString()));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        ExternalTools.run(List.of("umount", "-l", dir.toString()), 30);
    }
}
