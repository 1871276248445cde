package org.hitlmidi.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The device's side of the CLI's quick path (the {@code cli} request): the next command line's picocli tree is built
 * ahead, on a thread of its own, so a command does not wait for picocli to read every command's annotations (most of
 * what a session command cost in the device, and all of it in a device that had not run one yet). Each tree runs
 * one command line; taking one starts the next.
 */
final class TreesAhead implements AutoCloseable {
    private final Supplier<Main.Tree> build;
    /** One thread, gone when idle for a while (a device in a test JVM leaves none behind). */
    private final ExecutorService builder = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "cli-tree-ahead");
                t.setDaemon(true);
                return t;
            });
    private CompletableFuture<Main.Tree> next; // guarded by this

    TreesAhead() {
        this(Main::tree);
    }

    TreesAhead(Supplier<Main.Tree> build) {
        this.build = build;
        this.next = CompletableFuture.supplyAsync(build, builder);
    }

    /** The tree built ahead (waiting for it while it is built), and the next one started. */
    Main.Tree take() {
        CompletableFuture<Main.Tree> f;
        synchronized (this) {
            f = next;
            next = builder.isShutdown() ? null : CompletableFuture.supplyAsync(build, builder);
        }
        try {
            return f != null ? f.join() : build.get();
        } catch (CompletionException e) {
            return build.get(); // the error again, where the command line runs
        }
    }

    @Override
    public void close() {
        builder.shutdownNow();
    }
}
